package io.pumplink.gateway.cli.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One bench run as asked for on the command line, checked.
 *
 * @param ratePerS       frames a second per link; 0 for as fast as each link takes them
 * @param alarmEvery     every this many frames of a link one is an ALARM; 0 for none
 * @param journalDir     the gateway's journal; empty for a temporary one deleted afterwards
 * @param topicPrefix    the gateway's topic prefix
 * @param drainTimeout   how long the gateway may take, once the load stopped, to publish what it was sent
 */
public record BenchPlan(URI mqtt, int seconds, int warmupSeconds, int links, double ratePerS, int alarmEvery,
                        Optional<Path> journalDir, boolean jsonMirror, String topicPrefix, Duration drainTimeout) {
    /** The baseline publishes for this long at most: long enough for a steady rate, short next to the run. */
    static final int MAX_BASELINE_SECONDS = 5;
    static final int MAX_LINKS = 4096;

    public BenchPlan {
        require(seconds >= 1, "--seconds must be at least 1: " + seconds);
        require(warmupSeconds >= 0, "--warmup must be 0 or more: " + warmupSeconds);
        require(links >= 1 && links <= MAX_LINKS, "--links must be within 1.." + MAX_LINKS + ": " + links);
        require(ratePerS >= 0 && !Double.isInfinite(ratePerS),
                "--rate must be 0 (as fast as the links take) or more frames/s: " + ratePerS);
        require(alarmEvery == 0 || alarmEvery >= 2, "--alarm-every must be 0 (no alarms) or at least 2: "
                + alarmEvery);
        require(!drainTimeout.isNegative() && !drainTimeout.isZero(), "--drain-timeout must be positive");
        String scheme = mqtt.getScheme();
        require(("tcp".equals(scheme) || "ssl".equals(scheme)) && mqtt.getHost() != null,
                "--mqtt must be tcp://HOST:PORT or ssl://HOST:PORT: " + mqtt);
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    public Duration baseline() {
        return Duration.ofSeconds(Math.min(seconds, MAX_BASELINE_SECONDS));
    }
}
