package io.pumplink.gateway.cli;

import static io.pumplink.gateway.cli.Readable.concentration;
import static io.pumplink.gateway.cli.Readable.dailyDose;
import static io.pumplink.gateway.cli.Readable.dailyVolume;
import static io.pumplink.gateway.cli.Readable.days;
import static io.pumplink.gateway.cli.Readable.lower;
import static io.pumplink.gateway.cli.Readable.ml;
import static io.pumplink.gateway.cli.Readable.name;

import io.pumplink.proto.v1.BatteryStatus;
import io.pumplink.proto.v1.Drug;
import io.pumplink.proto.v1.FlowMode;
import io.pumplink.proto.v1.FlowStatus;
import io.pumplink.proto.v1.ProgrammerStatus;
import io.pumplink.proto.v1.ProjectionBasis;
import io.pumplink.proto.v1.PumpIdentity;
import io.pumplink.proto.v1.ReservoirStatus;
import io.pumplink.proto.v1.TherapySummary;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The pump's and the programmer's status bodies: reservoir, flow, therapy summary, battery, identity, programmer.
 * Every figure the gateway derived comes with what it was derived from, or why there is none.
 */
final class TelemetryLines {
    private static final int DAYS_TO_ERI_UNKNOWN = 65_535;

    private final ZoneId zone;

    TelemetryLines(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * Volume, drug, then the projections the gateway made and what they came from, or why it made none: a days-left
     * figure means nothing without its basis.
     */
    String reservoir(ReservoirStatus r) {
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
    String flow(FlowStatus f) {
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
    String therapy(TherapySummary t) {
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

    String battery(BatteryStatus b) {
        return "BATTERY " + b.getVoltageMv() + " mV, "
                + name(b.getState(), "BATTERY_STATE_", "state", b.getStateCode()) + ", "
                + (b.getDaysToEri() == DAYS_TO_ERI_UNKNOWN ? "days to ERI unknown" : "ERI in " + b.getDaysToEri() + " d");
    }

    String identity(PumpIdentity p) {
        return "IDENTITY pump " + p.getPumpSerial() + ", model " + p.getModelCode()
                + ", reservoir " + ml(p.getReservoirCapacityUl()) + ", catheter "
                + Integer.toUnsignedString(p.getCatheterVolumeUl()) + " µL, fw " + Integer.toUnsignedString(p.getPumpFw())
                + ", " + (p.getImplantDateDays() == 0 ? "implant date unknown"
                : "implanted " + LocalDate.ofEpochDay(Integer.toUnsignedLong(p.getImplantDateDays())));
    }

    String programmer(ProgrammerStatus p) {
        return "PROGRAMMER battery " + p.getBatteryPct() + " %, "
                + lower(name(p.getTelemetryState(), "TELEMETRY_STATE_", "telemetry state", p.getTelemetryStateCode()))
                + ", rssi " + p.getRssiDbm() + " dBm";
    }

    private String date(long epochMs) {
        return Readable.date(epochMs, zone);
    }
}
