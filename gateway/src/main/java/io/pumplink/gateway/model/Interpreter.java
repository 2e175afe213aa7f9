package io.pumplink.gateway.model;

import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Inbound;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.LogEvent;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ReservoirStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Turns received messages into {@link Observation}s, remembering per pump the latest rate and concentration
 * that the derived values of the other message need. Not thread-safe: one instance per consumer thread.
 */
public final class Interpreter {
    private final Clinical clinical;
    private final Map<String, Long> rateNlPerHourByPump = new HashMap<>();
    private final Map<String, Long> concentrationUgPerMlByPump = new HashMap<>();

    public Interpreter(ClinicalSettings settings) {
        this.clinical = new Clinical(settings);
    }

    public Observation observe(Origin origin, Inbound inbound) {
        return new Observation(origin, inbound,
                inbound instanceof Packet packet ? derive(packet) : Derived.NONE);
    }

    private Derived derive(Packet packet) {
        if (packet.message() instanceof FlowStatus flow) {
            rateNlPerHourByPump.put(flow.pumpSerial(), flow.rateNlPerHour());
            return clinical.flow(flow, known(concentrationUgPerMlByPump, flow.pumpSerial()));
        }
        if (packet.message() instanceof ReservoirStatus reservoir) {
            concentrationUgPerMlByPump.put(reservoir.pumpSerial(), reservoir.concentrationUgPerMl());
            return clinical.reservoir(reservoir, known(rateNlPerHourByPump, reservoir.pumpSerial()));
        }
        if (packet.message() instanceof LogEntry entry && entry.eventCode() == LogEvent.REFILL.code()) {
            return clinical.refill(entry);
        }
        return Derived.NONE;
    }

    private static OptionalLong known(Map<String, Long> byPump, String pumpSerial) {
        Long value = byPump.get(pumpSerial);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
