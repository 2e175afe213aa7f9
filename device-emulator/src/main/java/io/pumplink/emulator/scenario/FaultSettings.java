package io.pumplink.emulator.scenario;

/**
 * Link faults the emulator injects on the programmer's byte stream.
 *
 * @param bitErrorRate           probability that a bit is flipped, 0..0.01
 * @param dropByteRate           probability that a byte is lost, 0..0.1
 * @param garbageBurstsPerMinute bursts of random bytes per REAL minute (line noise does not follow simulated time)
 * @param garbageBurstMaxBytes   1..4096; a burst is 1..this many bytes
 * @param duplicateFrameRate     probability that a frame is sent twice, 0..1
 */
public record FaultSettings(double bitErrorRate, double dropByteRate, double garbageBurstsPerMinute,
                            int garbageBurstMaxBytes, double duplicateFrameRate) {
    public static final FaultSettings NONE = new FaultSettings(0, 0, 0, 64, 0);

    /** These settings with every value the overrides give replaced. */
    public FaultSettings merge(FaultOverrides overrides) {
        return new FaultSettings(
                overrides.bitErrorRate().orElse(bitErrorRate),
                overrides.dropByteRate().orElse(dropByteRate),
                overrides.garbageBurstsPerMinute().orElse(garbageBurstsPerMinute),
                overrides.garbageBurstMaxBytes().orElse(garbageBurstMaxBytes),
                overrides.duplicateFrameRate().orElse(duplicateFrameRate));
    }
}
