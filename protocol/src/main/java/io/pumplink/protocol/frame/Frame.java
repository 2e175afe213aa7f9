package io.pumplink.protocol.frame;

import java.util.Arrays;

/**
 * A valid PTL v1 frame: header fields and payload. The frame layer does not interpret the type.
 *
 * @param type  message type code (u8)
 * @param flags flag bits, see {@link #RELIABLE} and {@link #RETRANSMIT}
 * @param seq   sender's sequence number (u16)
 */
public record Frame(int type, int flags, int seq, byte[] payload) implements FrameResult {
    public static final int VERSION = 1;
    public static final int RELIABLE = 0x01;
    public static final int RETRANSMIT = 0x02;
    static final int DEFINED_FLAGS = RELIABLE | RETRANSMIT;

    public static final int HEADER_LENGTH = 8;
    public static final int CRC_LENGTH = 4;
    public static final int MAX_PAYLOAD_LENGTH = 1024;
    public static final int MIN_FRAME_LENGTH = HEADER_LENGTH + CRC_LENGTH;
    public static final int MAX_FRAME_LENGTH = MIN_FRAME_LENGTH + MAX_PAYLOAD_LENGTH;

    public Frame {
        if (type < 0 || type > 0xFF) {
            throw new IllegalArgumentException("type out of u8 range: " + type);
        }
        if ((flags & ~DEFINED_FLAGS) != 0) {
            throw new IllegalArgumentException("undefined flag bits: " + flags);
        }
        if (seq < 0 || seq > 0xFFFF) {
            throw new IllegalArgumentException("seq out of u16 range: " + seq);
        }
        if (payload.length > MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("payload over " + MAX_PAYLOAD_LENGTH + " bytes: " + payload.length);
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    public boolean reliable() {
        return (flags & RELIABLE) != 0;
    }

    public boolean retransmit() {
        return (flags & RETRANSMIT) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.type == type && f.flags == flags && f.seq == seq
                && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return ((type * 31 + flags) * 31 + seq) * 31 + Arrays.hashCode(payload);
    }

    /** Header fields and payload size only: payload bytes never reach a log. */
    @Override
    public String toString() {
        return "Frame[type=0x%02x, flags=%d, seq=%d, payloadLength=%d]".formatted(type, flags, seq, payload.length);
    }
}
