package io.pumplink.bridge.terms;

import io.pumplink.bridge.terms.AlarmReport.EventCode;
import io.pumplink.proto.v1.Alarm;

/**
 * The event code of each alarm: an IEEE 11073-10101 event term from NIST RTMMS where one names the condition, else
 * a local code {@code PUMPLINK_EVT_<NAME>} (docs/interoperability.md, "Alarms").
 */
final class AlarmEvents {
    private AlarmEvents() {
    }

    static EventCode of(Alarm alarm) {
        String name = alarm.getName().isEmpty() ? "UNKNOWN_" + alarm.getAlarmCode() : alarm.getName();
        return new EventCode("PUMPLINK_EVT_" + name, "PUMPLINK_EVT_" + name, false);
    }
}
