package io.pumplink.gateway.cli;

import static io.pumplink.gateway.cli.Readable.fmt;
import static io.pumplink.gateway.cli.Readable.lower;
import static io.pumplink.gateway.cli.Readable.name;

import io.pumplink.proto.v1.ActiveAlarms;
import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.AlarmCode;
import io.pumplink.proto.v1.AlarmSource;
import java.util.StringJoiner;

/** Alarm events and active sets, the pumps', programmers' and the gateway's own alike, each with who raised it. */
final class AlarmLines {
    private AlarmLines() {
    }

    /**
     * {@code ALARM RAISED LOW_RESERVOIR medium id=9 detail=1998, pump}; the gateway's own alerts say why:
     * {@code ALARM RAISED THERAPY_INTERRUPTED high id=3 detail=1, gateway: flow mode STOPPED}.
     */
    static String event(Alarm a) {
        String source = switch (a.getSource()) {
            case ALARM_SOURCE_PUMP -> ", pump";
            case ALARM_SOURCE_PROGRAMMER -> ", programmer";
            case ALARM_SOURCE_GATEWAY -> ", gateway" + (a.getReason().isEmpty() ? "" : ": " + a.getReason());
            default -> "";
        };
        return "ALARM " + name(a.getState(), "ALARM_STATE_", "state", a.getStateCode()) + " " + alarm(a) + source;
    }

    /** All of them are RAISED; the gateway's alerts are marked, as their ids are counted apart from the pump's. */
    static String active(ActiveAlarms active) {
        if (active.getAlarmsCount() == 0) {
            return "ACTIVE ALARMS none";
        }
        StringJoiner each = new StringJoiner(", ");
        for (Alarm a : active.getAlarmsList()) {
            each.add(alarm(a) + (a.getSource() == AlarmSource.ALARM_SOURCE_GATEWAY ? " (gateway)" : ""));
        }
        return "ACTIVE ALARMS " + active.getAlarmsCount() + ": " + each;
    }

    /** {@code LOW_RESERVOIR medium id=9 detail=1998}: the published name when this build does not know the code. */
    private static String alarm(Alarm a) {
        boolean known = a.getAlarm() != AlarmCode.ALARM_CODE_UNSPECIFIED && a.getAlarm() != AlarmCode.UNRECOGNIZED;
        return (known ? a.getAlarm().name().substring("ALARM_CODE_".length())
                : a.getName().isEmpty() ? fmt("code 0x%04X", a.getAlarmCode()) : a.getName())
                + " " + lower(name(a.getPriority(), "ALARM_PRIORITY_", "priority", a.getPriorityCode()))
                + " id=" + Integer.toUnsignedString(a.getAlarmId()) + " detail=" + a.getDetail();
    }
}
