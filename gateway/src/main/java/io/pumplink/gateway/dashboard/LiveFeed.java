package io.pumplink.gateway.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.pumplink.gateway.link.LinkSnapshot;
import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.gateway.publish.Dispatcher;
import io.pumplink.gateway.publish.GatewayMessages;
import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.AlarmState;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.ReservoirStatus;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's view of the gateway, fed by the very envelopes the gateway publishes to MQTT (a tap on the
 * publish loop) and by the link supervisors' snapshots (every second). Keeps the latest state of every
 * retained-kind topic (identity, reservoir, flow, battery, therapy summary, active alarms, programmer status) and
 * of each pump's last interrogation, plus bounded histories: the last {@value #RESERVOIR_POINTS} reservoir readings
 * per pump and the last {@value #ALARM_EVENTS} alarm events. The gateway's own alerts come through as the alarm
 * events and active sets they are published in, so the page shows them beside the pumps' alarms. Every change goes to the subscribers as one Server-Sent Event
 * (JSON, the Protobuf JSON mapping of the envelope), and a new subscriber first gets a snapshot of all of it.
 *
 * <p>Patient references never leave the gateway through here: every {@code patient_ref} field is cleared before
 * an envelope becomes JSON. Each subscriber has a bounded queue; one that falls behind (a slow or stalled browser)
 * is dropped, so the publish loop never waits for a browser. A subscriber's callbacks never run under the feed's
 * lock, and run on the subscriber's own executor, so one that is slow or throws holds up neither the gateway nor the
 * other subscribers ({@link Subscribers}). Thread-safe.
 */
public final class LiveFeed implements AutoCloseable {
    public static final int RESERVOIR_POINTS = 200;
    public static final int ALARM_EVENTS = 100;
    public static final int DEFAULT_CLIENT_QUEUE = 512;
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final String gatewayId;
    private final String version;
    private final long startedAtMs;
    private final Supplier<List<LinkSnapshot>> links;
    private final LongSupplier wallClockMs;
    private final Subscribers subscribers;
    private final Object lock = new Object();
    private final Map<String, ObjectNode> state = new TreeMap<>();
    private final Map<String, Deque<ObjectNode>> reservoirHistory = new TreeMap<>();
    private final Deque<ObjectNode> alarmHistory = new ArrayDeque<>();
    private final Map<String, Map<Integer, ObjectNode>> programmerAlarms = new TreeMap<>();
    private ArrayNode latestLinks = NODES.arrayNode();

    /**
     * @param links       the gateway's links as they stand now (read by {@link #refreshLinks})
     * @param clientQueue events a subscriber may have waiting before it is dropped
     */
    public LiveFeed(String gatewayId, String version, long startedAtMs, Supplier<List<LinkSnapshot>> links,
                    LongSupplier wallClockMs, int clientQueue) {
        this.gatewayId = gatewayId;
        this.version = version;
        this.startedAtMs = startedAtMs;
        this.links = links;
        this.wallClockMs = wallClockMs;
        this.subscribers = new Subscribers(clientQueue);
    }

    /**
     * The publish loop's tap: every publication the gateway sends to the broker. The Protobuf ones are read back
     * into their envelope; the JSON mirror (the same data again) and anything unreadable are skipped. Never throws.
     */
    public void accept(Publication publication) {
        if (!Dispatcher.CONTENT_TYPE.equals(publication.contentType())) {
            return;
        }
        try {
            accept(publication.topic(), Envelope.parseFrom(publication.payload()));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            LOG.warn("dashboard skipped a publication on {}: {}", publication.topic(), e.toString());
        }
    }

    /** One envelope as published on {@code topic}. */
    public void accept(String topic, Envelope published) {
        Envelope envelope = Redaction.strip(published);
        ObjectNode item = NODES.objectNode();
        item.put("topic", topic);
        Subscribers.Delivery delivery;
        synchronized (lock) {
            delivery = switch (envelope.getBodyCase()) {
                case PUMP_IDENTITY -> state(item, "identity", envelope.getPumpIdentity().getPumpSerial(), envelope);
                case RESERVOIR_STATUS -> {
                    ReservoirStatus reservoir = envelope.getReservoirStatus();
                    reservoirPoint(reservoir);
                    yield state(item, "reservoir", reservoir.getPumpSerial(), envelope);
                }
                case FLOW_STATUS -> state(item, "flow", envelope.getFlowStatus().getPumpSerial(), envelope);
                case BATTERY_STATUS -> state(item, "battery", envelope.getBatteryStatus().getPumpSerial(), envelope);
                case THERAPY_SUMMARY -> state(item, "therapy", envelope.getTherapySummary().getPumpSerial(), envelope);
                case ACTIVE_ALARMS -> state(item, "activeAlarms", envelope.getActiveAlarms().getPumpSerial(),
                        envelope);
                case PROGRAMMER_STATUS -> state(item, "programmerStatus",
                        envelope.getHeader().getProgrammerSerial(), envelope);
                case INTERROGATION_RECORD -> state(item, "interrogation",
                        envelope.getInterrogationRecord().getPumpSerial(), envelope);
                case ALARM -> alarm(item, envelope);
                // link and gateway status come from the supervisors directly; nothing else is shown
                default -> Subscribers.Delivery.NONE;
            };
        }
        delivery.run();
    }

    private Subscribers.Delivery state(ObjectNode item, String kind, String serial, Envelope envelope) {
        item.put("kind", kind).put("serial", serial).putRawValue("envelope", json(envelope));
        state.put(item.get("topic").asText(), item);
        return broadcast("state", item);
    }

    private void reservoirPoint(ReservoirStatus reservoir) {
        Deque<ObjectNode> points = reservoirHistory.computeIfAbsent(reservoir.getPumpSerial(),
                serial -> new ArrayDeque<>());
        ObjectNode last = points.peekLast();
        if (last != null && last.get("t").asLong() == reservoir.getTsMs()) {
            points.removeLast(); // the same reading again (status refresh): keep one point
        }
        points.addLast(NODES.objectNode().put("t", reservoir.getTsMs()).put("ml", reservoir.getVolumeMl())
                .put("lowMl", reservoir.getLowAlarmThresholdUl() / 1000.0));
        while (points.size() > RESERVOIR_POINTS) {
            points.removeFirst();
        }
    }

    private Subscribers.Delivery alarm(ObjectNode item, Envelope envelope) {
        Alarm alarm = envelope.getAlarm();
        boolean pumpSide = !alarm.getPumpSerial().isEmpty();
        String serial = pumpSide ? alarm.getPumpSerial() : envelope.getHeader().getProgrammerSerial();
        item.put("scope", pumpSide ? "pump" : "programmer").put("serial", serial)
                .putRawValue("envelope", json(envelope));
        alarmHistory.addLast(item);
        while (alarmHistory.size() > ALARM_EVENTS) {
            alarmHistory.removeFirst();
        }
        if (!pumpSide) { // pumps have their published active set; programmers' is kept here
            Map<Integer, ObjectNode> active = programmerAlarms.computeIfAbsent(serial, s -> new TreeMap<>());
            if (alarm.getState() == AlarmState.ALARM_STATE_CLEARED) {
                active.remove(alarm.getAlarmId());
            } else {
                active.put(alarm.getAlarmId(), item);
            }
        }
        return broadcast("alarm", item);
    }

    /** Reads every link's snapshot and sends it: state, reason, HELLO and counters, as the MQTT link topic has them. */
    public void refreshLinks() {
        try {
            long now = wallClockMs.getAsLong();
            ArrayNode array = NODES.arrayNode();
            for (LinkSnapshot link : links.get()) {
                array.addRawValue(json(GatewayMessages.linkStatus(gatewayId, link, now)));
            }
            Subscribers.Delivery delivery;
            synchronized (lock) {
                latestLinks = array;
                delivery = broadcast("links", NODES.objectNode().put("atMs", now).set("links", array));
            }
            delivery.run();
        } catch (RuntimeException e) {
            LOG.warn("dashboard link refresh failed: {}", e.toString());
        }
    }

    /**
     * A new subscriber: its queue starts with the snapshot of everything known, then every change in order.
     *
     * @param executor runs the callbacks, never under the feed's lock; a browser's channel runs them on its event loop
     * @param wake     there are events: {@link Subscription#poll} until none is left; what comes meanwhile wakes again
     * @param dropped  run once if the subscriber is dropped for falling {@code clientQueue} events behind, or because
     *                 a callback threw
     */
    public Subscription subscribe(Executor executor, Runnable wake, Runnable dropped) {
        Subscription subscription;
        synchronized (lock) {
            subscription = subscribers.add(EventStream.frame("snapshot", snapshot()), executor, wake, dropped);
        }
        subscription.signal();
        return subscription;
    }

    /** Everything known now, as the {@code snapshot} event carries it. */
    public String snapshotJson() {
        synchronized (lock) {
            return snapshot().toString();
        }
    }

    private ObjectNode snapshot() {
        ObjectNode snapshot = NODES.objectNode();
        snapshot.putObject("gateway").put("id", gatewayId).put("version", version).put("startedAtMs", startedAtMs);
        snapshot.putArray("state").addAll(state.values());
        ObjectNode history = snapshot.putObject("reservoirHistory");
        reservoirHistory.forEach((serial, points) -> history.putArray(serial).addAll(points));
        snapshot.putArray("alarmHistory").addAll(alarmHistory);
        ObjectNode programmers = snapshot.putObject("programmerAlarms");
        programmerAlarms.forEach((serial, active) -> programmers.putArray(serial).addAll(active.values()));
        snapshot.set("links", latestLinks);
        return snapshot;
    }

    /** Queues the event for every subscriber, under the lock: each sees every change once, and in order. */
    private Subscribers.Delivery broadcast(String event, ObjectNode data) {
        return subscribers.offer(() -> EventStream.frame(event, data));
    }

    private static RawValue json(Envelope envelope) {
        try {
            return new RawValue(PRINTER.print(envelope));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the schema has no Any fields", e);
        }
    }

    /** Subscribers dropped since start, for falling behind or for a callback that threw. */
    public long droppedClients() {
        return subscribers.dropped();
    }

    public int subscribers() {
        return subscribers.size();
    }

    /** Reservoir readings kept for a pump, oldest first. */
    int reservoirPoints(String pumpSerial) {
        synchronized (lock) {
            return Optional.ofNullable(reservoirHistory.get(pumpSerial)).map(Deque::size).orElse(0);
        }
    }

    @Override
    public void close() {
        subscribers.closeAll();
    }
}
