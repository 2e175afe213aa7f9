package io.pumplink.gateway.cli.bench;

import io.pumplink.emulator.load.StatusAlarmMix;
import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.Interpreter;
import io.pumplink.gateway.model.Observation;
import io.pumplink.gateway.model.Origin;
import io.pumplink.gateway.publish.ActiveAlarmBook;
import io.pumplink.gateway.publish.EnvelopeMapper;
import io.pumplink.gateway.publish.GatewayMessages;
import io.pumplink.gateway.publish.PumpNames;
import io.pumplink.gateway.publish.Topics;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.PumpMessage;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.proto.v1.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the baseline publishes: the publications the gateway makes for one cycle of the bench's traffic (a status
 * envelope, retained, per status frame; an alarm event and the pump's retained active set per ALARM), derived and
 * encoded once by the gateway's own interpreter and mappers, under a topic prefix of their own.
 */
final class BaselinePayloads {
    /** One PUBLISH, ready to send. */
    record Payload(String topic, byte[] bytes, boolean retained, String messageId) {
    }

    private static final String GATEWAY_ID = "bench-baseline";
    private static final String PROGRAMMER = "BENCH-BASE";
    private static final int STATUS_PUMPS = 3;

    private BaselinePayloads() {
    }

    /** One cycle of the mix: {@code alarmEvery} frames for each of 3 status pumps (30 frames when there are no alarms). */
    static List<Payload> cycle(String prefix, int alarmEvery, long nowMs) {
        Topics topics = new Topics(prefix);
        int frames = alarmEvery == 0 ? 10 * STATUS_PUMPS : alarmEvery * STATUS_PUMPS;
        long[] alarmPump = {0};
        StatusAlarmMix mix = new StatusAlarmMix(List.of("BASE-S1", "BASE-S2", "BASE-S3"), alarmEvery,
                () -> "BASE-A" + ++alarmPump[0], () -> nowMs);
        Origin origin = new Origin(GATEWAY_ID, "baseline", PROGRAMMER, Hello.CAP_STATUS_STREAMING,
                OptionalLong.of(nowMs));
        Interpreter interpreter = new Interpreter(ClinicalSettings.DEFAULTS); // derives what the gateway would
        List<Observation> observations = new ArrayList<>();
        for (int seq = 0; seq < frames; seq++) {
            interpreter.accept(origin, Packet.of(seq, mix.next()), seq, nowMs)
                    .forEach(item -> observations.add(item.observation()));
        }
        interpreter.flushAll().forEach(item -> observations.add(item.observation()));
        List<Payload> payloads = new ArrayList<>();
        for (Observation observation : observations) {
            Message message = ((Packet) observation.inbound()).message();
            Envelope envelope = EnvelopeMapper.toEnvelope(observation);
            if (message instanceof Alarm alarm) {
                payloads.add(payload(topics.pump(alarm.pumpSerial(), "alarm"), envelope, false));
                payloads.add(payload(topics.pump(alarm.pumpSerial(), "alarms/active"),
                        GatewayMessages.activeAlarms(GATEWAY_ID, alarm.pumpSerial(),
                                new ActiveAlarmBook.Active(List.of(alarm), List.of()), nowMs,
                                envelope.getHeader().getMessageId(), PumpNames.REAL), true));
            } else {
                payloads.add(payload(statusTopic(topics, message), envelope, true));
            }
        }
        return payloads;
    }

    private static Payload payload(String topic, Envelope envelope, boolean retained) {
        return new Payload(topic, envelope.toByteArray(), retained, envelope.getHeader().getMessageId());
    }

    /** The retained topic the gateway keeps a pump's latest status of this kind on. */
    private static String statusTopic(Topics topics, Message message) {
        String pump = ((PumpMessage) message).pumpSerial();
        if (message instanceof ReservoirStatus) {
            return topics.pump(pump, "reservoir");
        }
        if (message instanceof FlowStatus) {
            return topics.pump(pump, "flow");
        }
        if (message instanceof BatteryStatus) {
            return topics.pump(pump, "battery");
        }
        throw new IllegalStateException("not a status frame: " + message.type());
    }
}
