package io.pumplink.emulator.pump;

/** Unit conversions of the pump model: time in ms, volume in nL, rates in nL/h. */
final class Units {
    static final long NL_PER_UL = 1_000;
    static final long MS_PER_SECOND = 1_000;
    static final long MS_PER_MINUTE = 60_000;
    static final long MS_PER_HOUR = 3_600_000;
    static final long MS_PER_DAY = 86_400_000;
    static final int MINUTES_PER_DAY = 1_440;

    private Units() {
    }

    /** Division rounding up, for non-negative dividends and positive divisors (Math.ceilDiv is Java 18+). */
    static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
