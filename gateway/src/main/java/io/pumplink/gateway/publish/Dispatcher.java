package io.pumplink.gateway.publish;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.pumplink.gateway.alerts.AlertEngine;
import io.pumplink.gateway.alerts.ClinicalStateFile;
import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.gateway.model.Derived;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.model.Interpreter;
import io.pumplink.gateway.model.Interrogation;
import io.pumplink.gateway.model.Observation;
import io.pumplink.gateway.model.Origin;
import io.pumplink.gateway.model.SessionAssembler;
import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.gateway.store.JournalRecord;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.PumpIdentity;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.TherapySummary;
import io.pumplink.proto.v1.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Journal entries to MQTT publications, in journal order: latest state (retained), alarm events and the active
 * alarm set, interrogation records, and the gateway's own alerts (concluded here, journaled by the caller, and
 * published like pump alarms when their journal entry comes round). Single-threaded: the publish loop owns it.
 */
public final class Dispatcher implements AutoCloseable {
    static final int QOS = 1;
    public static final String CONTENT_TYPE = "application/x-protobuf; proto=pumplink.v1.Envelope";
    public static final String JSON_CONTENT_TYPE = "application/json; proto=pumplink.v1.Envelope";
    public static final String MESSAGE_ID = "message-id";

    private final String gatewayId;
    private final Topics topics;
    private final PumpNames names;
    private final boolean jsonMirror;
    private final Interpreter interpreter;
    private final AlertEngine alerts;
    private final ActiveAlarmBook alarms;
    private final ClinicalStateFile state;
    private final long roundWaitMs;
    private final long stateSavePeriodMs;
    private final SessionAssembler sessions = new SessionAssembler();
    private final JsonFormat.Printer json = JsonFormat.printer().omittingInsignificantWhitespace();
    private long stateSavedAtMs;

    /**
     * @param names           how pump serials appear in topics, payloads and message ids
     * @param roundWait       how long a held RESERVOIR_STATUS waits for the rest of its round before it is published
     *                        with what came
     * @param stateSavePeriod how often the clinical state is saved (and at {@link #close})
     */
    public Dispatcher(String gatewayId, Topics topics, PumpNames names, boolean jsonMirror, Interpreter interpreter,
                      AlertEngine alerts, ActiveAlarmBook alarms, ClinicalStateFile state, Duration roundWait,
                      Duration stateSavePeriod) {
        this.gatewayId = gatewayId;
        this.topics = topics;
        this.names = names;
        this.jsonMirror = jsonMirror;
        this.interpreter = interpreter;
        this.alerts = alerts;
        this.alarms = alarms;
        this.state = state;
        this.roundWaitMs = roundWait.toMillis();
        this.stateSavePeriodMs = stateSavePeriod.toMillis();
    }

    public Dispatch accept(long sequence, JournalRecord record) {
        return accept(sequence, record, false);
    }

    /**
     * @param alarmAhead the entry is an ALARM whose event and active set {@link #alarmAhead} published already:
     *                   everything else is done (sessions, the gateway's rules, the release), those not again
     */
    public Dispatch accept(long sequence, JournalRecord record, boolean alarmAhead) {
        Out out = new Out();
        if (record instanceof JournalRecord.Alert alert) {
            gatewayAlert(alert.alert(), out);
            out.releases.add(sequence);
        } else {
            JournalRecord.Frame received = (JournalRecord.Frame) record;
            ReceivedFrame frame = received.frame();
            for (Interpreter.Item item : interpreter.accept(origin(received), frame.packet(), sequence,
                    frame.receiveTimeMs())) {
                handle(item, frame.receiveTimeMs(), alarmAhead && item.token() == sequence, out);
            }
        }
        return out.dispatch(alarms.durable());
    }

    /**
     * The urgent part of an ALARM, ahead of the entries journaled before it: the alarm event and, for a pump's
     * alarm, the active set after it. Both depend on nothing but the frame and the active-alarm book (which applies
     * a pump's alarms in their own order, and each once), so they may go before earlier status frames; the rest
     * waits for the entry's turn in {@link #accept(long, JournalRecord, boolean)}. Releases nothing.
     */
    public Dispatch alarmAhead(JournalRecord.Frame record) {
        Out out = new Out();
        ReceivedFrame frame = record.frame();
        if (frame.packet().message() instanceof Alarm alarm) {
            Observation observation = new Observation(origin(record), frame.packet(), Derived.NONE);
            alarm(alarm, observation, EnvelopeMapper.toEnvelope(observation, names), out);
        }
        return out.dispatch(alarms.durable());
    }

    private Origin origin(JournalRecord.Frame record) {
        ReceivedFrame frame = record.frame();
        return new Origin(gatewayId, frame.linkId(), frame.programmerSerial(), frame.capabilities(),
                OptionalLong.of(frame.receiveTimeMs()), record.identityConflict());
    }

    /**
     * What the gateway clock alone brings about: rounds that waited too long for their last frame, sessions the
     * programmer abandoned (no frame for {@code sessionIdleMs}), and the alerts that fire with time.
     */
    public Dispatch tick(long nowMs, long sessionIdleMs) {
        Out out = new Out();
        for (Interpreter.Item item : interpreter.flushRounds(nowMs, roundWaitMs)) {
            handle(item, nowMs, false, out);
        }
        for (Interrogation session : sessions.closeIdle(nowMs, sessionIdleMs)) {
            record(session, nowMs, out);
        }
        out.alerts.addAll(alerts.tick(nowMs));
        return out.dispatch(alarms.durable());
    }

    /** Saves the clinical state when the last save is {@code stateSavePeriod} old (also under steady load). */
    public void saveStateIfDue(long nowMs) {
        if (nowMs - stateSavedAtMs >= stateSavePeriodMs) {
            state.save(alerts, interpreter);
            stateSavedAtMs = nowMs;
        }
    }

    private void handle(Interpreter.Item item, long nowMs, boolean alarmAhead, Out out) {
        Observation observation = item.observation();
        SessionAssembler.Outcome outcome = sessions.accept(observation, item.token(), nowMs);
        outcome.closed().ifPresent(session -> record(session, nowMs, out));
        if (!alarmAhead) {
            publishState(observation, out);
        }
        if (!outcome.inSession()) {
            out.releases.add(item.token());
        }
        out.alerts.addAll(alerts.observe(observation, item.roundEnd()));
    }

    private void record(Interrogation session, long nowMs, Out out) {
        add(out, pumpTopic(session.pumpSerial(), "interrogation"),
                GatewayMessages.interrogation(gatewayId, session, names), false);
        out.releases.addAll(session.tokens());
        out.alerts.addAll(alerts.interrogation(session, nowMs));
    }

    private void publishState(Observation observation, Out out) {
        if (!(observation.inbound() instanceof Packet packet)) {
            return;
        }
        Message message = packet.message();
        Envelope envelope = EnvelopeMapper.toEnvelope(observation, names);
        if (message instanceof ProgrammerStatus) {
            latest(out, topics.programmer(observation.origin().programmerSerial(), "status"), envelope);
        } else if (message instanceof PumpIdentity identity) {
            latest(out, pumpTopic(identity.pumpSerial(), "identity"), envelope);
        } else if (message instanceof ReservoirStatus reservoir) {
            latest(out, pumpTopic(reservoir.pumpSerial(), "reservoir"), envelope);
        } else if (message instanceof FlowStatus flow) {
            latest(out, pumpTopic(flow.pumpSerial(), "flow"), envelope);
        } else if (message instanceof TherapySummary therapy) {
            latest(out, pumpTopic(therapy.pumpSerial(), "therapy"), envelope);
        } else if (message instanceof BatteryStatus battery) {
            latest(out, pumpTopic(battery.pumpSerial(), "battery"), envelope);
        } else if (message instanceof Alarm alarm) {
            alarm(alarm, observation, envelope, out);
        }
    }

    /** The event itself, then the pump's active set as it stands after it. */
    private void alarm(Alarm alarm, Observation observation, Envelope envelope, Out out) {
        boolean programmerSide = alarm.pumpSerial().isEmpty();
        add(out, programmerSide ? topics.programmer(observation.origin().programmerSerial(), "alarm")
                : pumpTopic(alarm.pumpSerial(), "alarm"), envelope, false);
        if (!programmerSide) {
            activeSet(alarm.pumpSerial(), alarms.apply(alarm), observation.origin().receiveTimeMs().orElse(0),
                    envelope, out);
        }
    }

    /** One of the gateway's own alerts, published exactly like a pump alarm. */
    private void gatewayAlert(GatewayAlert alert, Out out) {
        Envelope envelope = GatewayMessages.gatewayAlert(gatewayId, alert, names);
        add(out, pumpTopic(alert.pumpSerial(), "alarm"), envelope, false);
        activeSet(alert.pumpSerial(), alarms.apply(alert), alert.atMs(), envelope, out);
    }

    private void activeSet(String pump, ActiveAlarmBook.Active active, long nowMs, Envelope cause,
                           Out out) {
        add(out, pumpTopic(pump, "alarms/active"), GatewayMessages.activeAlarms(gatewayId, pump, active, nowMs,
                cause.getHeader().getMessageId(), names), true);
    }

    private String pumpTopic(String serial, String leaf) {
        return topics.pump(names.topic(serial), leaf);
    }

    /** An event: published in order, never merged with another. */
    private void add(Out out, String topic, Envelope envelope, boolean retained) {
        publish(out, topic, envelope, retained, false);
    }

    /** A pump's or programmer's latest state (retained): may be merged with a newer one while the broker is slow. */
    private void latest(Out out, String topic, Envelope envelope) {
        publish(out, topic, envelope, true, true);
    }

    /** The Protobuf publication, and its JSON mirror when configured. */
    private void publish(Out out, String topic, Envelope envelope, boolean retained, boolean latestWins) {
        Map<String, String> properties = Map.of(MESSAGE_ID, envelope.getHeader().getMessageId());
        out.publications.add(new Publication(topic, envelope.toByteArray(), QOS, retained, CONTENT_TYPE, properties,
                Optional.empty(), latestWins));
        if (jsonMirror) {
            out.publications.add(new Publication(topics.json().prefix() + topic.substring(topics.prefix().length()),
                    printJson(envelope), QOS, retained, JSON_CONTENT_TYPE, properties, Optional.empty(), latestWins));
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

    /** Saves the clinical state and closes the active-alarm set; call once the publish loop has stopped. */
    @Override
    public void close() throws IOException {
        state.save(alerts, interpreter);
        alarms.close();
    }

    /** Publications, alerts and releases gathered for one {@link Dispatch}. */
    private static final class Out {
        final List<Publication> publications = new ArrayList<>();
        final List<GatewayAlert> alerts = new ArrayList<>();
        final List<Long> releases = new ArrayList<>();

        Dispatch dispatch(CompletableFuture<Void> stateDurable) {
            return new Dispatch(publications, alerts, releases, stateDurable);
        }
    }
}
