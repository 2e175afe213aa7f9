package io.pumplink.protocol.message;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian field reader over a payload whose minimum length the dispatcher has already checked. */
public final class PayloadReader {
    private final ByteBuffer buffer;

    PayloadReader(byte[] payload) {
        this.buffer = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    }

    public int u8() {
        return buffer.get() & 0xFF;
    }

    public int i8() {
        return buffer.get();
    }

    public int u16() {
        return buffer.getShort() & 0xFFFF;
    }

    public long u32() {
        return buffer.getInt() & 0xFFFFFFFFL;
    }

    public int i32() {
        return buffer.getInt();
    }

    /** u64 carried in a long; values above 2^63 keep their bits. */
    public long u64() {
        return buffer.getLong();
    }

    /** A {@code char[16]} field: printable ASCII right-padded with 0x00. */
    public String ascii16(String field) throws InvalidFieldException {
        byte[] raw = new byte[Ascii16.LENGTH];
        buffer.get(raw);
        return Ascii16.decode(field, raw);
    }
}
