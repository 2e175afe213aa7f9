package io.pumplink.gateway.model;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Clinical values derived from a message and what is known of its pump; the wire values stay unchanged. */
public sealed interface Derived {
    Derived NONE = new Nothing();

    /** Nothing to derive for this message. */
    record Nothing() implements Derived {
    }

    /** For FLOW_STATUS; the dose needs the pump's concentration from its latest RESERVOIR_STATUS. */
    record Flow(double rateMlPerDay, OptionalLong concentrationUgPerMl, OptionalDouble dailyDoseUgPerDay)
            implements Derived {
    }

    /** For RESERVOIR_STATUS; the projections need the pump's rate from its latest FLOW_STATUS. */
    record Reservoir(double volumeMl, OptionalLong projectionRateNlPerHour, OptionalDouble daysToLowThreshold,
                     OptionalDouble daysToEmpty, OptionalLong refillByDateMs) implements Derived {
    }

    /** For a REFILL log entry: measured minus expected residual. */
    record Refill(long discrepancyUl, OptionalDouble discrepancyPct, boolean flagged) implements Derived {
    }
}
