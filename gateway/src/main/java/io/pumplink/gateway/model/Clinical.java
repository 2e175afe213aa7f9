package io.pumplink.gateway.model;

import io.pumplink.gateway.model.Derived.Basis;
import io.pumplink.protocol.message.FlowMode;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.TherapySummary;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The arithmetic of derived clinical values; every formula, its source and a worked example are in
 * docs/clinical.md. ICD section 4: 1 mL/day = 41 667 nL/h, daily dose = mL/day × µg/mL. ICD section 6: project
 * from THERAPY_SUMMARY.daily_volume_nl, or, without it, from the FLOW_STATUS rate in CONTINUOUS mode only; refill
 * accuracy from REFILL_ACCOUNTING.
 */
public final class Clinical {
    static final double NL_PER_UL = 1000;
    static final double NL_PER_ML = 1_000_000;
    static final long HOURS_PER_DAY = 24;
    static final long MS_PER_DAY = 86_400_000L;

    private final ClinicalSettings settings;

    public Clinical(ClinicalSettings settings) {
        this.settings = settings;
    }

    public static double mlPerDay(long rateNlPerHour) {
        return rateNlPerHour * HOURS_PER_DAY / NL_PER_ML;
    }

    /** The volume per day a round's projections and daily dose use, with its basis, or why there is none. */
    record DailyVolume(Basis basis, OptionalLong nl, String unavailableReason) {
    }

    static DailyVolume dailyVolume(StatusRound round) {
        if (round.therapy().isPresent()) {
            return new DailyVolume(Basis.DAILY_VOLUME, OptionalLong.of(round.therapy().get().dailyVolumeNl()), "");
        }
        if (round.flow().isEmpty()) {
            return none("no FLOW_STATUS or THERAPY_SUMMARY in this round");
        }
        FlowStatus flow = round.flow().get();
        Optional<FlowMode> mode = flow.mode();
        if (mode.isEmpty()) {
            return none("flow mode " + flow.modeCode() + " is unknown");
        }
        return switch (mode.get()) {
            case CONTINUOUS -> new DailyVolume(Basis.CURRENT_RATE,
                    OptionalLong.of(flow.rateNlPerHour() * HOURS_PER_DAY), "");
            case FLEX_SCHEDULE -> none("flex schedule without THERAPY_SUMMARY (PTL 1.0 programmer): the current"
                    + " step's rate is not the daily rate");
            case BRIDGE_BOLUS, CLINICIAN_BOLUS, PATIENT_BOLUS -> none("bolus running without THERAPY_SUMMARY: the"
                    + " current rate is not the daily rate");
            case STOPPED -> none("flow mode STOPPED: nothing is delivered");
            case MINIMUM_RATE -> none("minimum rate without THERAPY_SUMMARY: PTL 1.0 allows a projection in"
                    + " CONTINUOUS mode only");
        };
    }

    private static DailyVolume none(String reason) {
        return new DailyVolume(Basis.NONE, OptionalLong.empty(), reason);
    }

    /** THERAPY_SUMMARY's concentration, else the round's RESERVOIR_STATUS one; 0 on the wire means unknown. */
    static OptionalLong concentrationUgPerMl(StatusRound round) {
        long fromTherapy = round.therapy().map(TherapySummary::concentrationUgPerMl).orElse(0L);
        long concentration = fromTherapy > 0 ? fromTherapy
                : round.reservoir().map(ReservoirStatus::concentrationUgPerMl).orElse(0L);
        return concentration > 0 ? OptionalLong.of(concentration) : OptionalLong.empty();
    }

    /** THERAPY_SUMMARY.daily_dose_ug when known, else daily volume × concentration. */
    static OptionalDouble dailyDoseUgPerDay(StatusRound round, DailyVolume volume, OptionalLong concentration) {
        if (round.therapy().isPresent() && round.therapy().get().dailyDoseKnown()) {
            return OptionalDouble.of(round.therapy().get().dailyDoseUg());
        }
        if (volume.nl().isPresent() && concentration.isPresent()) {
            return OptionalDouble.of(volume.nl().getAsLong() / NL_PER_ML * concentration.getAsLong());
        }
        return OptionalDouble.empty();
    }

    public Derived.Flow flow(FlowStatus flow, StatusRound round) {
        DailyVolume volume = dailyVolume(round);
        OptionalLong concentration = concentrationUgPerMl(round);
        OptionalDouble dose = dailyDoseUgPerDay(round, volume, concentration);
        String reason = dose.isPresent() ? "" : volume.basis() == Basis.NONE ? volume.unavailableReason()
                : "concentration unknown";
        return new Derived.Flow(mlPerDay(flow.rateNlPerHour()), concentration, dose, volume.basis(), volume.nl(),
                reason);
    }

    public Derived.Therapy therapy(TherapySummary therapy, StatusRound round) {
        return new Derived.Therapy(therapy.dailyVolumeNl() / NL_PER_ML,
                dailyDoseUgPerDay(round, dailyVolume(round), concentrationUgPerMl(round)));
    }

    /** A reservoir's projections, and the threshold crossing to remember for its pump. */
    public record Projection(Derived.Reservoir derived, Optional<ThresholdCrossing> crossing) {
    }

    /**
     * Days to the low threshold and to empty at the round's daily volume, less a bolus still running (it leaves
     * the reservoir soon and is not in the daily volume). Once the threshold is crossed, its date is kept from
     * {@code previous} (same fill), or, the first time, back-extrapolated at this round's daily volume.
     */
    public Projection reservoir(ReservoirStatus reservoir, StatusRound round, Optional<ThresholdCrossing> previous) {
        DailyVolume volume = dailyVolume(round);
        long ts = reservoir.tsMs();
        long bolusUl = round.flow().map(FlowStatus::bolusRemainingUl).orElse(0L);
        long usableUl = Math.max(0, reservoir.volumeUl() - bolusUl);
        long aboveUl = usableUl - reservoir.lowAlarmThresholdUl();
        Optional<ThresholdCrossing> sameFill = previous.filter(p -> p.fillTsMs() == reservoir.lastRefillTsMs());
        double volumeMl = reservoir.volumeUl() / (NL_PER_ML / NL_PER_UL);
        OptionalLong projectionRate = volume.basis() == Basis.CURRENT_RATE
                ? OptionalLong.of(round.flow().orElseThrow().rateNlPerHour()) : OptionalLong.empty();
        boolean delivers = volume.nl().isPresent() && volume.nl().getAsLong() > 0;
        if (!delivers) {
            String reason = volume.basis() == Basis.NONE ? volume.unavailableReason()
                    : "the pump delivers 0 per day: the reservoir does not run down";
            // a crossing already fixed for this fill stays true whatever the pump does now
            Optional<ThresholdCrossing> kept = aboveUl > 0 ? Optional.empty()
                    : sameFill.filter(p -> p.crossed() || p.dateMs() <= ts)
                    .map(p -> new ThresholdCrossing(p.fillTsMs(), p.dateMs(), true));
            return new Projection(new Derived.Reservoir(volumeMl, volume.basis(), volume.nl(), projectionRate,
                    kept.isPresent() ? OptionalDouble.of(0) : OptionalDouble.empty(), OptionalDouble.empty(),
                    dateOf(kept), refillBy(kept), reason), kept);
        }
        double ulPerDay = volume.nl().getAsLong() / NL_PER_UL;
        long projectedMs = ts + Math.round(aboveUl / ulPerDay * MS_PER_DAY);
        ThresholdCrossing crossing;
        if (aboveUl > 0) {
            crossing = new ThresholdCrossing(reservoir.lastRefillTsMs(), projectedMs, false);
        } else if (sameFill.isPresent() && (sameFill.get().crossed() || sameFill.get().dateMs() <= ts)) {
            crossing = new ThresholdCrossing(reservoir.lastRefillTsMs(), sameFill.get().dateMs(), true);
        } else {
            crossing = new ThresholdCrossing(reservoir.lastRefillTsMs(), projectedMs, true);
        }
        double daysToLow = Math.max(0, aboveUl / ulPerDay);
        Optional<ThresholdCrossing> known = Optional.of(crossing);
        return new Projection(new Derived.Reservoir(volumeMl, volume.basis(), volume.nl(), projectionRate,
                OptionalDouble.of(daysToLow), OptionalDouble.of(usableUl / ulPerDay), dateOf(known),
                refillBy(known), ""), known);
    }

    private static OptionalLong dateOf(Optional<ThresholdCrossing> crossing) {
        return crossing.map(c -> OptionalLong.of(c.dateMs())).orElse(OptionalLong.empty());
    }

    private OptionalLong refillBy(Optional<ThresholdCrossing> crossing) {
        return crossing.map(c -> OptionalLong.of(c.dateMs() - Math.round(settings.refillMarginDays() * MS_PER_DAY)))
                .orElse(OptionalLong.empty());
    }

    /** For a REFILL entry: a = expected residual µL, b = measured residual µL. */
    public static Derived.Refill refill(LogEntry refill) {
        return new Derived.Refill((long) refill.b() - refill.a());
    }

    /**
     * ICD section 6: expected delivered = REFILL_ACCOUNTING.a; actual delivered = REFILL_ACCOUNTING.b − REFILL.b
     * (the measured residual); deviation % = (actual − expected) / expected × 100.
     */
    public Derived.RefillAccuracy refillAccuracy(LogEntry refill, LogEntry accounting) {
        long expectedUl = accounting.a();
        long actualUl = (long) accounting.b() - refill.b();
        if (expectedUl <= 0) {
            return new Derived.RefillAccuracy(expectedUl, actualUl, OptionalDouble.empty(), false,
                    settings.accuracyTolerancePct());
        }
        double deviationPct = (actualUl - expectedUl) * 100.0 / expectedUl;
        return new Derived.RefillAccuracy(expectedUl, actualUl, OptionalDouble.of(deviationPct),
                Math.abs(deviationPct) > settings.accuracyTolerancePct(), settings.accuracyTolerancePct());
    }
}
