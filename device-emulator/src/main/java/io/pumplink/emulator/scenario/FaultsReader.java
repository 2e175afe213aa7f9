package io.pumplink.emulator.scenario;

import io.pumplink.config.MapReader;
import io.pumplink.config.Values;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** The {@code faults} mapping, the same at the top level (initial settings) and in a {@code faults} event. */
final class FaultsReader {
    static final int MAX_GARBAGE_BURST_BYTES = 4096;

    private FaultsReader() {
    }

    static FaultOverrides overrides(MapReader faults) {
        return new FaultOverrides(
                rate(faults, "bitErrorRate", 0.01),
                rate(faults, "dropByteRate", 0.1),
                rate(faults, "garbageBurstsPerMinute", 600),
                faults.optional("garbageBurstMaxBytes", Values.intWithin(1, MAX_GARBAGE_BURST_BYTES))
                        .map(OptionalInt::of).orElseGet(OptionalInt::empty),
                rate(faults, "duplicateFrameRate", 1));
    }

    /** A rate from 0 up to {@code max}: per bit, byte or frame, or bursts per minute. */
    private static OptionalDouble rate(MapReader faults, String key, double max) {
        return faults.optional(key, Values.decimalWithin(0, max)).map(OptionalDouble::of)
                .orElseGet(OptionalDouble::empty);
    }
}
