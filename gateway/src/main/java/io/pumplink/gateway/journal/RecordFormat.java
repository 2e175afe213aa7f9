package io.pumplink.gateway.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32C;

/** Encodes and checks journal records; the byte layout is in the package documentation. */
final class RecordFormat {
    static final int MAGIC = 0x504A4C31;
    static final int HEADER_BYTES = 30;
    static final int MAX_IDENTITY_BYTES = 0xFFFF;
    private static final int CRC_OFFSET = 26;

    /** A header that passed every check, including the CRC over the whole record. */
    record Header(long sequence, long appendedAtMs, int identityLength, int payloadLength) {
        int recordLength() {
            return HEADER_BYTES + identityLength + payloadLength;
        }
    }

    private RecordFormat() {
    }

    static int recordLength(int identityBytes, int payloadBytes) {
        return HEADER_BYTES + identityBytes + payloadBytes;
    }

    static void encode(ByteBuffer out, long sequence, long appendedAtMs, byte[] identity, byte[] payload) {
        int start = out.position();
        out.putInt(MAGIC).putLong(sequence).putLong(appendedAtMs).putShort((short) identity.length)
                .putInt(payload.length).putInt(0).put(identity).put(payload);
        out.putInt(start + CRC_OFFSET, crc(out, start, identity.length + payload.length));
    }

    /**
     * The header of the record at {@code pos}, or null when the bytes there, up to {@code limit}, are not a
     * complete record with a matching CRC.
     */
    static Header check(ByteBuffer buf, int pos, int limit) {
        if (limit - pos < HEADER_BYTES || buf.getInt(pos) != MAGIC) {
            return null;
        }
        int identityLength = Short.toUnsignedInt(buf.getShort(pos + 20));
        int payloadLength = buf.getInt(pos + 22);
        if (payloadLength < 0 || payloadLength > limit - pos - HEADER_BYTES - identityLength) {
            return null;
        }
        if (buf.getInt(pos + CRC_OFFSET) != crc(buf, pos, identityLength + payloadLength)) {
            return null;
        }
        return new Header(buf.getLong(pos + 4), buf.getLong(pos + 12), identityLength, payloadLength);
    }

    static Optional<String> identity(ByteBuffer buf, int pos, Header header) {
        if (header.identityLength() == 0) {
            return Optional.empty();
        }
        byte[] bytes = new byte[header.identityLength()];
        buf.get(pos + HEADER_BYTES, bytes);
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    /** The whole record at the start of {@code record}, or null when it is not intact. */
    static Entry decode(byte[] record) {
        ByteBuffer buf = ByteBuffer.wrap(record);
        Header header = check(buf, 0, record.length);
        if (header == null) {
            return null;
        }
        byte[] payload = new byte[header.payloadLength()];
        buf.get(HEADER_BYTES + header.identityLength(), payload);
        return new Entry(header.sequence(), header.appendedAtMs(), payload, identity(buf, 0, header));
    }

    private static int crc(ByteBuffer buf, int start, int bodyLength) {
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(start, CRC_OFFSET));
        crc.update(buf.slice(start + HEADER_BYTES, bodyLength));
        return (int) crc.getValue();
    }
}
