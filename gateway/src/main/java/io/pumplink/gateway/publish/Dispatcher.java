package io.pumplink.gateway.publish;

import com.google.protobuf.util.JsonFormat;
import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.Interpreter;
import io.pumplink.gateway.model.Interrogation;
import io.pumplink.gateway.model.Observation;
import io.pumplink.gateway.model.Origin;
import io.pumplink.gateway.model.SessionAssembler;
import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.PumpIdentity;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.proto.v1.Envelope;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Journal entries to MQTT publications, in journal order: latest state (retained), alarm events and the active
 * alarm set, interrogation records. Single-threaded: the publish loop owns it.
 */
public final class Dispatcher {
    static final int QOS = 1;
    public static final String CONTENT_TYPE = "application/x-protobuf; proto=pumplink.v1.Envelope";
    public static final String JSON_CONTENT_TYPE = "application/json; proto=pumplink.v1.Envelope";
    public static final String MESSAGE_ID = "message-id";

    private final String gatewayId;
    private final Topics topics;
    private final boolean jsonMirror;
    private final Interpreter interpreter;
    private final SessionAssembler sessions = new SessionAssembler();
    private final ActiveAlarmBook alarms;
    private final JsonFormat.Printer json = JsonFormat.printer().omittingInsignificantWhitespace();

    public Dispatcher(String gatewayId, Topics topics, boolean jsonMirror, ClinicalSettings clinical,
                      ActiveAlarmBook alarms) {
        this.gatewayId = gatewayId;
        this.topics = topics;
        this.jsonMirror = jsonMirror;
        this.interpreter = new Interpreter(clinical);
        this.alarms = alarms;
    }

    public Dispatch accept(long sequence, ReceivedFrame frame) {
        Origin origin = new Origin(gatewayId, frame.linkId(), frame.programmerSerial(),
                OptionalLong.of(frame.receiveTimeMs()));
        Observation observation = interpreter.observe(origin, frame.packet());
        SessionAssembler.Outcome outcome = sessions.accept(observation, sequence, frame.receiveTimeMs());
        List<Publication> out = new ArrayList<>();
        List<Long> releases = new ArrayList<>();
        outcome.closed().ifPresent(session -> record(session, out, releases));
        publishState(observation, frame, out);
        if (!outcome.inSession()) {
            releases.add(sequence);
        }
        return new Dispatch(out, releases);
    }

    /** Records of sessions the programmer abandoned (no SESSION_END for {@code idleMs}). */
    public List<Dispatch> closeIdleSessions(long nowMs, long idleMs) {
        List<Dispatch> closed = new ArrayList<>();
        for (Interrogation session : sessions.closeIdle(nowMs, idleMs)) {
            List<Publication> out = new ArrayList<>();
            List<Long> releases = new ArrayList<>();
            record(session, out, releases);
            closed.add(new Dispatch(out, releases));
        }
        return closed;
    }

    private void record(Interrogation session, List<Publication> out, List<Long> releases) {
        add(out, topics.pump(session.pumpSerial(), "interrogation"),
                GatewayMessages.interrogation(gatewayId, session), false);
        releases.addAll(session.tokens());
    }

    private void publishState(Observation observation, ReceivedFrame frame, List<Publication> out) {
        Message message = frame.packet().message();
        Envelope envelope = EnvelopeMapper.toEnvelope(observation);
        if (message instanceof ProgrammerStatus) {
            add(out, topics.programmer(frame.programmerSerial(), "status"), envelope, true);
        } else if (message instanceof PumpIdentity identity) {
            add(out, topics.pump(identity.pumpSerial(), "identity"), envelope, true);
        } else if (message instanceof ReservoirStatus reservoir) {
            add(out, topics.pump(reservoir.pumpSerial(), "reservoir"), envelope, true);
        } else if (message instanceof FlowStatus flow) {
            add(out, topics.pump(flow.pumpSerial(), "flow"), envelope, true);
        } else if (message instanceof BatteryStatus battery) {
            add(out, topics.pump(battery.pumpSerial(), "battery"), envelope, true);
        } else if (message instanceof Alarm alarm) {
            alarm(alarm, frame, envelope, out);
        }
    }

    /** The event itself, then the pump's active set as it stands after it. */
    private void alarm(Alarm alarm, ReceivedFrame frame, Envelope envelope, List<Publication> out) {
        boolean programmerSide = alarm.pumpSerial().isEmpty();
        add(out, programmerSide ? topics.programmer(frame.programmerSerial(), "alarm")
                : topics.pump(alarm.pumpSerial(), "alarm"), envelope, false);
        if (!programmerSide) {
            List<Alarm> active = alarms.apply(alarm);
            add(out, topics.pump(alarm.pumpSerial(), "alarms/active"), GatewayMessages.activeAlarms(gatewayId,
                    alarm.pumpSerial(), active, frame.receiveTimeMs(),
                    "active-alarms:" + alarm.pumpSerial() + ":" + envelope.getHeader().getMessageId()), true);
        }
    }

    private void add(List<Publication> out, String topic, Envelope envelope, boolean retained) {
        Map<String, String> properties = Map.of(MESSAGE_ID, envelope.getHeader().getMessageId());
        out.add(new Publication(topic, envelope.toByteArray(), QOS, retained, CONTENT_TYPE, properties));
        if (jsonMirror) {
            out.add(new Publication(topics.json().prefix() + topic.substring(topics.prefix().length()),
                    printJson(envelope), QOS, retained, JSON_CONTENT_TYPE, properties));
        }
    }

    private byte[] printJson(Envelope envelope) {
        try {
            return json.print(envelope).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the schema has no Any fields", e);
        }
    }

    public int openSessions() {
        return sessions.openSessions();
    }
}
