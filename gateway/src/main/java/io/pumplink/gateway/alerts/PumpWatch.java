package io.pumplink.gateway.alerts;

import io.pumplink.gateway.model.AlertKind;
import io.pumplink.gateway.model.GatewayAlert;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * What the alert rules remember of one pump. Persisted (docs/clinical-alerts.md, "State"): everything but the
 * active alerts, which come back from the active-alarm book and the journal, the two places they are durable.
 * Times: {@code *Ms} gateway clock, {@code *TsMs} device clock. {@code null} is unknown.
 */
final class PumpWatch {
    /** Gateway clock of the pump's latest frame. */
    Long lastHeardMs;
    Integer flowModeCode;
    Long dailyVolumeNl;
    /** Active MOTOR_STALL alarm ids, and since when (gateway clock). */
    Map<Long, Long> stallSinceMs = new HashMap<>();
    /** Active EMPTY_RESERVOIR alarm ids. */
    Map<Long, Long> emptySinceMs = new HashMap<>();
    /** The refill-by date on the gateway clock, for the current fill. */
    Long refillByMs;
    /** RESERVOIR_STATUS last_refill_ts of the current fill. */
    Long fillTsMs;
    /** Log entries already judged, by event time: each is judged once, also when a later session repeats it. */
    long lastRefillEntryTsMs = Long.MIN_VALUE;
    long lastAccountingTsMs = Long.MIN_VALUE;
    long lastDoseChangeTsMs = Long.MIN_VALUE;
    long lastClockSetTsMs = Long.MIN_VALUE;
    /** The session whose DOSE_CHANGE raised (or last kept) DOSE_INCREASE_LARGE. */
    Long doseStepSessionId;

    transient Map<AlertKind, GatewayAlert> active = new EnumMap<>(AlertKind.class);
}
