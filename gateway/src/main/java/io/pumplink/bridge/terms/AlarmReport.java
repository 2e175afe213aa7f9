package io.pumplink.bridge.terms;

import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.AlarmPriority;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.AlarmState;
import io.pumplink.proto.v1.Envelope;

/**
 * An alarm raise or clear as IHE PCD-04 (ACM) reports it, shared by the HL7 ORU^R40 and the FHIR mapping.
 *
 * @param event    what the alarm is: an MDC event term where RTMMS has one, else a local code
 *                 (docs/interoperability.md)
 * @param priority ACM priority: {@code PH}, {@code PM}, {@code PL}, or {@code PN} (none: an INFO alarm)
 * @param type     ACM alert type: {@code ST} technical (the pump's and programmer's own alarms), {@code SA} advisory
 *                 (the gateway's clinical alerts, derived from what it saw)
 * @param phase    ACM event phase: {@code start} for a raise, {@code end} for a clear
 * @param state    ACM alarm state: {@code active} while raised, {@code inactive} once cleared
 * @param text     the alarm's name and, for gateway alerts, the reason in words (never patient data)
 * @param alarmIdentity the same for an alarm's raise and its clear: {@code <pump serial>:<alarm id>}, or
 *                 {@code programmer:<serial>:<alarm id>} for a programmer's own alarm
 */
public record AlarmReport(EventCode event, String priority, String type, String phase, String state, String text,
                          long atMs, String alarmIdentity) {

    /** An alarm's event code: MDC (numeric code, REFID) or local (the REFID is also the code). */
    public record EventCode(String code, String refId, boolean mdc) {
    }

    /** The alarm an envelope carries; a programmer's own alarm (no pump) is identified by the programmer's serial. */
    public static AlarmReport of(Envelope envelope) {
        Alarm alarm = envelope.getAlarm();
        String device = alarm.getPumpSerial().isEmpty()
                ? "programmer:" + envelope.getHeader().getProgrammerSerial() : alarm.getPumpSerial();
        boolean raised = alarm.getState() == AlarmState.ALARM_STATE_RAISED;
        String text = alarm.getReason().isEmpty() ? alarm.getName() : alarm.getName() + ": " + alarm.getReason();
        return new AlarmReport(AlarmEvents.of(alarm), priority(alarm.getPriority()),
                alarm.getSource() == AlarmSource.ALARM_SOURCE_GATEWAY ? "SA" : "ST",
                raised ? "start" : "end", raised ? "active" : "inactive", text, alarm.getTsMs(),
                device + ":" + alarm.getAlarmId());
    }

    private static String priority(AlarmPriority priority) {
        return switch (priority) {
            case ALARM_PRIORITY_HIGH -> "PH";
            case ALARM_PRIORITY_MEDIUM -> "PM";
            case ALARM_PRIORITY_LOW -> "PL";
            default -> "PN";
        };
    }
}
