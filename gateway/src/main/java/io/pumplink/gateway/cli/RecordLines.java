package io.pumplink.gateway.cli;

import static io.pumplink.gateway.cli.Readable.fmt;
import static io.pumplink.gateway.cli.Readable.name;

import io.pumplink.proto.v1.InterrogationRecord;
import io.pumplink.proto.v1.LogEntry;
import io.pumplink.proto.v1.SessionBegin;
import io.pumplink.proto.v1.SessionEnd;
import io.pumplink.proto.v1.SessionOutcome;
import java.util.List;
import java.util.StringJoiner;

/**
 * An interrogation session: its begin, each event-log entry, its end and the record the gateway assembled. Patient
 * references are never printed, only whether there is one.
 */
final class RecordLines {
    private static final int MAX_LISTED_INDICES = 20;

    private RecordLines() {
    }

    static String sessionBegin(SessionBegin begin) {
        return "SESSION BEGIN session " + begin.getSessionId() + ", " + patient(begin.getPatientRef());
    }

    /**
     * Session id, outcome, entries, missing indices, refills whose accuracy (REFILL_ACCOUNTING) is out of range,
     * whether there is a patient reference.
     */
    static String interrogation(InterrogationRecord r) {
        String outcome = r.getSessionEndReceived()
                ? (r.getOutcome() == SessionOutcome.SESSION_OUTCOME_UNSPECIFIED || r.getOutcome() == SessionOutcome.UNRECOGNIZED
                        ? "outcome code " + r.getOutcomeCode() : r.getOutcome().name().substring("SESSION_OUTCOME_".length()))
                : "no SESSION_END";
        List<Integer> outOfRange = r.getLogEntriesList().stream()
                .filter(LogEntry::getRefillDeviationOutOfRange) // set on REFILL_ACCOUNTING entries only
                .map(LogEntry::getIndex).toList();
        return "INTERROGATION session " + Integer.toUnsignedString(r.getSessionId()) + " " + outcome
                + (r.getComplete() ? "" : " (incomplete)")
                + ", entries " + r.getEntryCountReceived() + "/"
                + (r.hasEntryCountExpected() ? String.valueOf(r.getEntryCountExpected()) : "?")
                + ", missing " + indices(r.getMissingIndicesList())
                + ", refills out of accuracy range " + indices(outOfRange)
                + ", alarms " + r.getAlarmsCount()
                + ", " + patient(r.getPatientRef())
                + (r.getCloseReason().isEmpty() ? "" : ", closed: " + r.getCloseReason());
    }

    private static String indices(List<Integer> indices) {
        if (indices.isEmpty()) {
            return "none";
        }
        StringJoiner listed = new StringJoiner(", ", indices.size() + " (", ")");
        indices.stream().limit(MAX_LISTED_INDICES).forEach(i -> listed.add("#" + Integer.toUnsignedString(i)));
        if (indices.size() > MAX_LISTED_INDICES) {
            listed.add("+" + (indices.size() - MAX_LISTED_INDICES) + " more");
        }
        return listed.toString();
    }

    static String logEntry(LogEntry l) {
        String head = "LOG session " + Integer.toUnsignedString(l.getSessionId()) + " #"
                + Integer.toUnsignedString(l.getIndex()) + " ";
        String detail = switch (l.getEvent()) {
            // the residual discrepancy is no accuracy figure (docs/clinical.md): µL only, never a %
            case LOG_EVENT_REFILL -> "REFILL residual expected " + l.getA() + " µL, measured " + l.getB()
                    + " µL, new volume " + l.getC() + " µL"
                    + (l.hasRefillDiscrepancyUl() ? ", discrepancy " + l.getRefillDiscrepancyUl() + " µL" : "");
            case LOG_EVENT_REFILL_ACCOUNTING -> refillAccounting(l);
            case LOG_EVENT_DOSE_CHANGE -> "DOSE_CHANGE " + l.getA() + " -> " + l.getB() + " nL/h at " + l.getC() + " µg/mL";
            case LOG_EVENT_BOLUS -> "BOLUS " + l.getA() + " µL over " + l.getB() + " min (kind " + l.getC() + ")";
            case LOG_EVENT_ALARM -> "ALARM code " + fmt("0x%04X", l.getA()) + " priority " + l.getB()
                    + " detail " + l.getC();
            case LOG_EVENT_MODE_CHANGE -> "MODE_CHANGE " + l.getA() + " -> " + l.getB();
            case LOG_EVENT_POWER_RESET -> "POWER_RESET cause " + l.getA();
            case LOG_EVENT_CLOCK_SET -> "CLOCK_SET drift " + l.getA() + " s";
            default -> "event code " + l.getEventCode() + " a=" + l.getA() + " b=" + l.getB() + " c=" + l.getC();
        };
        return head + detail;
    }

    /**
     * {@code REFILL_ACCOUNTING counted 10000 µL delivered over 720 h, actual 11800 µL, deviation +18.0 % (tolerance
     * ±14.5 %) OUT OF RANGE}; without the REFILL before it the gateway computes no accuracy.
     */
    private static String refillAccounting(LogEntry l) {
        String counted = "REFILL_ACCOUNTING counted " + l.getA() + " µL delivered over " + l.getC() + " h";
        if (!l.hasRefillActualDeliveredUl()) {
            return counted + ", accuracy not computed";
        }
        String actual = counted + ", actual " + l.getRefillActualDeliveredUl() + " µL";
        if (!l.hasRefillDeviationPct()) {
            return actual + ", deviation unknown";
        }
        return actual + fmt(", deviation %+.1f %%", l.getRefillDeviationPct())
                + (l.hasRefillTolerancePct() ? fmt(" (tolerance ±%.1f %%)", l.getRefillTolerancePct()) : "")
                + (l.getRefillDeviationOutOfRange() ? " OUT OF RANGE" : "");
    }

    static String sessionEnd(SessionEnd end) {
        return "SESSION END session " + Integer.toUnsignedString(end.getSessionId()) + " "
                + name(end.getOutcome(), "SESSION_OUTCOME_", "outcome", end.getOutcomeCode())
                + ", " + Integer.toUnsignedString(end.getEntryCount()) + " entries";
    }

    private static String patient(String patientRef) {
        return patientRef.isEmpty() ? "patient: <none>" : "patient: <present>";
    }
}
