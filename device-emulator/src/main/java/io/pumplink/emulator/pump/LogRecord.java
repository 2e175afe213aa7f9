package io.pumplink.emulator.pump;

import io.pumplink.protocol.message.LogEntry;

/** One entry of the pump's event log; {@code tsMs} is the pump clock, a/b/c as the ICD gives per event. */
public record LogRecord(long tsMs, int eventCode, int a, int b, int c) {
    /** The LOG_ENTRY that carries this record as entry {@code index} of interrogation session {@code sessionId}. */
    public LogEntry toEntry(String pumpSerial, long sessionId, int index) {
        return new LogEntry(tsMs, pumpSerial, sessionId, index, eventCode, a, b, c);
    }
}
