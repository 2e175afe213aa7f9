package io.pumplink.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journal entries are health data: 0600 files in a 0700 directory, made so at creation and on open. */
class JournalPermissionsTest {
    @TempDir
    Path tmp;

    @Test
    void aNewJournalIsOwnerOnly() throws Exception {
        Path dir = tmp.resolve("journal");
        try (Journal journal = Journal.open(JournalFixture.settings(dir))) {
            journal.append(JournalFixture.payload(1), Optional.empty()).join();
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).isNotEmpty().allSatisfy(file -> assertThat(mode(file)).isEqualTo("rw-------"));
        }
    }

    @Test
    void aLooseJournalIsTightenedOnOpen() throws Exception {
        Path dir = tmp.resolve("journal");
        try (Journal journal = Journal.open(JournalFixture.settings(dir))) {
            journal.append(JournalFixture.payload(1), Optional.empty()).join();
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        try (Journal journal = Journal.open(JournalFixture.settings(dir))) {
            assertThat(journal.depth()).isEqualTo(1);
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).allSatisfy(file -> assertThat(mode(file)).isEqualTo("rw-------"));
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
