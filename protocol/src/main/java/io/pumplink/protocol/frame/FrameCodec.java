package io.pumplink.protocol.frame;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32C;

/** Frame layer rules of ICD section 2, free of any channel state: validation order is the ICD's. */
public final class FrameCodec {
    public static final byte DELIMITER = 0x00;

    private FrameCodec() {
    }

    /**
     * Decodes one COBS run (delimiter excluded) into {@code scratch}, which must be at least as long as the
     * run: COBS output is always shorter than its input, so only malformed input can fail to fit.
     */
    public static FrameResult decode(ByteBuf encoded, byte[] scratch) {
        int encodedLength = encoded.readableBytes();
        int size = Cobs.decode(encoded, scratch);
        if (size < 0) {
            return new InvalidFrame(InvalidReason.COBS_ERROR, encodedLength);
        }
        return parse(scratch, size, encodedLength);
    }

    /** Checks and reads decoded frame bytes (as {@link #toBytes} gives them, e.g. kept in a journal). */
    public static FrameResult parse(byte[] raw) {
        return parse(raw, raw.length, raw.length);
    }

    private static FrameResult parse(byte[] raw, int size, int reportedLength) {
        InvalidReason reason = check(raw, size);
        if (reason != null) {
            return new InvalidFrame(reason, reportedLength);
        }
        byte[] payload = new byte[size - Frame.MIN_FRAME_LENGTH];
        System.arraycopy(raw, Frame.HEADER_LENGTH, payload, 0, payload.length);
        return new Frame(raw[1] & 0xFF, raw[2] & 0xFF, u16(raw, 4), payload);
    }

    private static InvalidReason check(byte[] f, int size) {
        if (size < Frame.MIN_FRAME_LENGTH) {
            return InvalidReason.TOO_SHORT;
        }
        if (size > Frame.MAX_FRAME_LENGTH) {
            return InvalidReason.TOO_LONG;
        }
        int crcOffset = size - Frame.CRC_LENGTH;
        if (crc(f, crcOffset) != u32(f, crcOffset)) {
            return InvalidReason.CRC_MISMATCH;
        }
        if (u16(f, 6) != size - Frame.MIN_FRAME_LENGTH) {
            return InvalidReason.LENGTH_MISMATCH;
        }
        if (f[0] != Frame.VERSION) {
            return InvalidReason.BAD_VERSION;
        }
        if ((f[2] & ~Frame.DEFINED_FLAGS) != 0 || f[3] != 0) {
            return InvalidReason.RESERVED_BITS;
        }
        return null;
    }

    /** Encodes a frame as it goes on the wire: COBS, then the delimiter. */
    public static void encode(Frame frame, ByteBuf out) {
        byte[] raw = toBytes(frame);
        out.ensureWritable(Cobs.maxEncodedLength(raw.length) + 1);
        Cobs.encode(raw, raw.length, out);
        out.writeByte(DELIMITER);
    }

    /** The decoded frame bytes: header, payload and CRC. */
    public static byte[] toBytes(Frame frame) {
        int length = frame.payloadLength();
        byte[] raw = new byte[Frame.MIN_FRAME_LENGTH + length];
        raw[0] = Frame.VERSION;
        raw[1] = (byte) frame.type();
        raw[2] = (byte) frame.flags();
        putU16(raw, 4, frame.seq());
        putU16(raw, 6, length);
        System.arraycopy(frame.payload(), 0, raw, Frame.HEADER_LENGTH, length);
        int crcOffset = Frame.HEADER_LENGTH + length;
        long crc = crc(raw, crcOffset);
        for (int i = 0; i < Frame.CRC_LENGTH; i++) {
            raw[crcOffset + i] = (byte) (crc >>> (8 * i));
        }
        return raw;
    }

    /** CRC-32C over {@code bytes[0, length)}. */
    public static long crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static int u16(byte[] b, int offset) {
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int offset) {
        return (u16(b, offset) | (long) u16(b, offset + 2) << 16) & 0xFFFFFFFFL;
    }

    private static void putU16(byte[] b, int offset, int value) {
        b[offset] = (byte) value;
        b[offset + 1] = (byte) (value >>> 8);
    }
}
