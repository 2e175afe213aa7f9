package io.pumplink.gateway.model;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Clinical values derived from a message and the others of its round or session; the wire values stay unchanged.
 * Formulas and sources: docs/clinical.md.
 */
public sealed interface Derived {
    Derived NONE = new Nothing();

    /** Nothing to derive for this message. */
    record Nothing() implements Derived {
    }

    /**
     * For FLOW_STATUS: the current rate per day, and what the prescription delivers per day.
     *
     * @param dailyDoseUgPerDay       empty when the concentration or the daily volume is unknown; never 0 for unknown
     * @param unavailableReason       why there is no daily dose; empty when there is one
     */
    record Flow(double rateMlPerDay, OptionalLong concentrationUgPerMl, OptionalDouble dailyDoseUgPerDay,
                Basis basis, OptionalLong dailyVolumeNl, String unavailableReason) implements Derived {
    }

    /**
     * For RESERVOIR_STATUS: how long the drug lasts at this round's daily volume.
     *
     * @param projectionRateNlPerHour {@link Basis#CURRENT_RATE} only: the FLOW_STATUS rate used
     * @param lowThresholdDateMs      when the volume reaches (or reached) the low-alarm threshold, device clock
     * @param refillByDateMs          {@code lowThresholdDateMs} minus the refill margin
     * @param unavailableReason       why there is no projection; empty when there is one
     */
    record Reservoir(double volumeMl, Basis basis, OptionalLong dailyVolumeNl, OptionalLong projectionRateNlPerHour,
                     OptionalDouble daysToLowThreshold, OptionalDouble daysToEmpty, OptionalLong lowThresholdDateMs,
                     OptionalLong refillByDateMs, String unavailableReason) implements Derived {
    }

    /** For THERAPY_SUMMARY (PTL 1.1). */
    record Therapy(double dailyVolumeMl, OptionalDouble dailyDoseUgPerDay) implements Derived {
    }

    /** For a REFILL log entry: measured minus expected residual. Not an accuracy figure. */
    record Refill(long discrepancyUl) implements Derived {
    }

    /**
     * For a REFILL_ACCOUNTING log entry that follows its REFILL (ICD section 6).
     *
     * @param deviationPct (actual − expected) / expected × 100, positive = over-infusion; empty when expected is 0
     */
    record RefillAccuracy(long expectedDeliveredUl, long actualDeliveredUl, OptionalDouble deviationPct,
                          boolean outOfRange, double tolerancePct) implements Derived {
    }

    /** What a projection or daily dose was computed from (ICD section 6). */
    enum Basis {
        /** THERAPY_SUMMARY.daily_volume_nl: right for every mode. */
        DAILY_VOLUME,
        /** FLOW_STATUS rate × 24, CONTINUOUS only (a PTL 1.0 programmer). */
        CURRENT_RATE,
        /** Neither: the reason says why. */
        NONE
    }
}
