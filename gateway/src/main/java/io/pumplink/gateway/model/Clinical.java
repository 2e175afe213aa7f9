package io.pumplink.gateway.model;

import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.ReservoirStatus;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** The arithmetic of derived clinical values (ICD section 4: 1 mL/day = 41 667 nL/h; dose = rate × concentration). */
public final class Clinical {
    static final double NL_PER_UL = 1000;
    static final double UL_PER_ML = 1000;
    static final double HOURS_PER_DAY = 24;
    static final long MS_PER_DAY = 86_400_000L;

    private final ClinicalSettings settings;

    public Clinical(ClinicalSettings settings) {
        this.settings = settings;
    }

    public static double mlPerDay(long rateNlPerHour) {
        return rateNlPerHour * HOURS_PER_DAY / NL_PER_UL / UL_PER_ML;
    }

    static double ulPerDay(long rateNlPerHour) {
        return rateNlPerHour * HOURS_PER_DAY / NL_PER_UL;
    }

    public Derived.Flow flow(FlowStatus flow, OptionalLong concentrationUgPerMl) {
        double mlPerDay = mlPerDay(flow.rateNlPerHour());
        OptionalDouble dose = concentrationUgPerMl.isPresent()
                ? OptionalDouble.of(mlPerDay * concentrationUgPerMl.getAsLong()) : OptionalDouble.empty();
        return new Derived.Flow(mlPerDay, concentrationUgPerMl, dose);
    }

    /** Projections at the given rate; none when the rate is unknown or zero (the reservoir never runs down). */
    public Derived.Reservoir reservoir(ReservoirStatus reservoir, OptionalLong rateNlPerHour) {
        double volumeMl = reservoir.volumeUl() / UL_PER_ML;
        if (rateNlPerHour.isEmpty() || rateNlPerHour.getAsLong() == 0) {
            return new Derived.Reservoir(volumeMl, rateNlPerHour, OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalLong.empty());
        }
        double ulPerDay = ulPerDay(rateNlPerHour.getAsLong());
        double daysToLow = Math.max(0, reservoir.volumeUl() - reservoir.lowAlarmThresholdUl()) / ulPerDay;
        double daysToEmpty = reservoir.volumeUl() / ulPerDay;
        long refillBy = reservoir.tsMs() + Math.round((daysToLow - settings.refillMarginDays()) * MS_PER_DAY);
        return new Derived.Reservoir(volumeMl, rateNlPerHour, OptionalDouble.of(daysToLow),
                OptionalDouble.of(daysToEmpty), OptionalLong.of(refillBy));
    }

    /** For a REFILL entry: a = expected residual µL, b = measured residual µL. */
    public Derived.Refill refill(LogEntry refill) {
        long discrepancyUl = (long) refill.b() - refill.a();
        if (refill.a() <= 0) {
            // no expected residual to compare against: any difference is worth a look
            return new Derived.Refill(discrepancyUl, OptionalDouble.empty(), discrepancyUl != 0);
        }
        double pct = discrepancyUl * 100.0 / refill.a();
        return new Derived.Refill(discrepancyUl, OptionalDouble.of(pct), Math.abs(pct) > settings.refillTolerancePct());
    }
}
