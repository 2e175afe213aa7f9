package io.pumplink.protocol.message;

import java.nio.charset.StandardCharsets;

/** The ICD's {@code char[16]}: ASCII 0x20–0x7E, right-padded with 0x00 (all padding bytes zero). */
final class Ascii16 {
    static final int LENGTH = 16;

    private Ascii16() {
    }

    static String decode(String field, byte[] raw) throws InvalidFieldException {
        int length = 0;
        while (length < LENGTH && raw[length] != 0) {
            if (!printable(raw[length])) {
                throw new InvalidFieldException(field, "byte 0x%02x at %d is not printable ASCII"
                        .formatted(raw[length] & 0xFF, length));
            }
            length++;
        }
        for (int i = length; i < LENGTH; i++) {
            if (raw[i] != 0) {
                throw new InvalidFieldException(field, "non-zero byte after padding at " + i);
            }
        }
        return new String(raw, 0, length, StandardCharsets.US_ASCII);
    }

    static byte[] encode(String value) {
        byte[] raw = new byte[LENGTH];
        byte[] text = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, raw, 0, text.length);
        return raw;
    }

    /** Checks a value for a record's constructor, so that only encodable strings exist. */
    static String require(String field, String value) {
        if (value.length() > LENGTH) {
            throw new IllegalArgumentException(field + " longer than " + LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x7E || !printable((byte) c)) {
                throw new IllegalArgumentException(field + " has a character outside ASCII 0x20-0x7E at " + i);
            }
        }
        return value;
    }

    private static boolean printable(byte b) {
        return b >= 0x20 && b <= 0x7E;
    }
}
