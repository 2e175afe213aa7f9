package io.pumplink.protocol.transport;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * A serial device (USB-UART, RS-232, Bluetooth SPP {@code /dev/rfcommN}, a socat PTY link) and the bit rate to
 * open it with. Framing is fixed by ICD section 1 (8N1, no flow control), so only the baud varies per link.
 */
public final class SerialAddress extends SocketAddress {
    private static final long serialVersionUID = 1L;

    /** ICD section 1: configurable range and default. */
    public static final int MIN_BAUD = 9600;
    public static final int MAX_BAUD = 921600;
    public static final int DEFAULT_BAUD = 115200;

    private final String path;
    private final int baud;

    public SerialAddress(String path) {
        this(path, DEFAULT_BAUD);
    }

    public SerialAddress(String path, int baud) {
        Objects.requireNonNull(path, "path");
        if (path.isBlank()) {
            throw new IllegalArgumentException("serial path is empty");
        }
        if (baud < MIN_BAUD || baud > MAX_BAUD) {
            throw new IllegalArgumentException("baud " + baud + " outside " + MIN_BAUD + ".." + MAX_BAUD);
        }
        this.path = path;
        this.baud = baud;
    }

    public String path() {
        return path;
    }

    public int baud() {
        return baud;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SerialAddress other && other.baud == baud && other.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + baud;
    }

    @Override
    public String toString() {
        return path + "@" + baud;
    }
}
