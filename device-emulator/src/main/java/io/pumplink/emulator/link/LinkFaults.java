package io.pumplink.emulator.link;

import io.pumplink.emulator.scenario.FaultSettings;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault state of one programmer's link, shared by its fault handlers: current rates (changed by scenario
 * events at run time), forced duplicates, an outage flag, and the seeded random source that makes faults
 * repeatable. Handlers of one link run on one thread; settings may be replaced from the programmer's thread.
 */
public final class LinkFaults {
    private final Random random;
    private final AtomicInteger forcedDuplicates = new AtomicInteger();
    private volatile FaultSettings settings;
    private volatile boolean outage;

    public LinkFaults(FaultSettings settings, long seed) {
        this.settings = settings;
        this.random = new Random(seed);
    }

    public FaultSettings settings() {
        return settings;
    }

    public void settings(FaultSettings newSettings) {
        settings = newSettings;
    }

    /** The next {@code count} frames are sent twice. */
    public void duplicateNext(int count) {
        forcedDuplicates.addAndGet(count);
    }

    boolean takeDuplicate() {
        return forcedDuplicates.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                || chance(settings.duplicateFrameRate());
    }

    /** During an outage no byte crosses the link either way (Bluetooth out of range). */
    public void outage(boolean on) {
        outage = on;
    }

    boolean outage() {
        return outage;
    }

    boolean chance(double probability) {
        return probability > 0 && random.nextDouble() < probability;
    }

    /** Events of a given probability: how many trials pass before the next one (geometric distribution). */
    long trialsUntilNext(double probability) {
        if (probability <= 0) {
            return Long.MAX_VALUE;
        }
        double u = 1.0 - random.nextDouble(); // (0, 1]
        return (long) Math.floor(Math.log(u) / Math.log1p(-probability));
    }

    /** Real-time gap to the next garbage burst, exponential around the configured rate. */
    long nanosUntilNextBurst() {
        double perMinute = settings.garbageBurstsPerMinute();
        if (perMinute <= 0) {
            return Long.MAX_VALUE;
        }
        double minutes = -Math.log(1.0 - random.nextDouble()) / perMinute;
        return (long) (minutes * 60e9);
    }

    /** A burst of 1..maxBytes random bytes. */
    byte[] garbage(int maxBytes) {
        return garbageOf(1 + random.nextInt(Math.max(1, maxBytes)));
    }

    /** Exactly {@code length} random bytes. */
    public byte[] garbageOf(int length) {
        byte[] noise = new byte[length];
        random.nextBytes(noise);
        return noise;
    }
}
