package io.pumplink.gateway.journal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The child JVM of {@link JournalCrashTest}: appends frame after frame with up to 64 in flight, and prints
 * "sequence frame" for each one whose future completed (that is, whose record is durable), until it is killed.
 */
final class CrashAppender {
    private CrashAppender() {
    }

    static JournalSettings settings(Path dir) {
        return new JournalSettings(dir, 64L << 20, 64L << 10, Duration.ZERO, 256, 100_000);
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        System.setOut(System.err); // stdout carries only the reports, whatever the logging configuration says
        Semaphore inFlight = new Semaphore(64);
        Journal journal = Journal.open(settings(Path.of(args[0])));
        for (long frame = 0; ; frame++) {
            inFlight.acquire();
            long n = frame;
            journal.append(JournalFixture.payload(n), Optional.of("frame-" + n)).whenComplete((entry, failure) -> {
                if (entry != null) {
                    synchronized (out) {
                        out.print(entry.sequence() + " " + n + "\n");
                        out.flush();
                    }
                }
                inFlight.release();
            });
        }
    }
}
