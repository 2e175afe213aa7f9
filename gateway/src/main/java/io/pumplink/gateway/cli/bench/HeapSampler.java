package io.pumplink.gateway.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The peak of used heap over the run, sampled every 100 ms: garbage not yet collected counts, as it does for the
 * heap size a deployment must give. Samples taken between two of ours are missed, so the peak is a lower bound.
 */
final class HeapSampler implements AutoCloseable {
    private static final long PERIOD_MS = 100;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-heap-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long peakBytes;

    HeapSampler() {
        timer.scheduleAtFixedRate(this::sample, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private synchronized void sample() {
        peakBytes = Math.max(peakBytes, memory.getHeapMemoryUsage().getUsed());
    }

    double peakMiB() {
        sample();
        return peakBytes / (1024.0 * 1024.0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
