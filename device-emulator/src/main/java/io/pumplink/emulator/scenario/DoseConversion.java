package io.pumplink.emulator.scenario;

/**
 * Daily dose to rate, as the ICD relates them: dose (µg/day) = rate (mL/day) × concentration (µg/mL), and
 * 1 mL/day = 10^6 nL / 24 h ≈ 41 667 nL/h. The exact factor is used, as the gateway uses it the other way round.
 */
public final class DoseConversion {
    private static final double NL_PER_HOUR_PER_ML_PER_DAY = 1e6 / 24;

    private DoseConversion() {
    }

    /** The rate, to the nearest nL/h, that delivers the dose; the concentration must be positive. */
    public static long rateNlPerHour(double dailyDoseUgPerDay, long concentrationUgPerMl) {
        if (concentrationUgPerMl <= 0) {
            throw new IllegalArgumentException("concentrationUgPerMl must be positive, got " + concentrationUgPerMl);
        }
        return Math.round(dailyDoseUgPerDay / concentrationUgPerMl * NL_PER_HOUR_PER_ML_PER_DAY);
    }
}
