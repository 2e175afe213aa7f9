package io.pumplink.gateway.model;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What one pump's status round (or session snapshot) says about its therapy, for the gateway's alert rules.
 * Empty values are unknown, never zero.
 *
 * @param deviceTsMs        the device clock of the round's first frame
 * @param receiveTimeMs     gateway clock when the round's last frame arrived
 * @param flowModeCode      FLOW_STATUS mode (wire code)
 * @param dailyVolumeNl     the round's daily volume (THERAPY_SUMMARY, or a CONTINUOUS rate × 24)
 * @param drugCode          THERAPY_SUMMARY's drug, else RESERVOIR_STATUS's; empty when 0 (unknown)
 * @param lowThresholdDateMs when the low-alarm threshold is or was crossed, device clock
 * @param refillByDateMs    device clock
 * @param nextRefillDueTsMs THERAPY_SUMMARY next_refill_due_ts; empty when 0 (not set)
 * @param lastRefillTsMs    RESERVOIR_STATUS last_refill_ts
 */
public record RoundSummary(String pumpSerial, long deviceTsMs, long receiveTimeMs, OptionalInt flowModeCode,
                           OptionalLong dailyVolumeNl, OptionalInt drugCode, OptionalDouble dailyDoseUgPerDay,
                           OptionalLong lowThresholdDateMs, OptionalLong refillByDateMs,
                           OptionalLong nextRefillDueTsMs, OptionalLong lastRefillTsMs) {
    /** Device clock minus gateway clock for this round. */
    public long clockOffsetMs() {
        return deviceTsMs - receiveTimeMs;
    }
}
