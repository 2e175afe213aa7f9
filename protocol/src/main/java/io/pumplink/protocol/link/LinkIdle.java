package io.pumplink.protocol.link;

/**
 * What the heartbeat timer of {@link PtlPipeline} tells the protocol handler above it (ICD section 3), as a user
 * event; again after every further quiet period.
 */
public enum LinkIdle {
    /** Nothing was sent for one heartbeat interval: send HEARTBEAT. */
    HEARTBEAT_DUE,
    /** Nothing was received for {@link PtlPipeline#SILENT_INTERVALS} heartbeat intervals: the link is lost. */
    PEER_SILENT
}
