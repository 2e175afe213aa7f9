package io.pumplink.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as scenario files write them: {@code <n>ms|s|m|h|d} (500ms, 90s, 10m, 2h, 7d) or ISO-8601 (PT10M). */
public final class DurationText {
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private DurationText() {
    }

    /** @throws IllegalArgumentException when the text is in neither form or too large for a {@link Duration} */
    public static Duration parse(String text) {
        Matcher shortForm = SHORT.matcher(text);
        try {
            if (shortForm.matches()) {
                return Unit.of(shortForm.group(2)).length.multipliedBy(Long.parseLong(shortForm.group(1)));
            }
            return Duration.parse(text);
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration like 500ms, 90s, 10m, 2h, 7d or PT10M: " + text, e);
        }
    }

    /** The short form in the largest unit that is exact (90s, 10m, 7d); ISO-8601 below a millisecond. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        for (Unit unit : Unit.values()) {
            long count = duration.dividedBy(unit.length);
            if (unit.length.multipliedBy(count).equals(duration)) {
                return count + unit.suffix;
            }
        }
        return duration.toString();
    }

    /** Largest first, so that {@link #format} picks the largest exact one. */
    private enum Unit {
        DAYS("d", Duration.ofDays(1)),
        HOURS("h", Duration.ofHours(1)),
        MINUTES("m", Duration.ofMinutes(1)),
        SECONDS("s", Duration.ofSeconds(1)),
        MILLIS("ms", Duration.ofMillis(1));

        private final String suffix;
        private final Duration length;

        Unit(String suffix, Duration length) {
            this.suffix = suffix;
            this.length = length;
        }

        static Unit of(String suffix) {
            for (Unit unit : values()) {
                if (unit.suffix.equals(suffix)) {
                    return unit;
                }
            }
            throw new IllegalArgumentException("no unit " + suffix);
        }
    }
}
