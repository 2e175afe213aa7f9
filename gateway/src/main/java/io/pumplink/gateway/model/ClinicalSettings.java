package io.pumplink.gateway.model;

/**
 * Limits for derived clinical values.
 *
 * @param refillMarginDays        the refill-by date is this many days before the low-reservoir threshold date
 * @param refillTolerancePct      a REFILL whose measured residual differs from the expected one by more than
 *                                this percentage is flagged
 */
public record ClinicalSettings(double refillMarginDays, double refillTolerancePct) {
    public static final ClinicalSettings DEFAULTS = new ClinicalSettings(3, 15);

    public ClinicalSettings {
        if (!(refillMarginDays >= 0)) {
            throw new IllegalArgumentException("refillMarginDays must be >= 0: " + refillMarginDays);
        }
        if (!(refillTolerancePct > 0)) {
            throw new IllegalArgumentException("refillTolerancePct must be > 0: " + refillTolerancePct);
        }
    }
}
