package io.pumplink.gateway.e2e;

import static io.pumplink.gateway.e2e.E2e.PREFIX;
import static io.pumplink.gateway.e2e.E2e.TIMEOUT;
import static io.pumplink.gateway.e2e.E2e.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pumplink.emulator.Emulator;
import io.pumplink.emulator.EmulatorLaunch;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioLoader;
import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.Probe;
import io.pumplink.proto.v1.InterrogationRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A patient reference travels in the interrogation record's payload only: a whole run (emulated programmer with
 * interrogations → gateway → broker), logged at DEBUG, is searched for it in every log line, in the metrics and in
 * every topic name.
 */
class PatientRefLeakTest {
    @TempDir
    Path dir;

    @Test
    void thePatientReferenceIsInNoLogLineMetricOrTopic() throws Exception {
        Scenario scenario = ScenarioLoader.load(Path.of("..", "config", "scenarios", "flex-schedule.yaml"));
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Level rootLevel = root.getLevel();
        ListAppender<ILoggingEvent> everything = new ListAppender<>();
        everything.start();
        root.addAppender(everything);
        root.setLevel(Level.DEBUG);
        try (MosquittoBroker broker = MosquittoBroker.launch();
             Probe probe = Probe.connect(broker.uri(), "leak-probe");
             Emulator emulator = EmulatorLaunch.startTcp(scenario, 1, scenario.seed().orElse(1),
                     scenario.speed().orElse(1), Optional.empty());
             Gateway gateway = new Gateway(new E2e.Config("leak", broker.uri(), dir.resolve("journal"))
                     .link("prg-0", "tcp:127.0.0.1:" + emulator.ports().get(0)).build(), "test").start()) {
            probe.subscribe(PREFIX + "/#", 1);
            String interrogation = TOPICS.pump("NGP-FLEX01", "interrogation");
            await("an interrogation record").atMost(TIMEOUT).until(() -> !probe.on(interrogation).isEmpty());
            InterrogationRecord record = probe.on(interrogation).get(0).envelope().getInterrogationRecord();
            String patientRef = record.getPatientRef();
            assertThat(patientRef).as("the emulator sends one").isNotBlank();

            List<String> logLines;
            synchronized (everything) {
                logLines = everything.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            }
            assertThat(logLines).as("log lines of the run").anyMatch(line -> line.startsWith("gateway leak started"))
                    .noneMatch(line -> line.contains(patientRef));
            assertThat(gateway.metrics().scrape()).doesNotContain(patientRef);
            assertThat(probe.received()).extracting(Probe.Msg::topic).noneMatch(topic -> topic.contains(patientRef));
        } finally {
            root.detachAppender(everything);
            root.setLevel(rootLevel);
        }
    }
}
