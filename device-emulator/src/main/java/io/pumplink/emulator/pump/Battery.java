package io.pumplink.emulator.pump;

import io.pumplink.protocol.message.BatteryState;

/**
 * A battery that declines linearly with simulated time: 3 300 mV at the model's start, 2 900 mV at ERI, 2 700 mV
 * at EOS and after. ERI and EOS instants are fixed at construction, so they do not depend on how time advances.
 */
final class Battery {
    static final int START_MV = 3_300;
    static final int ERI_MV = 2_900;
    static final int EOS_MV = 2_700;

    private final long startMs;
    private final long eriMs;
    private final long eosMs;

    Battery(long startMs, double daysToEri, double daysEriToEos) {
        this.startMs = startMs;
        this.eriMs = startMs + Math.round(daysToEri * Units.MS_PER_DAY);
        this.eosMs = eriMs + Math.round(daysEriToEos * Units.MS_PER_DAY);
    }

    long eriMs() {
        return eriMs;
    }

    long eosMs() {
        return eosMs;
    }

    int voltageMv(long simMs) {
        if (simMs >= eosMs) {
            return EOS_MV;
        }
        if (simMs >= eriMs) {
            return ERI_MV - drop(ERI_MV - EOS_MV, simMs - eriMs, eosMs - eriMs);
        }
        return START_MV - drop(START_MV - ERI_MV, simMs - startMs, eriMs - startMs);
    }

    BatteryState state(long simMs) {
        if (simMs >= eosMs) {
            return BatteryState.EOS;
        }
        return simMs >= eriMs ? BatteryState.ERI : BatteryState.OK;
    }

    /** Whole or started days left, so the count reaches 0 exactly at ERI. */
    int daysToEri(long simMs) {
        return simMs >= eriMs ? 0 : (int) Units.ceilDiv(eriMs - simMs, Units.MS_PER_DAY);
    }

    int daysToEos(long simMs) {
        return simMs >= eosMs ? 0 : (int) Units.ceilDiv(eosMs - simMs, Units.MS_PER_DAY);
    }

    private static int drop(int spanMv, long elapsedMs, long spanMs) {
        return (int) (spanMv * elapsedMs / spanMs);
    }
}
