package io.pumplink.emulator.pump;

import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The active alarms of one pump, at most one per code. Alarm ids increase from 1 per pump; a CLEARED repeats
 * the id, code, priority and detail of its RAISED so the pair can be matched.
 */
final class AlarmBook {
    private final String pumpSerial;
    private final Map<AlarmCode, Alarm> active = new EnumMap<>(AlarmCode.class);
    /** Alarms that clear themselves, with the simulated time at which they do. */
    private final Map<AlarmCode, Long> clearAtSimMs = new EnumMap<>(AlarmCode.class);
    private long lastAlarmId;

    AlarmBook(String pumpSerial) {
        this.pumpSerial = pumpSerial;
    }

    boolean isActive(AlarmCode code) {
        return active.containsKey(code);
    }

    /** Raises {@code code}; the caller clears an active alarm of the same code first. */
    Alarm raise(AlarmCode code, AlarmPriority priority, int detail, long pumpMs) {
        Alarm alarm = new Alarm(pumpMs, pumpSerial, ++lastAlarmId, code.code(), priority.code(),
                AlarmState.RAISED.code(), detail);
        active.put(code, alarm);
        return alarm;
    }

    /** The CLEARED message for {@code code}, if it was active. */
    Optional<Alarm> clear(AlarmCode code, long pumpMs) {
        clearAtSimMs.remove(code);
        return Optional.ofNullable(active.remove(code)).map(raised -> new Alarm(pumpMs, pumpSerial,
                raised.alarmId(), raised.alarmCode(), raised.priorityCode(), AlarmState.CLEARED.code(),
                raised.detail()));
    }

    void clearAt(AlarmCode code, long simMs) {
        clearAtSimMs.put(code, simMs);
    }

    long nextClearSimMs() {
        long next = Long.MAX_VALUE;
        for (long atSimMs : clearAtSimMs.values()) {
            next = Math.min(next, atSimMs);
        }
        return next;
    }

    /** Codes due to clear by {@code simMs}, in code order so that simultaneous clears come out the same way. */
    List<AlarmCode> dueClears(long simMs) {
        List<AlarmCode> due = new ArrayList<>();
        clearAtSimMs.forEach((code, atSimMs) -> {
            if (atSimMs <= simMs) {
                due.add(code);
            }
        });
        return due;
    }

    /** Active alarms, oldest first. */
    List<Alarm> active() {
        return active.values().stream().sorted(Comparator.comparingLong(Alarm::alarmId)).toList();
    }
}
