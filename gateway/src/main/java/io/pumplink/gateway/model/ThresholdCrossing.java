package io.pumplink.gateway.model;

/**
 * When one fill of a pump's reservoir reaches (or reached) its low-alarm threshold, on the device clock. Once
 * {@code crossed}, the date is fixed until the next refill, so the refill-by date stops moving with each frame.
 *
 * @param fillTsMs the RESERVOIR_STATUS last_refill_ts of the fill this belongs to
 */
public record ThresholdCrossing(long fillTsMs, long dateMs, boolean crossed) {
}
