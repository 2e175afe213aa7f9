package io.pumplink.gateway.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * other subscribers. Thread-safe.
 */
public final class LiveFeed implements AutoCloseable {
    public static final int RESERVOIR_POINTS = 200;
    public static final int ALARM_EVENTS = 100;
    public static final int DEFAULT_CLIENT_QUEUE = 512;
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final String gatewayId;
    private final String version;
    private final long startedAtMs;
    private final Supplier<List<LinkSnapshot>> links;
    private final LongSupplier wallClockMs;
    private final int clientQueue;
    private final Object lock = new Object();
    private final Map<String, ObjectNode> state = new TreeMap<>();
    private final Map<String, Deque<ObjectNode>> reservoirHistory = new TreeMap<>();
    private final Deque<ObjectNode> alarmHistory = new ArrayDeque<>();
    private final Map<String, Map<Integer, ObjectNode>> programmerAlarms = new TreeMap<>();
    private final List<Subscription> subscribers = new ArrayList<>();
    private ArrayNode latestLinks = NODES.arrayNode();
    private long droppedClients;
    private ScheduledExecutorService linkTimer;

    /**
     * @param links       the gateway's links as they stand now (polled every second once {@link #start()}ed)
     * @param clientQueue events a subscriber may have waiting before it is dropped
     */
    public LiveFeed(String gatewayId, String version, long startedAtMs, Supplier<List<LinkSnapshot>> links,
                    LongSupplier wallClockMs, int clientQueue) {
        if (clientQueue < 2) {
            throw new IllegalArgumentException("clientQueue must be at least 2: " + clientQueue);
        }
        this.gatewayId = gatewayId;
        this.version = version;
        this.startedAtMs = startedAtMs;
        this.links = links;
        this.wallClockMs = wallClockMs;
        this.clientQueue = clientQueue;
    }

    /** Sends the links' state and counters every second from now on. */
    public LiveFeed start() {
        linkTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dashboard-links");
            thread.setDaemon(true);
            return thread;
        });
        linkTimer.scheduleAtFixedRate(this::refreshLinks, 0, 1, TimeUnit.SECONDS);
        return this;
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
        Delivery delivery;
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
                default -> Delivery.NONE;
            };
        }
        delivery.run();
    }

    private Delivery state(ObjectNode item, String kind, String serial, Envelope envelope) {
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

    private Delivery alarm(ObjectNode item, Envelope envelope) {
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
            Delivery delivery;
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
        Subscription subscription = new Subscription(executor, wake, dropped);
        synchronized (lock) {
            subscription.queue.add(frame("snapshot", snapshot()));
            subscribers.add(subscription);
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

    /**
     * Queues the event for every subscriber, under the lock so that each sees every change once and in order; who is
     * to be woken or told it was dropped is told by the returned delivery, which runs after the lock is released.
     */
    private Delivery broadcast(String event, ObjectNode data) {
        if (subscribers.isEmpty()) {
            return Delivery.NONE;
        }
        String frame = frame(event, data);
        List<Subscription> woken = new ArrayList<>(subscribers.size());
        List<Subscription> slow = new ArrayList<>();
        for (Subscription subscription : subscribers) {
            (subscription.queue.offer(frame) ? woken : slow).add(subscription);
        }
        for (Subscription subscription : slow) {
            leave(subscription);
            LOG.warn("dashboard client dropped: {} events behind", clientQueue);
        }
        return new Delivery(woken, slow);
    }

    /** Under the lock: the subscriber gets nothing more, and counts as dropped. */
    private void leave(Subscription subscription) {
        subscribers.remove(subscription);
        droppedClients++;
        subscription.closed = true;
        subscription.queue.clear();
    }

    /** The callbacks a change calls for, run once the feed's lock is released. */
    private record Delivery(List<Subscription> woken, List<Subscription> dropped) {
        static final Delivery NONE = new Delivery(List.of(), List.of());

        void run() {
            woken.forEach(Subscription::signal);
            dropped.forEach(Subscription::signalDropped);
        }
    }

    /** One Server-Sent Event: the name and a single-line JSON data field. */
    private static String frame(String event, ObjectNode data) {
        try {
            return "event: " + event + "\ndata: " + JSON.writeValueAsString(data) + "\n\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RawValue json(Envelope envelope) {
        try {
            return new RawValue(PRINTER.print(envelope));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the schema has no Any fields", e);
        }
    }

    /** Subscribers dropped since start for falling behind or for a callback that threw. */
    public long droppedClients() {
        synchronized (lock) {
            return droppedClients;
        }
    }

    public int subscribers() {
        synchronized (lock) {
            return subscribers.size();
        }
    }

    /** Reservoir readings kept for a pump, oldest first. */
    int reservoirPoints(String pumpSerial) {
        synchronized (lock) {
            return Optional.ofNullable(reservoirHistory.get(pumpSerial)).map(Deque::size).orElse(0);
        }
    }

    @Override
    public void close() {
        if (linkTimer != null) {
            linkTimer.shutdownNow();
        }
        synchronized (lock) {
            subscribers.forEach(subscription -> subscription.closed = true);
            subscribers.clear();
        }
    }

    /**
     * One client's place in the feed: a bounded queue of ready-to-send event frames, and the client's callbacks,
     * which run on its executor with at most one wake waiting there at a time.
     */
    public final class Subscription implements AutoCloseable {
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(clientQueue);
        private final Executor executor;
        private final Runnable wake;
        private final Runnable dropped;
        private final AtomicBoolean wakeWaiting = new AtomicBoolean();
        private volatile boolean closed;

        private Subscription(Executor executor, Runnable wake, Runnable dropped) {
            this.executor = executor;
            this.wake = wake;
            this.dropped = dropped;
        }

        private void signal() {
            if (!closed && wakeWaiting.compareAndSet(false, true)) {
                run(() -> {
                    wakeWaiting.set(false); // first, so that what is queued from now on wakes it again
                    wake.run();
                });
            }
        }

        private void signalDropped() {
            run(dropped);
        }

        /** On the client's executor; a callback that throws, or an executor that refuses, drops the client. */
        private void run(Runnable callback) {
            try {
                executor.execute(() -> {
                    try {
                        callback.run();
                    } catch (RuntimeException e) {
                        failed(e);
                    }
                });
            } catch (RuntimeException refused) {
                failed(refused);
            }
        }

        private void failed(RuntimeException e) {
            boolean wasSubscribed;
            synchronized (lock) {
                wasSubscribed = subscribers.contains(this);
                if (wasSubscribed) {
                    leave(this);
                }
            }
            if (wasSubscribed) {
                LOG.warn("dashboard client dropped: its callback failed ({})", e.getClass().getName());
                signalDropped();
            }
        }

        /** The next event frame ({@code event: ...\ndata: ...\n\n}), or null when none is waiting. */
        public String poll() {
            return queue.poll();
        }

        /** Dropped for falling behind, or closed. */
        public boolean closed() {
            return closed;
        }

        /** Leaves the feed (the client went away). */
        @Override
        public void close() {
            synchronized (lock) {
                subscribers.remove(this);
            }
            closed = true;
            queue.clear();
        }
    }
}
