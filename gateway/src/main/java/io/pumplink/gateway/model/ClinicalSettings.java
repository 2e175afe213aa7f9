package io.pumplink.gateway.model;

import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.Drug;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Limits for derived clinical values and the gateway's own alerts; config keys under {@code clinical:}, each
 * explained, with its source, in config/gateway.yaml and docs/clinical-alerts.md.
 *
 * @param refillMarginDays       the refill-by date is this many days before the low-reservoir threshold date
 * @param accuracyTolerancePct   refill accuracy beyond ± this is out of range (SynchroMed II label: ±14.5 %)
 * @param stallAlertAfter        a MOTOR_STALL active this long interrupts therapy (0: at once)
 * @param pumpSilentAfter        no frame from a pump for this long raises PUMP_SILENT
 * @param doseIncreaseAlertPct   a DOSE_CHANGE raising the dose by more than this raises DOSE_INCREASE_LARGE
 * @param dailyDoseLimitUgPerDay per drug; a drug without an entry has no limit
 * @param clockDriftAlert        a pump clock off by more than this raises PUMP_CLOCK_DRIFT
 * @param alertPriority          priorities that differ from each kind's default
 */
public record ClinicalSettings(double refillMarginDays, double accuracyTolerancePct, Duration stallAlertAfter,
                               Duration pumpSilentAfter, double doseIncreaseAlertPct,
                               Map<Drug, Double> dailyDoseLimitUgPerDay, Duration clockDriftAlert,
                               Map<AlertKind, AlarmPriority> alertPriority) {
    public static final double DEFAULT_REFILL_MARGIN_DAYS = 3;
    public static final double DEFAULT_ACCURACY_TOLERANCE_PCT = 14.5;
    public static final Duration DEFAULT_PUMP_SILENT_AFTER = Duration.ofDays(35);
    public static final double DEFAULT_DOSE_INCREASE_ALERT_PCT = 50;
    public static final Duration DEFAULT_CLOCK_DRIFT_ALERT = Duration.ofMinutes(10);
    /** Published maxima; sources in config/gateway.yaml and docs/clinical-alerts.md. */
    public static final Map<Drug, Double> DEFAULT_DAILY_DOSE_LIMITS = Map.of(
            Drug.BACLOFEN, 2_000.0,
            Drug.MORPHINE, 15_000.0,
            Drug.HYDROMORPHONE, 10_000.0,
            Drug.ZICONOTIDE, 19.2,
            Drug.CLONIDINE, 600.0);

    public static final ClinicalSettings DEFAULTS = new ClinicalSettings(DEFAULT_REFILL_MARGIN_DAYS,
            DEFAULT_ACCURACY_TOLERANCE_PCT, Duration.ZERO, DEFAULT_PUMP_SILENT_AFTER, DEFAULT_DOSE_INCREASE_ALERT_PCT,
            DEFAULT_DAILY_DOSE_LIMITS, DEFAULT_CLOCK_DRIFT_ALERT, Map.of());

    public ClinicalSettings {
        positiveOrZero("refillMarginDays", refillMarginDays);
        positive("accuracyTolerancePct", accuracyTolerancePct);
        positive("doseIncreaseAlertPct", doseIncreaseAlertPct);
        notNegative("stallAlertAfter", stallAlertAfter);
        if (pumpSilentAfter.isNegative() || pumpSilentAfter.isZero()) {
            throw new IllegalArgumentException("pumpSilentAfter must be > 0: " + pumpSilentAfter);
        }
        notNegative("clockDriftAlert", clockDriftAlert);
        dailyDoseLimitUgPerDay.forEach((drug, limit) -> positive("dailyDoseLimitUgPerDay." + drug, limit));
        dailyDoseLimitUgPerDay = Map.copyOf(dailyDoseLimitUgPerDay);
        alertPriority = Map.copyOf(alertPriority);
    }

    public Optional<Double> dailyDoseLimitUgPerDay(Drug drug) {
        return Optional.ofNullable(dailyDoseLimitUgPerDay.get(drug));
    }

    public AlarmPriority priority(AlertKind kind) {
        return alertPriority.getOrDefault(kind, kind.defaultPriority());
    }

    private static void positive(String name, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
    }

    private static void positiveOrZero(String name, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
    }

    private static void notNegative(String name, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
