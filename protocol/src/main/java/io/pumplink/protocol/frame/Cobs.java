package io.pumplink.protocol.frame;

import io.netty.buffer.ByteBuf;

/**
 * Consistent Overhead Byte Stuffing (Cheshire &amp; Baker 1999), as ICD section 2 requires.
 * The encoder is the paper's reference encoder: a full 254-byte block closes with code 0xFF and,
 * when the input ends right there, a final code 0x01 follows. The decoder accepts both forms.
 */
public final class Cobs {
    private static final int MAX_BLOCK_CODE = 0xFF;

    private Cobs() {
    }

    /** Worst-case encoded size of {@code length} input bytes, delimiter not included. */
    public static int maxEncodedLength(int length) {
        return length + length / 254 + 1;
    }

    /** Encodes {@code src} into {@code out}; no delimiter is written. */
    public static void encode(byte[] src, int length, ByteBuf out) {
        int codeIndex = out.writerIndex();
        out.writeByte(0);
        int code = 1;
        for (int i = 0; i < length; i++) {
            byte b = src[i];
            if (b == 0) {
                out.setByte(codeIndex, code);
                codeIndex = out.writerIndex();
                out.writeByte(0);
                code = 1;
            } else {
                out.writeByte(b);
                code++;
                if (code == MAX_BLOCK_CODE) {
                    out.setByte(codeIndex, code);
                    codeIndex = out.writerIndex();
                    out.writeByte(0);
                    code = 1;
                }
            }
        }
        out.setByte(codeIndex, code);
    }

    /**
     * Decodes the encoded bytes readable in {@code in} (delimiter excluded) into {@code dst}.
     *
     * @return the decoded length, or -1 when the input is not valid COBS or does not fit {@code dst}
     */
    public static int decode(ByteBuf in, byte[] dst) {
        int read = in.readerIndex();
        int end = in.writerIndex();
        int written = 0;
        if (read == end) {
            return -1;
        }
        while (read < end) {
            int code = in.getUnsignedByte(read++);
            if (code == 0) {
                return -1;
            }
            int dataBytes = code - 1;
            if (read + dataBytes > end || written + dataBytes > dst.length) {
                return -1;
            }
            for (int i = 0; i < dataBytes; i++) {
                byte b = in.getByte(read++);
                if (b == 0) {
                    return -1;
                }
                dst[written++] = b;
            }
            if (code != MAX_BLOCK_CODE && read < end) {
                if (written == dst.length) {
                    return -1;
                }
                dst[written++] = 0;
            }
        }
        return written;
    }
}
