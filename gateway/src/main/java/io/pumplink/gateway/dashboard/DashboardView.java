package io.pumplink.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.AlarmState;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.ReservoirStatus;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the dashboard page shows, decided here so that the page only draws it:
 * <pre>{@code
 * {"gateway": {"id", "version", "startedAtMs"},
 *  "pumps": {serial: {"identity", "reservoir", "flow", "battery", "therapy", "activeAlarms", "interrogation":
 *                     the latest envelope of each; "reservoirHistory": [{"t", "ml", "lowMl"}], oldest first}},
 *  "programmers": {serial: {"status": envelope, "activeAlarms": [alarm]}},
 *  "alarmHistory": [{"topic", "scope": "pump" or "programmer", "serial", "envelope"}], oldest first,
 *  "links": [LinkStatus envelope]}
 * }</pre>
 * Envelopes are the Protobuf JSON mapping, as the MQTT JSON mirror has them. {@link #apply} returns what one
 * envelope changed in this same shape, holding only the changed parts, each whole: the page puts a change in
 * place of what it had, as it takes a snapshot. The gateway's own alerts come as the alarm events and active sets
 * they are published in, beside the pumps' alarms. Not thread-safe: the {@link LiveFeed} guards it.
 */
final class DashboardView {
    static final int RESERVOIR_POINTS = 200;
    static final int ALARM_EVENTS = 100;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final ObjectNode gateway;
    private final Map<String, ObjectNode> pumps = new TreeMap<>();
    private final Map<String, History> reservoirHistories = new TreeMap<>();
    private final Map<String, ObjectNode> programmers = new TreeMap<>();
    private final Map<String, Map<Integer, JsonNode>> programmerAlarms = new TreeMap<>();
    private final History alarmHistory = new History(ALARM_EVENTS);
    private ArrayNode links = NODES.arrayNode();

    DashboardView(String gatewayId, String version, long startedAtMs) {
        gateway = NODES.objectNode().put("id", gatewayId).put("version", version).put("startedAtMs", startedAtMs);
    }

    /** The parts that {@code envelope}, published on {@code topic}, changed; null when the page shows none of it. */
    ObjectNode apply(String topic, Envelope envelope) {
        return switch (envelope.getBodyCase()) {
            case PUMP_IDENTITY -> pump(envelope.getPumpIdentity().getPumpSerial(), "identity", envelope);
            case RESERVOIR_STATUS -> reservoir(envelope);
            case FLOW_STATUS -> pump(envelope.getFlowStatus().getPumpSerial(), "flow", envelope);
            case BATTERY_STATUS -> pump(envelope.getBatteryStatus().getPumpSerial(), "battery", envelope);
            case THERAPY_SUMMARY -> pump(envelope.getTherapySummary().getPumpSerial(), "therapy", envelope);
            case ACTIVE_ALARMS -> pump(envelope.getActiveAlarms().getPumpSerial(), "activeAlarms", envelope);
            case INTERROGATION_RECORD -> pump(envelope.getInterrogationRecord().getPumpSerial(), "interrogation",
                    envelope);
            case PROGRAMMER_STATUS -> {
                ObjectNode change = NODES.objectNode();
                part(change, programmers, "programmers", envelope.getHeader().getProgrammerSerial(), "status",
                        json(envelope));
                yield change;
            }
            case ALARM -> alarm(topic, envelope);
            // link and gateway status come from the supervisors directly; nothing else is shown
            default -> null;
        };
    }

    private ObjectNode pump(String serial, String part, Envelope envelope) {
        ObjectNode change = NODES.objectNode();
        part(change, pumps, "pumps", serial, part, json(envelope));
        return change;
    }

    /** The reading, and its point on the pump's reservoir curve: the same reading again (a refresh) is one point. */
    private ObjectNode reservoir(Envelope envelope) {
        ReservoirStatus reservoir = envelope.getReservoirStatus();
        String serial = reservoir.getPumpSerial();
        History points = reservoirHistories.computeIfAbsent(serial, s -> new History(RESERVOIR_POINTS));
        ObjectNode point = NODES.objectNode().put("t", reservoir.getTsMs()).put("ml", reservoir.getVolumeMl())
                .put("lowMl", reservoir.getLowAlarmThresholdUl() / 1000.0);
        JsonNode last = points.last();
        if (last != null && last.get("t").asLong() == reservoir.getTsMs()) {
            points.replaceLast(point);
        } else {
            points.add(point);
        }
        ObjectNode change = pump(serial, "reservoir", envelope);
        part(change, pumps, "pumps", serial, "reservoirHistory", points.json());
        return change;
    }

    /**
     * The event joins the history; a programmer's alarm also changes its active set, which is kept here (a pump's
     * is published, as ACTIVE_ALARMS). The event is about the pump when it names one, else about the programmer.
     */
    private ObjectNode alarm(String topic, Envelope envelope) {
        Alarm alarm = envelope.getAlarm();
        boolean pumpSide = !alarm.getPumpSerial().isEmpty();
        String serial = pumpSide ? alarm.getPumpSerial() : envelope.getHeader().getProgrammerSerial();
        alarmHistory.add(NODES.objectNode().put("topic", topic).put("scope", pumpSide ? "pump" : "programmer")
                .put("serial", serial).set("envelope", json(envelope)));
        ObjectNode change = NODES.objectNode();
        change.set("alarmHistory", alarmHistory.json());
        if (!pumpSide) {
            Map<Integer, JsonNode> active = programmerAlarms.computeIfAbsent(serial, s -> new TreeMap<>());
            if (alarm.getState() == AlarmState.ALARM_STATE_CLEARED) {
                active.remove(alarm.getAlarmId());
            } else {
                active.put(alarm.getAlarmId(), json(alarm));
            }
            part(change, programmers, "programmers", serial, "activeAlarms", NODES.arrayNode().addAll(active.values()));
        }
        return change;
    }

    /** Sets one part of a pump or programmer, in the view and in the change. */
    private static void part(ObjectNode change, Map<String, ObjectNode> group, String groupName, String serial,
                             String part, JsonNode value) {
        group.computeIfAbsent(serial, s -> NODES.objectNode()).set(part, value);
        change.withObjectProperty(groupName).withObjectProperty(serial).set(part, value);
    }

    /** The gateway's links as they stand now. */
    void links(ArrayNode links) {
        this.links = links;
    }

    /** All of it, as the {@code snapshot} event carries it. */
    ObjectNode snapshot() {
        ObjectNode snapshot = NODES.objectNode();
        snapshot.set("gateway", gateway);
        snapshot.putObject("pumps").setAll(pumps);
        snapshot.putObject("programmers").setAll(programmers);
        snapshot.set("alarmHistory", alarmHistory.json());
        snapshot.set("links", links);
        return snapshot;
    }

    /** Reservoir readings kept for a pump. */
    int reservoirPoints(String pumpSerial) {
        History points = reservoirHistories.get(pumpSerial);
        return points == null ? 0 : points.size();
    }

    /** The Protobuf JSON mapping, as the MQTT JSON mirror publishes it. */
    static JsonNode json(MessageOrBuilder message) {
        try {
            return NODES.rawValueNode(new RawValue(PRINTER.print(message)));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the schema has no Any fields", e);
        }
    }
}
