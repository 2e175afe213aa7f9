package io.pumplink.emulator.scenario;

import java.time.Duration;

/**
 * The simulated pump programmer, as its HELLO and PROGRAMMER_STATUS describe it.
 *
 * @param serial              1..16 printable ASCII characters (the ICD's {@code char[16]})
 * @param heartbeatIntervalMs 100..60000, sent in HELLO
 * @param batteryPct          0..100 at simulated time 0; below 20 the programmer raises PROGRAMMER_LOW_BATTERY
 * @param protocolRevision    1.0 unless the scenario or the {@code --ptl-revision} flag says 1.1
 */
public record ProgrammerSpec(String serial, FirmwareVersion firmware, int heartbeatIntervalMs, int batteryPct,
                             StatusStreaming statusStreaming, ProtocolRevision protocolRevision) {
    public static final ProgrammerSpec DEFAULT = new ProgrammerSpec("PRG-000001", new FirmwareVersion(2, 4, 17),
            1_000, 100, new StatusStreaming(true, Duration.ofSeconds(60)), ProtocolRevision.V1_0);

    /** The same programmer speaking another revision, so that a lab can run one scenario as both. */
    public ProgrammerSpec withProtocolRevision(ProtocolRevision revision) {
        return new ProgrammerSpec(serial, firmware, heartbeatIntervalMs, batteryPct, statusStreaming, revision);
    }
}
