package io.pumplink.emulator.pump;

import java.util.ArrayDeque;
import java.util.List;

/** The rolling event log: keeps at most {@code capacity} entries not yet interrogated, dropping the oldest. */
final class EventLog {
    private final int capacity;
    private final ArrayDeque<LogRecord> pending = new ArrayDeque<>();

    EventLog(int capacity) {
        this.capacity = capacity;
    }

    void append(LogRecord record) {
        if (pending.size() == capacity) {
            pending.removeFirst();
        }
        pending.addLast(record);
    }

    /** The entries since the previous call, oldest first. */
    List<LogRecord> takeAll() {
        List<LogRecord> taken = List.copyOf(pending);
        pending.clear();
        return taken;
    }
}
