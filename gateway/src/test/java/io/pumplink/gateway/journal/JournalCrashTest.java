package io.pumplink.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kills a JVM that is appending (SIGKILL: no shutdown hook, no close) and checks what it reported durable. */
class JournalCrashTest {
    private static final int DURABLE_BEFORE_KILL = 3000;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyAppendReportedDurableSurvivesAKill() throws Exception {
        Path dir = tmp.resolve("journal");
        Path stderr = tmp.resolve("child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashAppender.class.getName(), dir.toString())
                .redirectError(stderr.toFile())
                .start();
        Map<Long, Long> durable;
        try {
            durable = readUntilKilled(child);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(durable).as("durable reports; child stderr:%n%s", Files.readString(stderr))
                .hasSizeGreaterThanOrEqualTo(DURABLE_BEFORE_KILL);

        try (Journal journal = Journal.open(CrashAppender.settings(dir))) {
            Map<Long, Entry> stored = JournalFixture.readAll(journal).stream()
                    .collect(Collectors.toMap(Entry::sequence, Function.identity()));
            durable.forEach((sequence, frame) -> {
                assertThat(stored).as("sequence %d", sequence).containsKey(sequence);
                assertThat(JournalFixture.frameOf(stored.get(sequence).payload())).isEqualTo(frame);
                assertThat(journal.existing("frame-" + frame)).isPresent();
            });
            assertThat(journal.corruptRecordsSkipped()).isZero();
            List<Long> sequences = JournalFixture.sequences(JournalFixture.readAll(journal));
            assertThat(sequences).isSorted().doesNotHaveDuplicates();
            long next = journal.append(JournalFixture.payload(-1), Optional.empty()).join().sequence();
            assertThat(next).isGreaterThan(sequences.get(sequences.size() - 1));
            System.out.printf("crash test: %d reported durable, %d stored after the kill, torn tails cut: %d%n",
                    durable.size(), sequences.size(), journal.tornTailsTruncated());
        }
    }

    /**
     * Reads "sequence frame" lines; once enough arrived, kills the child mid-stream and keeps what it had already
     * written. A line cut off by the kill (no newline) is not a report.
     */
    private static Map<Long, Long> readUntilKilled(Process child) throws IOException {
        Map<Long, Long> durable = new HashMap<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        InputStream in = child.getInputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String[] fields = line.toString(StandardCharsets.US_ASCII).split(" ");
            durable.put(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
            line.reset();
            if (durable.size() == DURABLE_BEFORE_KILL) {
                child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly, keeps stdout readable
            }
        }
        return durable;
    }
}
