package io.pumplink.gateway.journal;

import static io.pumplink.gateway.journal.JournalFixture.appendFrames;
import static io.pumplink.gateway.journal.JournalFixture.readAll;
import static io.pumplink.gateway.journal.JournalFixture.segmentFiles;
import static io.pumplink.gateway.journal.JournalFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSegmentTest {
    @TempDir
    Path dir;

    @Test
    void aSegmentIsDeletedOnceAllItsEntriesAreReleasedInAnyOrder() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            appendFrames(journal, 1, 40); // 8 segments of 5
            assertThat(segmentFiles(dir)).hasSize(8);

            journal.release(1);
            journal.release(2);
            journal.release(4);
            journal.release(5);
            assertThat(segmentFiles(dir)).as("one entry still pins the first segment").hasSize(8);

            List<Long> rest = new ArrayList<>(LongStream.rangeClosed(6, 40).boxed().toList());
            Collections.shuffle(rest, new Random(1));
            rest.add(3L);
            rest.forEach(journal::release);

            assertThat(segmentFiles(dir)).as("only the active segment is kept")
                    .containsExactly(JournalFiles.segment(dir, 36));
            assertThat(dir.toFile().list()).allMatch(name -> name.startsWith("segment-00000000000000000036")
                    || name.equals("journal.lock") || name.equals("identities") || name.equals("durable-mark"));
            assertThat(journal.depth()).isZero();
            assertThat(journal.bytes()).isZero();
        }
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(readAll(journal)).isEmpty();
            appendFrames(journal, 41, 46);
            assertThat(segmentFiles(dir)).as("the old active segment goes once a new one takes over")
                    .containsExactly(JournalFiles.segment(dir, 41), JournalFiles.segment(dir, 46));
        }
    }

    @Test
    void aFullyReleasedSegmentLeftBehindByACrashIsDeletedOnOpen() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            appendFrames(journal, 1, 12);
        }
        Path first = segmentFiles(dir).get(0);
        byte[] kept = Files.readAllBytes(first);
        try (Journal journal = Journal.open(settings(dir))) {
            LongStream.rangeClosed(1, 5).forEach(journal::release);
        }
        assertThat(first).doesNotExist();
        // as if the crash came after the last release but before the deletion
        Files.write(first, kept);
        ReleaseLog releases = new ReleaseLog(JournalFiles.releaseLog(first));
        for (long s = 1; s <= 5; s++) {
            releases.append(s);
        }
        releases.close();
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(readAll(journal)).hasSize(7);
            assertThat(first).doesNotExist();
            assertThat(JournalFiles.releaseLog(first)).doesNotExist();
        }
    }
}
