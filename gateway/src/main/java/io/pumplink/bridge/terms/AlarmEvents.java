package io.pumplink.bridge.terms;

import io.pumplink.bridge.terms.AlarmReport.EventCode;
import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.AlarmCode;
import java.util.Map;

/**
 * The event code of each alarm: an IEEE 11073-10101 event term (partition 3) where one names the condition, else a
 * local code {@code PUMPLINK_EVT_<NAME>} (docs/interoperability.md, "Alarms", gives each with its reason). No MDC
 * term exists for a pump reset, lost telemetry, a battery at end of service, a stall that recovered, or any of the
 * gateway's clinical alerts.
 */
final class AlarmEvents {
    private static final Map<AlarmCode, Term> MDC = Map.of(
            AlarmCode.ALARM_CODE_LOW_RESERVOIR, Term.EVT_LO,
            AlarmCode.ALARM_CODE_EMPTY_RESERVOIR, Term.EVT_EMPTY,
            AlarmCode.ALARM_CODE_MOTOR_STALL, Term.EVT_FAIL,
            AlarmCode.ALARM_CODE_CRITICAL_MEMORY_ERROR, Term.EVT_ERR,
            AlarmCode.ALARM_CODE_BATTERY_ERI, Term.EVT_ADVIS_BATT_REPLACE,
            AlarmCode.ALARM_CODE_PROGRAMMER_LOW_BATTERY, Term.EVT_BATT_LO);

    private AlarmEvents() {
    }

    static EventCode of(Alarm alarm) {
        Term term = MDC.get(alarm.getAlarm());
        if (term != null) {
            return new EventCode(term.code(), term.refId(), true);
        }
        String name = alarm.getName().isEmpty() ? "UNKNOWN_" + alarm.getAlarmCode() : alarm.getName();
        String local = "PUMPLINK_EVT_" + name.replaceAll("[^A-Za-z0-9_]", "_"); // never an HL7 delimiter
        return new EventCode(local, local, false);
    }
}
