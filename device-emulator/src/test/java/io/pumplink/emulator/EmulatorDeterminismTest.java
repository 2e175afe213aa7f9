package io.pumplink.emulator;

import static io.pumplink.emulator.EmulatorInterrogationTest.answer;
import static io.pumplink.emulator.ScriptedGateway.fresh;
import static io.pumplink.emulator.ScriptedGateway.type;
import static io.pumplink.emulator.TestScenarios.startTcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioLoader;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.LogEvent;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * --seed makes a run repeatable: the same seed and scenario give the gateway the same alarms (code, id, state and
 * pump timestamp) however real time falls. The pump's world does not depend on the seed at all (a refill's
 * aspirated residual is what is physically left); the programmer's choices (first seq, patient reference) do.
 */
class EmulatorDeterminismTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final double SPEED = 600; // 5.5 simulated minutes in about half a second

    /** alarm-storm's pump events (pump alarms only: their times are simulated, the programmer's are not). */
    private static final String SCENARIO = """
            name: determinism
            programmer:
              serial: PRG-DET01
              heartbeatIntervalMs: 200
              statusStreaming: { enabled: false }
            pumps:
              - serial: NGP-DET01
                reservoirCapacityUl: 20000
                volumeUl: 2001
                lowAlarmThresholdUl: 2000
                drug: BACLOFEN
                concentrationUgPerMl: 2000
                mode: CONTINUOUS
                dailyDoseUgPerDay: 1000
                batteryDaysToEri: 0.00125
                batteryDaysEriToEos: 90
            events:
              - { at: 20s, motorStall: { duration: 40s } }
              - { at: 75s, criticalMemoryError: { code: 17 } }
              - { at: 90s, motorStall: { duration: 20s } }
              - { at: 130s, motorStall: { duration: 15s } }
              - { at: 270s, pumpReset: { cause: 2 } }
              - { at: 300s, refill: { volumeUl: 15000 } }
              - { at: 330s, interrogate: {} }
            """;

    record AlarmKey(int code, long alarmId, int state, long tsMs) {
        static AlarmKey of(Alarm alarm) {
            return new AlarmKey(alarm.alarmCode(), alarm.alarmId(), alarm.stateCode(), alarm.tsMs());
        }
    }

    record Run(int helloSeq, List<AlarmKey> alarms, List<LogEntry> log, SessionBegin begin) {
        LogEntry refill() {
            return log.stream().filter(e -> e.event().equals(Optional.of(LogEvent.REFILL))).findFirst().orElseThrow();
        }
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedTheSamePumpWithOtherLinkChoices() throws Exception {
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "determinism.yaml");
        Run first = run(scenario, 7);
        Run second = run(scenario, 7);
        Run otherSeed = run(scenario, 8);

        assertThat(first.alarms()).extracting(AlarmKey::code).contains(AlarmCode.MOTOR_STALL.code(),
                AlarmCode.MOTOR_STALL_RECOVERED.code(), AlarmCode.CRITICAL_MEMORY_ERROR.code(),
                AlarmCode.BATTERY_ERI.code(), AlarmCode.LOW_RESERVOIR.code(), AlarmCode.PUMP_RESET.code());
        assertThat(first.alarms()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(second.alarms()).as("same seed: (code, id, state, ts) of every alarm")
                .containsExactlyElementsOf(first.alarms());
        assertThat(second.log()).as("same seed: the session's log").containsExactlyElementsOf(first.log());
        assertThat(second.helloSeq()).as("same seed: the first seq").isEqualTo(first.helloSeq());
        assertThat(second.begin().patientRef()).isEqualTo(first.begin().patientRef());

        assertThat(otherSeed.alarms()).containsExactlyElementsOf(first.alarms());
        assertThat(otherSeed.log()).containsExactlyElementsOf(first.log());
        LogEntry refill = first.refill();
        assertThat(refill.b()).as("no residual in the file, no delivery error: the pump's estimate is aspirated")
                .isEqualTo(refill.a());
        assertThat(otherSeed.helloSeq()).isNotEqualTo(first.helloSeq());
        assertThat(otherSeed.begin().patientRef()).isNotEqualTo(first.begin().patientRef());
    }

    private static Run run(Scenario scenario, long seed) throws Exception {
        try (Emulator emulator = startTcp(scenario, seed, SPEED);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            gateway.awaitPacket(fresh(SessionEnd.class), WAIT);
            List<Packet> packets = gateway.packets();
            List<AlarmKey> alarms = packets.stream().filter(type(Alarm.class)).filter(p -> !p.retransmit())
                    .map(p -> AlarmKey.of((Alarm) p.message())).toList();
            List<Message> session = answer(gateway, 0);
            assertThat(alarms).allSatisfy(a -> assertThat(a.tsMs()).isPositive());
            assertThat(packets).filteredOn(type(Alarm.class))
                    .allSatisfy(p -> assertThat(((Alarm) p.message()).pumpSerial()).isEqualTo("NGP-DET01"));
            int helloSeq = gateway.awaitPacket(type(Hello.class), WAIT).seq();
            return new Run(helloSeq, alarms, EmulatorInterrogationTest.logEntries(session),
                    session.stream().filter(SessionBegin.class::isInstance).map(SessionBegin.class::cast)
                            .findFirst().orElseThrow());
        }
    }
}
