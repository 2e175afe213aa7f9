package io.pumplink.protocol.message;

/** A message about one pump, stamped with the pump's or programmer's clock. */
public sealed interface PumpMessage extends Message
        permits PumpIdentity, ReservoirStatus, FlowStatus, BatteryStatus, Alarm, SessionBegin, LogEntry, SessionEnd,
        TherapySummary {
    /** Device time, ms since the Unix epoch (UTC). */
    long tsMs();

    /** The pump's serial; empty means "no pump" (a programmer-side event). */
    String pumpSerial();
}
