package io.pumplink.emulator.pump;

import io.pumplink.protocol.message.Alarm;

/** Something the pump reports as it happens; {@link #tsMs()} is the pump clock at that moment. */
public sealed interface PumpEvent {
    long tsMs();

    /** An alarm was raised; {@code alarm} is the ALARM message with state RAISED. */
    record AlarmRaised(Alarm alarm) implements PumpEvent {
        @Override
        public long tsMs() {
            return alarm.tsMs();
        }
    }

    /** An alarm was cleared; same alarm_id, code, priority and detail as its raise, state CLEARED. */
    record AlarmCleared(Alarm alarm) implements PumpEvent {
        @Override
        public long tsMs() {
            return alarm.tsMs();
        }
    }

    /** An entry was appended to the event log. */
    record LogAppended(LogRecord record) implements PumpEvent {
        @Override
        public long tsMs() {
            return record.tsMs();
        }
    }
}
