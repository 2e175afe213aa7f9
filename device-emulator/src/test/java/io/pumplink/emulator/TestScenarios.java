package io.pumplink.emulator;

import io.pumplink.emulator.scenario.FaultSettings;
import io.pumplink.emulator.scenario.FirmwareVersion;
import io.pumplink.emulator.scenario.ProgrammerSpec;
import io.pumplink.emulator.scenario.ProtocolRevision;
import io.pumplink.emulator.scenario.PumpSpec;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioEvent;
import io.pumplink.emulator.scenario.StatusStreaming;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.Packet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Predicate;

/** Scenarios built in code for the emulator's link tests, and an in-process emulator on a free TCP port. */
final class TestScenarios {
    static final String PROGRAMMER_SERIAL = "PRG-TEST01";
    static final int HEARTBEAT_MS = 200;
    static final long START_MS = Scenario.DEFAULT_START.toEpochMilli();

    private TestScenarios() {
    }

    /** A programmer with a short heartbeat and no status streaming, so the link is quiet unless asked. */
    static ProgrammerSpec programmer(int heartbeatMs) {
        return new ProgrammerSpec(PROGRAMMER_SERIAL, new FirmwareVersion(2, 4, 17), heartbeatMs, 100,
                new StatusStreaming(false, Duration.ofSeconds(60)), ProtocolRevision.V1_0);
    }

    static ProgrammerSpec streamingProgrammer(int heartbeatMs, Duration interval) {
        return new ProgrammerSpec(PROGRAMMER_SERIAL, new FirmwareVersion(2, 4, 17), heartbeatMs, 100,
                new StatusStreaming(true, interval), ProtocolRevision.V1_0);
    }

    /** The default pump, a quiet programmer, no faults, these events. */
    static Scenario scenario(String name, ScenarioEvent... events) {
        return scenario(name, programmer(HEARTBEAT_MS), List.of(PumpSpec.DEFAULT), FaultSettings.NONE, events);
    }

    static Scenario scenario(String name, ProgrammerSpec programmer, List<PumpSpec> pumps, FaultSettings faults,
                             ScenarioEvent... events) {
        return new Scenario(name, "", OptionalLong.empty(), OptionalDouble.empty(), Scenario.DEFAULT_START,
                programmer, pumps, faults, Arrays.asList(events));
    }

    /** The default pump, out of the programmer's telemetry range. */
    static PumpSpec pumpOutOfRange() {
        PumpSpec d = PumpSpec.DEFAULT;
        return new PumpSpec(d.serial(), false, d.modelCode(), d.reservoirCapacityUl(), d.volumeUl(),
                d.lowAlarmThresholdUl(), d.drugCode(), d.concentrationUgPerMl(), d.modeCode(), d.rateNlPerHour(),
                d.flexSteps(), d.batteryDaysToEri(), d.batteryDaysEriToEos(), d.logCapacity(), d.lastRefill(),
                d.volumeAfterLastRefillUl(), d.nextRefillDue(), d.deliveryErrorPct());
    }

    static FaultSettings faults(double bitErrorRate, double dropByteRate, double garbagePerMinute,
                                int garbageMaxBytes, double duplicateFrameRate) {
        return new FaultSettings(bitErrorRate, dropByteRate, garbagePerMinute, garbageMaxBytes, duplicateFrameRate);
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    /** One programmer listening on a free TCP port of 127.0.0.1. */
    static Emulator startTcp(Scenario scenario, long seed, double speed) throws InterruptedException {
        return startTcp(scenario, seed, speed, Optional.empty());
    }

    static Emulator startTcp(Scenario scenario, long seed, double speed, Optional<Path> record)
            throws InterruptedException {
        return EmulatorLaunch.startTcp(scenario, 1, seed, speed, record);
    }

    static int freePort() {
        return EmulatorLaunch.freePort();
    }

    // ---- predicates over received packets

    static Predicate<Packet> alarm(AlarmCode code, AlarmState state) {
        return p -> p.message() instanceof Alarm a && a.alarmCode() == code.code() && a.stateCode() == state.code();
    }

    static Alarm alarmOf(Packet packet) {
        return (Alarm) packet.message();
    }
}
