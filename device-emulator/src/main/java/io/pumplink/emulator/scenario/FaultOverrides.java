package io.pumplink.emulator.scenario;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Some of the {@link FaultSettings}, as a {@code faults} event changes them; an empty value keeps the current one. */
public record FaultOverrides(OptionalDouble bitErrorRate, OptionalDouble dropByteRate,
                             OptionalDouble garbageBurstsPerMinute, OptionalInt garbageBurstMaxBytes,
                             OptionalDouble duplicateFrameRate) {
    public boolean isEmpty() {
        return bitErrorRate.isEmpty() && dropByteRate.isEmpty() && garbageBurstsPerMinute.isEmpty()
                && garbageBurstMaxBytes.isEmpty() && duplicateFrameRate.isEmpty();
    }
}
