package io.pumplink.protocol.capture;

import java.nio.charset.StandardCharsets;

/**
 * The PumpLink capture format (documented in docs/capture-format.md): the magic {@code "PTLCAP1\n"}, then
 * records of {@code u64 timestamp (µs since the Unix epoch, UTC)}, {@code u8 direction} (1 programmer→gateway,
 * 2 gateway→programmer), {@code u32 length}, and that many raw link bytes, all little-endian. Records are
 * written as bytes cross the link, so one record may hold part of a frame or several frames.
 */
public final class CaptureFormat {
    static final byte[] MAGIC = "PTLCAP1\n".getBytes(StandardCharsets.US_ASCII);
    /** Bytes to read from the start of a file to tell whether it is a capture. */
    public static final int MAGIC_LENGTH = MAGIC.length;
    static final int RECORD_HEADER_LENGTH = 8 + 1 + 4;
    /** A record never holds more than this, so a corrupt length cannot make a reader allocate without bound. */
    public static final int MAX_RECORD_LENGTH = 1 << 20;

    private CaptureFormat() {
    }

    /** Whether {@code head} (the first bytes of a file) starts with the capture magic. */
    public static boolean isCapture(byte[] head, int length) {
        if (length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (head[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
