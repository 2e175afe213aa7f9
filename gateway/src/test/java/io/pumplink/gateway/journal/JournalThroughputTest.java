package io.pumplink.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Latency of an append until durable (with a real fsync) and appends per second, with 64-byte payloads, each
 * thread waiting for its append before the next, as a link does. Prints the figures; the floors are loose so
 * that only a broken group commit or a gross regression fails.
 */
@Tag("figures") // timing floors: run on demand (mvn -Pfigures verify), not in the default test run
class JournalThroughputTest {
    private static final int APPENDS_PER_RUN = 2000;

    @TempDir
    Path tmp;

    record Figures(int threads, double p50Ms, double p99Ms, double appendsPerSecond, double fsyncsPerAppend) {
        @Override
        public String toString() {
            return String.format("journal %d thread(s), 64-byte payloads: p50 %.2f ms, p99 %.2f ms, %.0f appends/s, "
                    + "%.2f fsyncs/append", threads, p50Ms, p99Ms, appendsPerSecond, fsyncsPerAppend);
        }
    }

    @Test
    void appendLatencyAndThroughputOnOneAndEightThreads() throws Exception {
        Figures one = measure(1);
        Figures eight = measure(8);
        System.out.println(one);
        System.out.println(eight);

        assertThat(one.appendsPerSecond()).as(one.toString()).isGreaterThan(50);
        assertThat(one.p99Ms()).as(one.toString()).isLessThan(250);
        assertThat(eight.p99Ms()).as(eight.toString()).isLessThan(500);
        assertThat(eight.fsyncsPerAppend()).as("group commit: " + eight).isLessThan(0.5);
        assertThat(eight.appendsPerSecond()).as(eight + " vs " + one).isGreaterThan(one.appendsPerSecond());
    }

    private Figures measure(int threads) throws Exception {
        try (Journal journal = Journal.open(JournalSettings.defaults(Files.createTempDirectory(tmp, "run")))) {
            runAppends(journal, threads, 200); // warm-up: JIT, file creation
            long fsyncsBefore = journal.fsyncs();
            long start = System.nanoTime();
            long[] latencies = runAppends(journal, threads, APPENDS_PER_RUN / threads);
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            return new Figures(threads, percentile(latencies, 0.50), percentile(latencies, 0.99),
                    latencies.length / seconds, (double) (journal.fsyncs() - fsyncsBefore) / latencies.length);
        }
    }

    private static long[] runAppends(Journal journal, int threads, int perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<long[]> run = () -> {
                    long[] nanos = new long[perThread];
                    byte[] payload = new byte[JournalFixture.PAYLOAD];
                    for (int i = 0; i < perThread; i++) {
                        long start = System.nanoTime();
                        journal.append(payload, Optional.empty()).join();
                        nanos[i] = System.nanoTime() - start;
                    }
                    return nanos;
                };
                runs.add(pool.submit(run));
            }
            long[] all = new long[0];
            for (Future<long[]> run : runs) {
                long[] nanos = run.get();
                int at = all.length;
                all = Arrays.copyOf(all, at + nanos.length);
                System.arraycopy(nanos, 0, all, at, nanos.length);
            }
            return all;
        } finally {
            pool.shutdown();
        }
    }

    private static double percentile(long[] sortedNanos, double p) {
        return sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.round(p * sortedNanos.length))] / 1e6;
    }
}
