package io.pumplink.protocol.message;

/** A message about one pump, stamped with the pump's or programmer's clock. */
public sealed interface PumpMessage extends Message
        permits PumpIdentity, ReservoirStatus, FlowStatus, BatteryStatus, Alarm, SessionBegin, LogEntry, SessionEnd,
        TherapySummary {
    /** Device time, ms since the Unix epoch (UTC). */
    long tsMs();

    /** The pump's serial; empty means "no pump" (a programmer-side event). */
    String pumpSerial();

    /**
     * A status snapshot (identity, reservoir, flow, battery, therapy summary): its ts is the device clock when it was
     * read, unlike an alarm's, a log entry's or a session's, which carry the time of an event.
     */
    default boolean statusSnapshot() {
        return this instanceof PumpIdentity || this instanceof ReservoirStatus || this instanceof FlowStatus
                || this instanceof BatteryStatus || this instanceof TherapySummary;
    }
}
