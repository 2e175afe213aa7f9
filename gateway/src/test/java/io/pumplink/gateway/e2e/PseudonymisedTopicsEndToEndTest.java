package io.pumplink.gateway.e2e;

import static io.pumplink.gateway.e2e.E2e.PREFIX;
import static io.pumplink.gateway.e2e.E2e.TIMEOUT;
import static io.pumplink.gateway.e2e.E2e.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumplink.emulator.Emulator;
import io.pumplink.emulator.EmulatorLaunch;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioLoader;
import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.Probe;
import io.pumplink.proto.v1.Envelope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run with {@code mqtt.pseudonymKeyFile} (emulated programmer with interrogations → gateway → a real
 * mosquitto, JSON mirror on): a subscriber to the whole tree finds the pump's data under its pseudonym, and the
 * real serial in no topic, user property or payload.
 */
class PseudonymisedTopicsEndToEndTest {
    private static final String PUMP = "NGP-FLEX01";
    /** HMAC-SHA256 of "pumplink/pump-serial/v1\0NGP-FLEX01" under PseudonymsTest's key, in Python (see there). */
    private static final String PSEUDONYM = "p-sns3dnvjtq7nxj5dpndumynxny";
    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void aBrokerSubscriberSeesThePumpOnlyUnderItsPseudonym() throws Exception {
        Path key = Files.writeString(dir.resolve("pseudonym-key"), KEY + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Scenario scenario = ScenarioLoader.load(Path.of("..", "config", "scenarios", "flex-schedule.yaml"));
        try (MosquittoBroker broker = MosquittoBroker.launch();
             Probe probe = Probe.connect(broker.uri(), "pseudonym-probe");
             Emulator emulator = EmulatorLaunch.startTcp(scenario, 1, scenario.seed().orElse(1),
                     scenario.speed().orElse(1), Optional.empty());
             Gateway gateway = new Gateway(new E2e.Config("pseudo", broker.uri(), dir.resolve("journal"))
                     .mqtt("jsonMirror: true", "pseudonymKeyFile: \"" + key + "\"")
                     .link("prg-0", "tcp:127.0.0.1:" + emulator.ports().get(0)).build(), "test").start()) {
            probe.subscribe(PREFIX + "/#", 1);
            String interrogation = TOPICS.pump(PSEUDONYM, "interrogation");
            await("an interrogation record under the pseudonym").atMost(TIMEOUT)
                    .until(() -> !probe.on(interrogation).isEmpty()
                            && !probe.on(TOPICS.json().pump(PSEUDONYM, "interrogation")).isEmpty());

            Envelope record = probe.on(interrogation).get(0).envelope();
            assertThat(record.getHeader().getPumpSerial()).isEqualTo(PSEUDONYM);
            assertThat(record.getHeader().getPumpSerialPseudonymised()).isTrue();
            assertThat(record.getInterrogationRecord().getPumpSerial()).isEqualTo(PSEUDONYM);
            assertThat(probe.received()).extracting(Probe.Msg::topic)
                    .contains(TOPICS.pump(PSEUDONYM, "reservoir"))
                    .anyMatch(topic -> topic.startsWith(PREFIX + "/programmers/"))
                    .noneMatch(topic -> topic.contains(PUMP));
            assertThat(probe.received()).allSatisfy(message -> {
                assertThat(new String(message.payload(), StandardCharsets.ISO_8859_1)).doesNotContain(PUMP);
                assertThat(message.userProperties().values()).noneMatch(value -> value.contains(PUMP));
            });
        }
    }
}
