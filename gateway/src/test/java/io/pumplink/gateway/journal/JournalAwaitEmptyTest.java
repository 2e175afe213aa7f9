package io.pumplink.gateway.journal;

import static io.pumplink.gateway.journal.JournalFixture.appendFrames;
import static io.pumplink.gateway.journal.JournalFixture.readAll;
import static io.pumplink.gateway.journal.JournalFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shutdown waits on the journal draining, not on a polling loop. */
class JournalAwaitEmptyTest {
    @TempDir
    Path dir;

    @Test
    void returnsAtOnceWhenEmptyAndWhenTheLastEntryIsReleased() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(journal.awaitEmpty(Duration.ZERO)).isTrue();
            appendFrames(journal, 1, 2);
            List<Entry> entries = readAll(journal);
            assertThat(journal.awaitEmpty(Duration.ZERO)).isFalse();

            CompletableFuture<Boolean> emptied = CompletableFuture.supplyAsync(() -> awaitEmpty(journal));
            journal.release(entries.get(0).sequence());
            assertThat(emptied).as("one entry is left").isNotDone();
            journal.release(entries.get(1).sequence());

            assertThat(emptied.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static boolean awaitEmpty(Journal journal) {
        try {
            return journal.awaitEmpty(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            throw new CompletionException(e);
        }
    }
}
