package io.pumplink.protocol.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Appends capture records; thread-safe, since both directions of a link write from their own threads. */
public final class CaptureWriter implements AutoCloseable {
    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(CaptureFormat.RECORD_HEADER_LENGTH)
            .order(ByteOrder.LITTLE_ENDIAN);

    public CaptureWriter(Path file) throws IOException {
        this(Files.newOutputStream(file));
    }

    public CaptureWriter(OutputStream out) throws IOException {
        this.out = new BufferedOutputStream(out);
        this.out.write(CaptureFormat.MAGIC);
    }

    public synchronized void write(long timestampMicros, Direction direction, byte[] bytes, int offset, int length)
            throws IOException {
        header.clear();
        header.putLong(timestampMicros).put((byte) direction.code()).putInt(length);
        out.write(header.array());
        out.write(bytes, offset, length);
    }

    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
