package io.pumplink.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.pumplink.protocol.message.WireCode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Conversions from one YAML value to a checked Java value. Each failure says what was expected and what was found;
 * {@link MapReader} adds the key path.
 */
public final class Values {
    public static final int U8_MAX = 0xFF;
    public static final int U16_MAX = 0xFFFF;
    /** Rates, concentrations and log values travel in i32 fields (LOG_ENTRY a, b, c). */
    public static final long I32_MAX = Integer.MAX_VALUE;
    /** A battery level. */
    public static final Value<Integer> PERCENT = intWithin(0, 100);

    private static final Pattern TIME_OF_DAY = Pattern.compile("\\d{2}:\\d{2}");
    private static final int ASCII16_LENGTH = 16;

    private Values() {
    }

    /** Reads one value or throws {@link Invalid}. */
    @FunctionalInterface
    public interface Value<T> {
        T from(JsonNode node);
    }

    /** A value that does not fit; the message is the reason, without the key path. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    public static Value<Long> longWithin(long min, long max) {
        return node -> bounded(node, BigDecimal.valueOf(min), BigDecimal.valueOf(max), true).longValueExact();
    }

    public static Value<Integer> intWithin(int min, int max) {
        return node -> bounded(node, BigDecimal.valueOf(min), BigDecimal.valueOf(max), true).intValueExact();
    }

    public static Value<Double> decimalWithin(double min, double max) {
        return node -> bounded(node, BigDecimal.valueOf(min), BigDecimal.valueOf(max), false).doubleValue();
    }

    public static Value<Boolean> bool() {
        return node -> {
            if (!node.isBoolean()) {
                throw invalid("must be true or false", node);
            }
            return node.booleanValue();
        };
    }

    public static Value<String> text() {
        return node -> {
            if (!node.isTextual()) {
                throw invalid("must be a string", node);
            }
            return node.textValue();
        };
    }

    public static Value<String> matching(Pattern pattern) {
        return node -> {
            String text = text().from(node);
            if (!pattern.matcher(text).matches()) {
                throw invalid("must match " + pattern.pattern(), node);
            }
            return text;
        };
    }

    /** The ICD's {@code char[16]}, not empty: an all-zero serial means "no pump" on the wire. */
    public static Value<String> ascii16() {
        return node -> {
            String text = text().from(node);
            if (text.isEmpty() || text.length() > ASCII16_LENGTH) {
                throw invalid("must be 1.." + ASCII16_LENGTH + " characters long", node);
            }
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) < 0x20 || text.charAt(i) > 0x7E) {
                    throw invalid("must be printable ASCII 0x20-0x7E (character " + i + " is not)", node);
                }
            }
            return text;
        };
    }

    public static Value<Duration> durationWithin(Duration min, Duration max) {
        return node -> {
            Duration duration;
            try {
                duration = DurationText.parse(textOrEmpty(node));
            } catch (IllegalArgumentException e) {
                throw invalid("must be a duration like 500ms, 90s, 10m, 2h, 7d or PT10M", node);
            }
            if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
                throw invalid("must be within " + DurationText.format(min) + ".." + DurationText.format(max), node);
            }
            return duration;
        };
    }

    /** ISO-8601 with an offset: 2026-01-01T08:00:00Z or 2026-01-01T09:00:00+01:00. */
    public static Value<Instant> instant() {
        return node -> {
            try {
                return OffsetDateTime.parse(textOrEmpty(node)).toInstant();
            } catch (DateTimeParseException e) {
                throw invalid("must be an ISO-8601 instant like 2026-01-01T08:00:00Z", node);
            }
        };
    }

    public static Value<LocalTime> timeOfDay() {
        return node -> {
            String text = textOrEmpty(node);
            try {
                if (TIME_OF_DAY.matcher(text).matches()) {
                    return LocalTime.parse(text);
                }
            } catch (DateTimeParseException e) {
                // falls through to the same message as any other malformed time
            }
            throw invalid("must be a time of day HH:mm like \"07:00\"", node);
        };
    }

    public static <E extends Enum<E>> Value<E> oneOf(List<E> allowed) {
        return node -> named(allowed, node).orElseThrow(() -> invalid("must be one of " + names(allowed), node));
    }

    /**
     * An ICD code given by one of the {@code named} constants or by number. With {@code anyU8} any number 0..255 is
     * accepted (a code the ICD does not name); otherwise only the named constants' own codes.
     */
    public static <E extends Enum<E> & WireCode> Value<Integer> nameOrCode(List<E> named, boolean anyU8) {
        String expectation = "must be one of " + names(named) + " or " + (anyU8 ? "a number 0.." + U8_MAX
                : "their codes " + named.stream().map(value -> String.valueOf(value.code()))
                        .collect(Collectors.joining(", ")));
        return node -> {
            Optional<Integer> code = node.isIntegralNumber() && node.canConvertToInt()
                    ? Optional.of(node.intValue()) : named(named, node).map(WireCode::code);
            return code.filter(value -> anyU8 ? value >= 0 && value <= U8_MAX
                            : named.stream().anyMatch(constant -> constant.code() == value))
                    .orElseThrow(() -> invalid(expectation, node));
        };
    }

    /** How a value appears in a message: strings quoted, numbers and booleans as written, containers by kind. */
    public static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "\"" + node.textValue() + "\"";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return node.isArray() ? "a list" : node.asText();
    }

    /** For values written as text, so that a number gets the message that says which text is expected. */
    private static String textOrEmpty(JsonNode node) {
        return node.isTextual() ? node.textValue() : "";
    }

    private static BigDecimal bounded(JsonNode node, BigDecimal min, BigDecimal max, boolean integral) {
        if (!node.isNumber()) {
            throw invalid(integral ? "must be an integer" : "must be a number", node);
        }
        if (integral && !node.isIntegralNumber()) {
            throw invalid("must be an integer", node);
        }
        BigDecimal value = node.decimalValue();
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw invalid("must be within " + plain(min) + ".." + plain(max), node);
        }
        return value;
    }

    /** A number as people write it: 0.01, 600, never 6E+2 or 600.0. */
    public static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    private static String names(List<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).collect(Collectors.joining(", "));
    }

    private static <E extends Enum<E>> Optional<E> named(List<E> allowed, JsonNode node) {
        return allowed.stream().filter(value -> node.isTextual() && value.name().equals(node.textValue())).findFirst();
    }

    public static Invalid invalid(String expectation, JsonNode found) {
        return new Invalid(expectation + ", got " + describe(found));
    }
}
