package io.pumplink.gateway.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.util.JsonFormat;
import io.pumplink.proto.v1.ActiveAlarms;
import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.AlarmCode;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.BatteryStatus;
import io.pumplink.proto.v1.CommandResult;
import io.pumplink.proto.v1.Drug;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FlowMode;
import io.pumplink.proto.v1.FlowStatus;
import io.pumplink.proto.v1.GatewayStatus;
import io.pumplink.proto.v1.Hello;
import io.pumplink.proto.v1.InterrogationRecord;
import io.pumplink.proto.v1.LinkStatus;
import io.pumplink.proto.v1.LogEntry;
import io.pumplink.proto.v1.ProgrammerStatus;
import io.pumplink.proto.v1.ProjectionBasis;
import io.pumplink.proto.v1.PumpIdentity;
import io.pumplink.proto.v1.RawFrame;
import io.pumplink.proto.v1.RequestReply;
import io.pumplink.proto.v1.ReservoirStatus;
import io.pumplink.proto.v1.SessionEnd;
import io.pumplink.proto.v1.SessionOutcome;
import io.pumplink.proto.v1.TherapySummary;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Published envelopes as people read them, one line each: time, topic (below the prefix), body kind and the key
 * fields with their units. Shared by {@code watch} and {@code request}. Patient references are never printed in
 * this form, only whether there is one; the JSON form ({@link #json}) prints what was published.
 */
final class EnvelopeLines {
    static final String PATIENT_PRESENT = "patient: <present>";
    static final String PATIENT_NONE = "patient: <none>";
    private static final int MAX_LISTED_INDICES = 20;
    private static final int DAYS_TO_ERI_UNKNOWN = 65_535;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final String topicPrefix;
    private final ZoneId zone;
    private final JsonFormat.Printer jsonPrinter = JsonFormat.printer().omittingInsignificantWhitespace();

    EnvelopeLines(String topicPrefix, ZoneId zone) {
        this.topicPrefix = topicPrefix;
        this.zone = zone;
    }

    /** A payload read as an Envelope, or why it is not one. */
    record Decoded(Envelope envelope, String error) {
        boolean ok() {
            return envelope != null;
        }
    }

    /** Protobuf as the gateway publishes it, or the JSON mapping of its JSON mirror; never throws. */
    static Decoded decode(byte[] payload) {
        if (payload.length == 0) {
            return new Decoded(null, "empty payload");
        }
        Envelope.Builder envelope = Envelope.newBuilder();
        try {
            if (!(isJsonText(payload) && mergedJson(payload, envelope))) {
                // Protobuf can begin with the bytes "\n{" too (a 123-byte header): JSON is only a first guess
                envelope.clear().mergeFrom(payload);
            }
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return new Decoded(null, "not a pumplink.v1.Envelope (" + firstLine(e.getMessage()) + ")");
        }
        if (!envelope.hasHeader() && envelope.getBodyCase() == Envelope.BodyCase.BODY_NOT_SET) {
            return new Decoded(null, "not a pumplink.v1.Envelope (no header, no body)");
        }
        return new Decoded(envelope.build(), null);
    }

    private static boolean mergedJson(byte[] payload, Envelope.Builder envelope) {
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(new String(payload, StandardCharsets.UTF_8), envelope);
            return true;
        } catch (InvalidProtocolBufferException | RuntimeException notJson) {
            return false;
        }
    }

    static boolean isJsonText(byte[] payload) {
        for (byte b : payload) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return false;
    }

    /** {@code 12:00:01 pumps/NGP-4711/reservoir  RESERVOIR 12.3 mL ...}; the time is the gateway's receipt. */
    String line(String topic, Envelope envelope, Instant arrival) {
        Instant at = envelope.getHeader().hasGatewayReceiveTimeMs()
                ? Instant.ofEpochMilli(envelope.getHeader().getGatewayReceiveTimeMs()) : arrival;
        return time(at, arrival) + " " + shortTopic(topic) + "  " + body(envelope);
    }

    /** The one line for a payload that is not an Envelope. */
    String unparseable(String topic, int size, String reason, Instant arrival) {
        return time(arrival, arrival) + " " + shortTopic(topic) + "  UNPARSEABLE payload of " + size + " bytes: "
                + reason;
    }

    /** The Protobuf JSON mapping on one line, as the gateway's JSON mirror publishes it. */
    String json(Envelope envelope) {
        try {
            return jsonPrinter.print(envelope);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the schema has no Any fields", e);
        }
    }

    String shortTopic(String topic) {
        return topic.startsWith(topicPrefix + "/") ? topic.substring(topicPrefix.length() + 1) : topic;
    }

    private String time(Instant at, Instant arrival) {
        ZonedDateTime local = at.atZone(zone);
        boolean sameDay = local.toLocalDate().equals(arrival.atZone(zone).toLocalDate());
        return (sameDay ? TIME : DATE_TIME).format(local);
    }

    /** The body kind and its key fields, without time and topic. */
    String body(Envelope e) {
        return switch (e.getBodyCase()) {
            case RESERVOIR_STATUS -> reservoir(e.getReservoirStatus());
            case FLOW_STATUS -> flow(e.getFlowStatus());
            case BATTERY_STATUS -> battery(e.getBatteryStatus());
            case THERAPY_SUMMARY -> therapy(e.getTherapySummary());
            case PUMP_IDENTITY -> identity(e.getPumpIdentity());
            case PROGRAMMER_STATUS -> programmer(e.getProgrammerStatus());
            case ALARM -> alarmEvent(e.getAlarm());
            case ACTIVE_ALARMS -> activeAlarms(e.getActiveAlarms());
            case INTERROGATION_RECORD -> interrogation(e.getInterrogationRecord());
            case SESSION_BEGIN -> "SESSION BEGIN session " + e.getSessionBegin().getSessionId() + ", "
                    + patient(e.getSessionBegin().getPatientRef());
            case LOG_ENTRY -> logEntry(e.getLogEntry());
            case SESSION_END -> sessionEnd(e.getSessionEnd());
            case LINK_STATUS -> link(e.getLinkStatus());
            case GATEWAY_STATUS -> gateway(e.getGatewayStatus());
            case REQUEST_REPLY -> reply(e.getRequestReply());
            case COMMAND_RESULT -> "COMMAND_RESULT " + commandResult(e.getCommandResult());
            case HELLO -> hello(e.getHello());
            case HELLO_ACK -> "HELLO_ACK " + (e.getHelloAck().getAccepted() ? "accepted" : "refused")
                    + ", max payload " + e.getHelloAck().getMaxPayload() + " bytes";
            case HEARTBEAT -> "HEARTBEAT uptime " + Integer.toUnsignedString(e.getHeartbeat().getUptimeMs()) + " ms";
            case ACK -> "ACK seq " + e.getAck().getAckedSeq();
            case NAK -> "NAK seq " + e.getNak().getNakSeq() + ", "
                    + name(e.getNak().getReason(), "NAK_REASON_", "reason", e.getNak().getReasonCode());
            case REQUEST_INTERROGATION -> "REQUEST_INTERROGATION request "
                    + Integer.toUnsignedString(e.getRequestInterrogation().getRequestId());
            case REQUEST_STATUS -> "REQUEST_STATUS request "
                    + Integer.toUnsignedString(e.getRequestStatus().getRequestId());
            case RAW_FRAME -> raw(e.getRawFrame());
            case BODY_NOT_SET -> "UNKNOWN BODY (frame type " + e.getHeader().getFrameTypeName()
                    + "; published by a newer schema?)";
            default -> e.getBodyCase() + " (no readable form yet; use --json)";
        };
    }

    /**
     * Volume, drug, then the projections the gateway made and what they came from, or why it made none: a days-left
     * figure means nothing without its basis.
     */
    private String reservoir(ReservoirStatus r) {
        StringBuilder s = new StringBuilder("RESERVOIR ")
                .append(ml(r.getVolumeUl())).append(" (threshold ").append(ml(r.getLowAlarmThresholdUl())).append(") ")
                .append(drug(r.getDrug(), r.getDrugCode()));
        if (r.getConcentrationUgPerMl() > 0) {
            s.append(' ').append(concentration(r.getConcentrationUgPerMl()));
        }
        s.append(lowThreshold(r));
        if (r.hasDaysToEmpty()) {
            s.append(", empty in ").append(days(r.getDaysToEmpty()));
        }
        if (r.hasRefillByDateMs()) {
            s.append(", refill by ").append(date(r.getRefillByDateMs()));
        }
        if (!r.getProjectionUnavailableReason().isEmpty()) {
            s.append(", no projection: ").append(r.getProjectionUnavailableReason());
        } else if (r.getProjectionBasis() == ProjectionBasis.PROJECTION_BASIS_NONE) {
            s.append(", no projection");
        } else if (r.hasProjectionDailyVolumeNl()) {
            s.append(", projected").append(basis(r.getProjectionBasis(), r.getProjectionDailyVolumeNl()));
        }
        return s.toString();
    }

    /** {@code , low in 5.2 d on 2026-01-06} or {@code , at or below the low threshold since 2026-01-06}. */
    private String lowThreshold(ReservoirStatus r) {
        String date = r.hasLowThresholdDateMs() ? date(r.getLowThresholdDateMs()) : "";
        if (!r.hasDaysToLowThreshold()) {
            return date.isEmpty() ? "" : ", low threshold on " + date;
        }
        boolean crossed = r.getDaysToLowThreshold() <= 0;
        return (crossed ? ", at or below the low threshold" : ", low in " + days(r.getDaysToLowThreshold()))
                + (date.isEmpty() ? "" : (crossed ? " since " : " on ") + date);
    }

    /** The current rate, then the prescription's daily dose with its basis, or why there is none. */
    private static String flow(FlowStatus f) {
        StringBuilder s = new StringBuilder("FLOW ")
                .append(f.getMode() == FlowMode.FLOW_MODE_UNSPECIFIED || f.getMode() == FlowMode.UNRECOGNIZED
                        ? "mode code " + f.getModeCode() : lower(f.getMode().name().substring("FLOW_MODE_".length())))
                .append(" now ").append(dailyVolume(Integer.toUnsignedLong(f.getRateNlPerHour()) * 24)).append(" (")
                .append(Integer.toUnsignedString(f.getRateNlPerHour())).append(" nL/h)");
        if (f.hasDailyDoseUgPerDay()) {
            s.append(", daily dose ").append(dailyDose(f.getDailyDoseUgPerDay()));
            if (f.hasDailyVolumeNl()) {
                s.append(basis(f.getDailyDoseBasis(), f.getDailyVolumeNl()));
            }
        } else if (!f.getDailyDoseUnavailableReason().isEmpty()) {
            s.append(", no daily dose: ").append(f.getDailyDoseUnavailableReason());
        } else if (f.getDailyDoseBasis() == ProjectionBasis.PROJECTION_BASIS_NONE) {
            s.append(", no daily dose");
        }
        if (f.getBolusRemainingUl() > 0) {
            s.append(", bolus remaining ").append(Integer.toUnsignedString(f.getBolusRemainingUl())).append(" µL");
        }
        if (f.getMode() == FlowMode.FLOW_MODE_FLEX_SCHEDULE || f.getStepCount() > 0) {
            s.append(", step ").append(f.getStepIndex()).append('/').append(f.getStepCount());
        }
        return s.append(", delivered since refill ").append(ml(f.getDeliveredSinceRefillUl())).toString();
    }

    /** {@code from the daily volume 0.275 mL/day}: what a projection or a daily dose was computed from. */
    private static String basis(ProjectionBasis basis, int dailyVolumeNl) {
        String what = switch (basis) {
            case PROJECTION_BASIS_DAILY_VOLUME -> "the daily volume";
            case PROJECTION_BASIS_CURRENT_RATE -> "the current rate";
            default -> "a daily volume of";
        };
        return " from " + what + " " + dailyVolume(Integer.toUnsignedLong(dailyVolumeNl));
    }

    /** PTL 1.1: what the prescription delivers per day, and the refill date the clinician set (not a projection). */
    private String therapy(TherapySummary t) {
        return "THERAPY " + dailyVolume(Integer.toUnsignedLong(t.getDailyVolumeNl()))
                + ", " + (t.hasDailyDoseUgPerDay() ? dailyDose(t.getDailyDoseUgPerDay()) : "dose unknown")
                + ", " + drug(t.getDrug(), t.getDrugCode()) + " "
                + (t.getConcentrationUgPerMl() > 0 ? concentration(t.getConcentrationUgPerMl()) : "concentration unknown")
                + ", " + (t.getNextRefillDueTsMs() > 0 ? "refill due " + date(t.getNextRefillDueTsMs())
                : "refill due date unknown");
    }

    private static String drug(Drug drug, int drugCode) {
        return switch (drug) {
            case DRUG_UNSPECIFIED, UNRECOGNIZED -> drugCode == 0 ? "drug unknown" : "drug code " + drugCode;
            case DRUG_OTHER -> "other drug";
            default -> lower(drug.name().substring("DRUG_".length()));
        };
    }

    private static String battery(BatteryStatus b) {
        return "BATTERY " + b.getVoltageMv() + " mV, "
                + name(b.getState(), "BATTERY_STATE_", "state", b.getStateCode()) + ", "
                + (b.getDaysToEri() == DAYS_TO_ERI_UNKNOWN ? "days to ERI unknown" : "ERI in " + b.getDaysToEri() + " d");
    }

    private static String identity(PumpIdentity p) {
        return "IDENTITY pump " + p.getPumpSerial() + ", model " + p.getModelCode()
                + ", reservoir " + ml(p.getReservoirCapacityUl()) + ", catheter "
                + Integer.toUnsignedString(p.getCatheterVolumeUl()) + " µL, fw " + Integer.toUnsignedString(p.getPumpFw())
                + ", " + (p.getImplantDateDays() == 0 ? "implant date unknown"
                : "implanted " + LocalDate.ofEpochDay(Integer.toUnsignedLong(p.getImplantDateDays())));
    }

    private static String programmer(ProgrammerStatus p) {
        return "PROGRAMMER battery " + p.getBatteryPct() + " %, "
                + lower(name(p.getTelemetryState(), "TELEMETRY_STATE_", "telemetry state", p.getTelemetryStateCode()))
                + ", rssi " + p.getRssiDbm() + " dBm";
    }

    /**
     * {@code ALARM RAISED LOW_RESERVOIR medium id=9 detail=1998, pump}; the gateway's own alerts say why:
     * {@code ALARM RAISED THERAPY_INTERRUPTED high id=3 detail=1, gateway: flow mode STOPPED}.
     */
    private static String alarmEvent(Alarm a) {
        String source = switch (a.getSource()) {
            case ALARM_SOURCE_PUMP -> ", pump";
            case ALARM_SOURCE_PROGRAMMER -> ", programmer";
            case ALARM_SOURCE_GATEWAY -> ", gateway" + (a.getReason().isEmpty() ? "" : ": " + a.getReason());
            default -> "";
        };
        return "ALARM " + name(a.getState(), "ALARM_STATE_", "state", a.getStateCode()) + " " + alarm(a) + source;
    }

    /** {@code LOW_RESERVOIR medium id=9 detail=1998}: the published name when this build does not know the code. */
    private static String alarm(Alarm a) {
        boolean known = a.getAlarm() != AlarmCode.ALARM_CODE_UNSPECIFIED && a.getAlarm() != AlarmCode.UNRECOGNIZED;
        return (known ? a.getAlarm().name().substring("ALARM_CODE_".length())
                : a.getName().isEmpty() ? fmt("code 0x%04X", a.getAlarmCode()) : a.getName())
                + " " + lower(name(a.getPriority(), "ALARM_PRIORITY_", "priority", a.getPriorityCode()))
                + " id=" + Integer.toUnsignedString(a.getAlarmId()) + " detail=" + a.getDetail();
    }

    /** All of them are RAISED; the gateway's alerts are marked, as their ids are counted apart from the pump's. */
    private static String activeAlarms(ActiveAlarms active) {
        if (active.getAlarmsCount() == 0) {
            return "ACTIVE ALARMS none";
        }
        StringJoiner each = new StringJoiner(", ");
        for (Alarm a : active.getAlarmsList()) {
            each.add(alarm(a) + (a.getSource() == AlarmSource.ALARM_SOURCE_GATEWAY ? " (gateway)" : ""));
        }
        return "ACTIVE ALARMS " + active.getAlarmsCount() + ": " + each;
    }

    /**
     * Session id, outcome, entries, missing indices, refills whose accuracy (REFILL_ACCOUNTING) is out of range,
     * whether there is a patient reference.
     */
    private static String interrogation(InterrogationRecord r) {
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

    private static String logEntry(LogEntry l) {
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

    private static String sessionEnd(SessionEnd end) {
        return "SESSION END session " + Integer.toUnsignedString(end.getSessionId()) + " "
                + name(end.getOutcome(), "SESSION_OUTCOME_", "outcome", end.getOutcomeCode())
                + ", " + Integer.toUnsignedString(end.getEntryCount()) + " entries";
    }

    private String link(LinkStatus l) {
        StringBuilder s = new StringBuilder("LINK ").append(l.getLinkId()).append(' ')
                .append(name(l.getState(), "LINK_STATE_", "state", l.getStateValue()));
        if (l.getStateSinceMs() > 0) {
            Instant since = Instant.ofEpochMilli(l.getStateSinceMs());
            s.append(" since ").append(DATE_TIME.format(since.atZone(zone)));
        }
        s.append(" (").append(name(l.getTransport(), "TRANSPORT_", "transport", l.getTransportValue()))
                .append(' ').append(l.getEndpoint());
        if (l.hasHello()) {
            s.append(", programmer ").append(l.getHello().getProgrammerSerial());
        }
        s.append(')');
        if (!l.getReason().isEmpty()) {
            s.append(": ").append(l.getReason());
        }
        s.append(", frames ").append(l.getCounters().getFramesValid()).append(" valid / ")
                .append(l.getCounters().getFramesInvalid()).append(" invalid");
        if (l.hasLastFrameReceivedMs()) {
            s.append(", last frame ").append(DATE_TIME.format(Instant.ofEpochMilli(l.getLastFrameReceivedMs())
                    .atZone(zone)));
        }
        if (l.hasClockOffsetMs()) {
            s.append(", device clock ").append(clockOffset(l.getClockOffsetMs()));
        }
        return s.toString();
    }

    private String gateway(GatewayStatus g) {
        return "GATEWAY " + g.getGatewayId() + (g.getOnline() ? " online" : " OFFLINE")
                + (g.getVersion().isEmpty() ? "" : ", version " + g.getVersion())
                + (g.getStartedAtMs() > 0 ? ", started " + DATE_TIME.format(Instant.ofEpochMilli(g.getStartedAtMs())
                .atZone(zone)) : "");
    }

    /** {@code REPLY accepted, COMMAND_RESULT OK (request 7)} or {@code REPLY refused: why (request 7)}. */
    static String reply(RequestReply r) {
        String request = " (request " + Integer.toUnsignedString(r.getRequestId()) + ")";
        return r.getAccepted()
                ? "REPLY accepted, COMMAND_RESULT " + commandResult(r.getCommandResult())
                : "REPLY refused: " + (r.getError().isEmpty() ? "no reason given" : r.getError()) + request;
    }

    /** {@code OK (request 7)}. */
    static String commandResult(CommandResult c) {
        return name(c.getResult(), "COMMAND_RESULT_CODE_", "result", c.getResultCode())
                + " (request " + Integer.toUnsignedString(c.getRequestId()) + ")";
    }

    private static String hello(Hello h) {
        StringJoiner caps = new StringJoiner("+");
        if (h.getCapInterrogation()) {
            caps.add("interrogation");
        }
        if (h.getCapStatusStreaming()) {
            caps.add("status streaming");
        }
        if (h.getCapEventLog()) {
            caps.add("event log");
        }
        if (h.getCapTherapySummary()) {
            caps.add("therapy summary");
        }
        return "HELLO programmer " + h.getProgrammerSerial() + ", protocol " + h.getProtocolVersion() + ", fw "
                + h.getFwMajor() + "." + h.getFwMinor() + "." + h.getFwPatch() + ", heartbeat "
                + h.getHeartbeatIntervalMs() + " ms, capabilities " + (caps.length() == 0 ? "none" : caps.toString());
    }

    private static String raw(RawFrame r) {
        return fmt("RAW FRAME type 0x%02X, ", r.getTypeCode()) + r.getPayload().size() + " bytes"
                + (r.getReason().isEmpty() ? "" : ": " + r.getReason());
    }

    static String patient(String patientRef) {
        return patientRef.isEmpty() ? PATIENT_NONE : PATIENT_PRESENT;
    }

    /** The enum's name without its prefix, or {@code what code N} when the number is not one this build knows. */
    private static String name(ProtocolMessageEnum value, String prefix, String what, int code) {
        Enum<?> constant = (Enum<?>) value;
        boolean known = !constant.name().equals("UNRECOGNIZED") && value.getNumber() != 0;
        return known ? constant.name().substring(prefix.length()) : what + " code " + Integer.toUnsignedString(code);
    }

    private static String ml(int microlitres) {
        return fmt("%.1f mL", Integer.toUnsignedLong(microlitres) / 1000.0);
    }

    private static String dailyVolume(long nlPerDay) {
        return fmt("%.3f mL/day", nlPerDay / 1e6);
    }

    /** One decimal, none when it is 0: {@code 550 µg/day}, {@code 2.4 µg/day}. */
    private static String dailyDose(double ugPerDay) {
        String text = fmt("%.1f", ugPerDay);
        return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + " µg/day";
    }

    private static String concentration(int microgramsPerMl) {
        return Integer.toUnsignedString(microgramsPerMl) + " µg/mL";
    }

    /** Device clock minus gateway clock, in the unit that reads best: {@code 1.5 s ahead}, {@code 335.7 d behind}. */
    private static String clockOffset(long offsetMs) {
        if (offsetMs == 0) {
            return "in step";
        }
        double seconds = Math.abs(offsetMs) / 1000.0;
        String size = seconds < 120 ? fmt("%.1f s", seconds)
                : seconds < 120 * 60 ? fmt("%.1f min", seconds / 60)
                : seconds < 48 * 3600 ? fmt("%.1f h", seconds / 3600)
                : fmt("%.1f d", seconds / 86_400);
        return size + (offsetMs > 0 ? " ahead" : " behind");
    }

    private static String days(double days) {
        return fmt("%.1f d", days);
    }

    private String date(long epochMs) {
        return Instant.ofEpochMilli(epochMs).atZone(zone).toLocalDate().toString();
    }

    private static String lower(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
