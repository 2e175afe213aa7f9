package io.pumplink.gateway.model;

import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.TherapySummary;
import java.util.Optional;

/**
 * The RESERVOIR_STATUS, FLOW_STATUS and THERAPY_SUMMARY one pump sent in one session or streaming round (ICD
 * section 6): a projection uses these three together, never a rate from an earlier round. Any may be missing.
 */
public record StatusRound(Optional<ReservoirStatus> reservoir, Optional<FlowStatus> flow,
                          Optional<TherapySummary> therapy) {
}
