package io.pumplink.gateway.bench;

import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.Interpreter;
import io.pumplink.gateway.model.Observation;
import io.pumplink.gateway.model.Origin;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.TherapySummary;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The gateway benchmarks' input: one PTL 1.1 status round of one pump (RESERVOIR_STATUS, FLOW_STATUS,
 * THERAPY_SUMMARY) followed by an ALARM and a BATTERY_STATUS, with the values of protocol's benchmarks.
 */
final class Round {
    static final int FRAMES = 5;
    static final String GATEWAY = "gw-1";
    static final String LINK = "bench-1";
    static final String PROGRAMMER = "PRG-000123";
    private static final String PUMP = "NGP-4711";
    private static final long TS = 1_767_225_600_000L;
    private static final long DAY_MS = 86_400_000L;
    static final long CAPABILITIES = Hello.CAP_INTERROGATION | Hello.CAP_STATUS_STREAMING | Hello.CAP_EVENT_LOG
            | Hello.CAP_THERAPY_SUMMARY;

    private Round() {
    }

    static List<Packet> packets() {
        return List.of(
                Packet.of(17, new ReservoirStatus(TS, PUMP, 14_250, 2_000, 1, 2_000, TS - 30 * DAY_MS)),
                Packet.of(18, new FlowStatus(TS + 40, PUMP, 1, 41_667, 0, 7_655, 0, 1)),
                Packet.of(19, new TherapySummary(TS + 80, PUMP, 1, 2_000, 1_000_008, 2_000, TS + 45 * DAY_MS)),
                Packet.of(20, new Alarm(TS + 120, PUMP, 1_234, 0x0001, 2, 1, 1_900)),
                Packet.of(21, new BatteryStatus(TS + 160, PUMP, 2_870, 1, 1_462)));
    }

    /**
     * The round as the publish loop's dispatcher sees it: an {@link Origin} built as {@code Dispatcher.accept}
     * builds it, and the {@link Interpreter}'s observations, derived clinical values included.
     */
    static List<Observation> observations() {
        Origin origin = new Origin(GATEWAY, LINK, PROGRAMMER, CAPABILITIES, OptionalLong.of(TS));
        Interpreter interpreter = new Interpreter(ClinicalSettings.DEFAULTS);
        List<Observation> observations = new ArrayList<>();
        long token = 1;
        for (Packet packet : packets()) {
            interpreter.accept(origin, packet, token++, TS).forEach(item -> observations.add(item.observation()));
        }
        interpreter.flushAll().forEach(item -> observations.add(item.observation()));
        if (observations.size() != FRAMES) {
            throw new IllegalStateException("expected " + FRAMES + " observations: " + observations);
        }
        return observations;
    }
}
