package io.pumplink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {
    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "90s, PT1M30S",
            "10m, PT10M",
            "2h, PT2H",
            "7d, PT168H",
            "0s, PT0S",
            "PT10M, PT10M",
            "P1DT2H, PT26H",
            "pt1.5s, PT1.5S"})
    void parsesTheShortFormAndIso8601(String text, Duration expected) {
        assertThat(DurationText.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "10 m", "1.5h", "m", "-5s", "10min", "10M", "P", "99999999999999999999d",
            "106751991167301d"})
    void rejectsAnythingElse(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> DurationText.parse(text))
                .withMessage("not a duration like 500ms, 90s, 10m, 2h, 7d or PT10M: " + text);
    }

    @ParameterizedTest
    @CsvSource({
            "PT0S, 0s",
            "PT0.1S, 100ms",
            "PT1.5S, 1500ms",
            "PT90S, 90s",
            "PT1H, 1h",
            "PT36H, 36h",
            "PT3650H, 3650h",
            "PT87600H, 3650d",
            "PT0.0000001S, PT0.0000001S"})
    void formatsInTheLargestExactUnit(Duration duration, String expected) {
        assertThat(DurationText.format(duration)).isEqualTo(expected);
        if (!expected.startsWith("PT")) {
            assertThat(DurationText.parse(expected)).isEqualTo(duration);
        }
    }
}
