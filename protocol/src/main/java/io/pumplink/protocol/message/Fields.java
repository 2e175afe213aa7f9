package io.pumplink.protocol.message;

/** Range checks for record constructors: a message that exists can always be encoded as it reads. */
final class Fields {
    private Fields() {
    }

    static int u8(String field, int value) {
        return check(field, value, 0, 0xFF);
    }

    static int i8(String field, int value) {
        return check(field, value, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    static int u16(String field, int value) {
        return check(field, value, 0, 0xFFFF);
    }

    static long u32(String field, long value) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(field + " out of u32 range: " + value);
        }
        return value;
    }

    private static int check(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("%s out of range %d..%d: %d".formatted(field, min, max, value));
        }
        return value;
    }
}
