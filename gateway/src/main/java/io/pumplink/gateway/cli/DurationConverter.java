package io.pumplink.gateway.cli;

import io.pumplink.config.DurationText;
import java.time.Duration;
import picocli.CommandLine;

/** {@code 500ms, 90s, 10m, 2h, 7d} or ISO-8601 ({@code PT10M}) for duration options; a bad one is a usage error. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        Duration duration;
        try {
            duration = DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new CommandLine.TypeConversionException("must be positive: " + text);
        }
        return duration;
    }
}
