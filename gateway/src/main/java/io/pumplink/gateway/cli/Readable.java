package io.pumplink.gateway.cli;

import com.google.protobuf.ProtocolMessageEnum;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Values as the {@code watch} lines print them: units, enum names and dates, the same in every kind of body. */
final class Readable {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Readable() {
    }

    /** The enum's name without its prefix, or {@code what code N} when the number is not one this build knows. */
    static String name(ProtocolMessageEnum value, String prefix, String what, int code) {
        Enum<?> constant = (Enum<?>) value;
        boolean known = !constant.name().equals("UNRECOGNIZED") && value.getNumber() != 0;
        return known ? constant.name().substring(prefix.length()) : what + " code " + Integer.toUnsignedString(code);
    }

    static String ml(int microlitres) {
        return fmt("%.1f mL", Integer.toUnsignedLong(microlitres) / 1000.0);
    }

    static String dailyVolume(long nlPerDay) {
        return fmt("%.3f mL/day", nlPerDay / 1e6);
    }

    /** One decimal, none when it is 0: {@code 550 µg/day}, {@code 2.4 µg/day}. */
    static String dailyDose(double ugPerDay) {
        String text = fmt("%.1f", ugPerDay);
        return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + " µg/day";
    }

    static String concentration(int microgramsPerMl) {
        return Integer.toUnsignedString(microgramsPerMl) + " µg/mL";
    }

    static String days(double days) {
        return fmt("%.1f d", days);
    }

    static String date(long epochMs, ZoneId zone) {
        return Instant.ofEpochMilli(epochMs).atZone(zone).toLocalDate().toString();
    }

    static String dateTime(long epochMs, ZoneId zone) {
        return DATE_TIME.format(Instant.ofEpochMilli(epochMs).atZone(zone));
    }

    static String lower(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
