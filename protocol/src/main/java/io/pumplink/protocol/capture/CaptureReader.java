package io.pumplink.protocol.capture;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/** Reads capture records in order. A record cut short at the end of the file is reported, not returned. */
public final class CaptureReader implements AutoCloseable {
    private final DataInputStream in;
    private final byte[] header = new byte[CaptureFormat.RECORD_HEADER_LENGTH];
    private boolean truncated;

    /** @param in positioned after the magic (see {@link #open}) */
    private CaptureReader(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** Checks the magic and returns a reader positioned on the first record. */
    public static CaptureReader open(InputStream in) throws IOException {
        byte[] magic = in.readNBytes(CaptureFormat.MAGIC.length);
        if (!CaptureFormat.isCapture(magic, magic.length)) {
            throw new IOException("not a PumpLink capture: missing PTLCAP1 magic");
        }
        return new CaptureReader(in);
    }

    /** The next record, or empty at the end of the file (check {@link #truncated()}). */
    public Optional<CaptureRecord> next() throws IOException {
        int got = in.readNBytes(header, 0, header.length);
        if (got == 0) {
            return Optional.empty();
        }
        if (got < header.length) {
            truncated = true;
            return Optional.empty();
        }
        ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long timestampMicros = fields.getLong();
        Direction direction = direction(fields.get() & 0xFF);
        int length = fields.getInt();
        if (length < 0 || length > CaptureFormat.MAX_RECORD_LENGTH) {
            throw new IOException("capture record length " + Integer.toUnsignedString(length)
                    + " outside 0.." + CaptureFormat.MAX_RECORD_LENGTH);
        }
        byte[] bytes = new byte[length];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            truncated = true;
            return Optional.empty();
        }
        return Optional.of(new CaptureRecord(timestampMicros, direction, bytes));
    }

    private static Direction direction(int code) throws IOException {
        try {
            return Direction.of(code);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The bytes of one direction, record after record, as one stream: what that side's receiver saw. */
    public InputStream bytesOf(Direction direction) {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (position == current.length) {
                    Optional<CaptureRecord> record = next();
                    if (record.isEmpty()) {
                        return -1;
                    }
                    if (record.get().direction() == direction) {
                        current = record.get().bytes();
                        position = 0;
                    }
                }
                int n = Math.min(len, current.length - position);
                System.arraycopy(current, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /** Whether the file ended inside a record (a capture cut short by a crash). */
    public boolean truncated() {
        return truncated;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
