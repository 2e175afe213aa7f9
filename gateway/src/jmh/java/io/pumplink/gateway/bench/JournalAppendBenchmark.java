package io.pumplink.gateway.bench;

import io.pumplink.gateway.journal.Entry;
import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.journal.JournalSettings;
import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.gateway.store.JournalRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Journal appends with group commit: each benchmark thread is a link that appends a frame and waits for the
 * future, i.e. for the fsync, before its next append (as it waits before ACKing). One op = one durable append;
 * JMH reports the sum over the threads, so divide by 1 or 8 for a link's rate. The record is a FLOW_STATUS
 * {@link ReceivedFrame} as the links store it ({@link JournalRecords#encode}, no identity: status frames are not
 * reliable). The journal has its default settings (no added commit delay) in a fresh directory under
 * {@code target/jmh} (system property {@code pumplink.bench.dir}), deleted after the run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class JournalAppendBenchmark {
    private Path dir;
    private Journal journal;
    private byte[] record;

    @Setup
    public void setUp() throws IOException {
        Path base = Files.createDirectories(Path.of(System.getProperty("pumplink.bench.dir", "target/jmh")));
        dir = Files.createTempDirectory(base, "journal-");
        journal = Journal.open(JournalSettings.defaults(dir));
        record = JournalRecords.encode(new ReceivedFrame(Round.LINK, Round.PROGRAMMER, Round.CAPABILITIES,
                System.currentTimeMillis(), Round.packets().get(1)));
    }

    @TearDown
    public void tearDown() throws IOException {
        journal.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    @Threads(1)
    public Entry oneAppender() {
        return journal.append(record, Optional.empty()).join();
    }

    @Benchmark
    @Threads(8)
    public Entry eightAppenders() {
        return journal.append(record, Optional.empty()).join();
    }
}
