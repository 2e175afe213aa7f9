package io.pumplink.protocol.capture;

/** One capture record: when, which way, and the bytes (never logged: {@link #toString()} gives sizes only). */
public record CaptureRecord(long timestampMicros, Direction direction, byte[] bytes) {
    @Override
    public String toString() {
        return "CaptureRecord[timestampMicros=%d, direction=%s, length=%d]"
                .formatted(timestampMicros, direction, bytes.length);
    }
}
