package io.pumplink.gateway.journal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSettingsTest {
    private static final Path DIR = Path.of("journal");

    @Test
    void defaultsAreValid() {
        assertThatCode(() -> JournalSettings.defaults(DIR)).doesNotThrowAnyException();
    }

    @Test
    void eachInvalidSettingIsNamed() {
        assertInvalid(() -> new JournalSettings(null, 1 << 20, 4096, Duration.ZERO, 1, 0), "dir");
        assertInvalid(() -> new JournalSettings(DIR, 1 << 20, 100, Duration.ZERO, 1, 0), "segmentBytes");
        assertInvalid(() -> new JournalSettings(DIR, 1L << 40, 1L << 30, Duration.ZERO, 1, 0), "segmentBytes");
        assertInvalid(() -> new JournalSettings(DIR, 1024, 4096, Duration.ZERO, 1, 0), "maxBytes");
        assertInvalid(() -> new JournalSettings(DIR, 1 << 20, 4096, null, 1, 0), "groupCommitMaxDelay");
        assertInvalid(() -> new JournalSettings(DIR, 1 << 20, 4096, Duration.ofMillis(-1), 1, 0),
                "groupCommitMaxDelay");
        assertInvalid(() -> new JournalSettings(DIR, 1 << 20, 4096, Duration.ofSeconds(2), 1, 0),
                "groupCommitMaxDelay");
        assertInvalid(() -> new JournalSettings(DIR, 1 << 20, 4096, Duration.ZERO, 0, 0), "groupCommitMaxEntries");
        assertInvalid(() -> new JournalSettings(DIR, 1 << 20, 4096, Duration.ZERO, 1, -1), "identityRetention");
    }

    @Test
    void recordsLargerThanASegmentAndBadIdentitiesAreRefused(@TempDir Path dir) throws Exception {
        try (Journal journal = Journal.open(JournalFixture.settings(dir))) {
            assertThatThrownBy(() -> journal.append(new byte[(int) JournalFixture.SMALL_SEGMENT], Optional.empty()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segmentBytes");
            assertThatThrownBy(() -> journal.append(new byte[1], Optional.of("")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity");
        }
    }

    private static void assertInvalid(Runnable construct, String setting) {
        assertThatThrownBy(construct::run).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(setting + " must");
    }
}
