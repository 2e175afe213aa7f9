package io.pumplink.gateway.e2e;

import static io.pumplink.gateway.e2e.E2e.PREFIX;
import static io.pumplink.gateway.e2e.E2e.TIMEOUT;
import static io.pumplink.gateway.e2e.E2e.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumplink.emulator.Emulator;
import io.pumplink.emulator.EmulatorLaunch;
import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.Probe;
import io.pumplink.proto.v1.ActiveAlarms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 4 on a real broker: pumps whose serials all once became {@code pumps/A_B/...} (and overwrote each
 * other's retained active alarms) each keep retained state of their own, found again by a late subscriber.
 */
class TopicCollisionEndToEndTest {
    /** Each pump starts below its low-reservoir threshold, so each raises LOW_RESERVOIR at once. */
    private static final List<String> SERIALS = List.of("A/B", "A_B", "A+B", "A#B", "#");

    @TempDir
    Path dir;

    @Test
    void pumpsWhoseSerialsOnceSharedATopicKeepTheirOwnRetainedActiveAlarms() throws Exception {
        List<Emulator> emulators = new ArrayList<>();
        try (MosquittoBroker broker = MosquittoBroker.launch();
             Probe early = Probe.connect(broker.uri(), "collision-early")) {
            early.subscribe(TOPICS.allPumps("alarm"), 1); // alarm events are not retained: subscribe before the run
            E2e.Config config = new E2e.Config("collide", broker.uri(), dir.resolve("journal"));
            for (int i = 0; i < SERIALS.size(); i++) { // an emulated programmer holds one pump
                Emulator emulator = EmulatorLaunch.startTcp(
                        E2e.belowLowReservoir("collision-" + i, "PRG-COLLIDE" + i, SERIALS.get(i), ""), 1, 1, 1,
                        Optional.empty());
                emulators.add(emulator);
                config.link("prg-" + i, "tcp:127.0.0.1:" + emulator.ports().get(0));
            }
            try (Gateway gateway = new Gateway(config.build(), "test").start()) {
                await("a LOW_RESERVOIR alarm from every pump").atMost(TIMEOUT).until(() -> early.received().stream()
                        .map(m -> TOPICS.pumpOf(m.topic(), "alarm").orElseThrow()).distinct().count()
                        == SERIALS.size());
            }

            try (Probe late = Probe.connect(broker.uri(), "collision-late")) {
                late.subscribe(TOPICS.allPumps("alarms/active"), 1);
                await("one retained active-alarm set per pump").atMost(TIMEOUT).until(() -> late.received().stream()
                        .map(Probe.Msg::topic).distinct().count() == SERIALS.size());
                Map<String, ActiveAlarms> bySerial = late.received().stream().collect(Collectors.toMap(
                        m -> TOPICS.pumpOf(m.topic(), "alarms/active").orElseThrow(),
                        m -> m.envelope().getActiveAlarms(), (first, second) -> second));

                assertThat(bySerial).containsOnlyKeys(SERIALS);
                bySerial.forEach((serial, active) -> {
                    assertThat(active.getPumpSerial()).as("the set under %s", serial).isEqualTo(serial);
                    assertThat(active.getAlarmsList()).as("the set of %s", serial).isNotEmpty()
                            .allSatisfy(alarm -> assertThat(alarm.getPumpSerial()).isEqualTo(serial));
                });
                assertThat(late.received()).extracting(Probe.Msg::topic).contains(
                        PREFIX + "/pumps/A%2FB/alarms/active", PREFIX + "/pumps/A_B/alarms/active",
                        PREFIX + "/pumps/A%2BB/alarms/active", PREFIX + "/pumps/A%23B/alarms/active",
                        PREFIX + "/pumps/%23/alarms/active");
            }
        } finally {
            emulators.forEach(Emulator::close);
        }
    }
}
