package io.pumplink.protocol.message;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian field writer for a payload of known length. */
public final class PayloadWriter {
    private final ByteBuffer buffer;

    PayloadWriter(int length) {
        this.buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    }

    public PayloadWriter u8(int value) {
        buffer.put((byte) value);
        return this;
    }

    public PayloadWriter u16(int value) {
        buffer.putShort((short) value);
        return this;
    }

    public PayloadWriter u32(long value) {
        buffer.putInt((int) value);
        return this;
    }

    public PayloadWriter i32(int value) {
        buffer.putInt(value);
        return this;
    }

    public PayloadWriter u64(long value) {
        buffer.putLong(value);
        return this;
    }

    public PayloadWriter ascii16(String value) {
        buffer.put(Ascii16.encode(value));
        return this;
    }

    byte[] toBytes() {
        if (buffer.hasRemaining()) {
            throw new IllegalStateException(buffer.remaining() + " payload bytes left unwritten");
        }
        return buffer.array();
    }
}
