package io.pumplink.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.gateway.mqtt.MessageListener;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.LinkState;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole demo in-process on free ports, watched by a plain Paho v5 client on the embedded broker: the
 * shipped demo scenario at 4000x puts its first interrogation at 0.15 s (real time from the emulator's start)
 * and the motor stall (an alarm) at 5.4 s, before the scripted link drop at 10.8 s.
 */
class DemoTest {
    private static final double SPEED = 4000;
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String PREFIX = "pumplink/v1/";

    @Test
    @Timeout(60)
    void runsTheWholeChainAndStopsCleanly() throws Exception {
        Set<Thread> threadsBefore = nonDaemonThreads();
        List<Scenario> scenarios = Demo.demoScenarios();
        Demo demo = new Demo(new Demo.Options(0, 0, SPEED, 0, scenarios, "test"));
        Path workDir;
        MqttClient live = null;
        try {
            demo.startBroker(); // subscribe before anything is published: events are not retained
            Watcher watcher = new Watcher();
            live = connect(demo.mqttPort(), "demo-test-live", watcher);
            live.subscribe(PREFIX + "#", 1);

            demo.start();
            workDir = demo.workDir();
            assertThat(demo.programmerSerials()).containsExactly("PRG-DEMO01", "PRG-DEMO02", "PRG-DEMO03");
            int pumps = scenarios.stream().mapToInt(scenario -> scenario.pumps().size()).sum();
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(watcher.missing(demo.programmerSerials(), pumps)).isEmpty());
            assertThat(watcher.undecodable).as("payloads that are no Envelope").isEmpty();

            assertThat(httpStatus(demo.httpPort(), "/health")).isEqualTo(200);
            assertRetained(demo.mqttPort(), pumps);
        } finally {
            close(live);
            demo.close();
        }
        assertThat(workDir).doesNotExist();
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(names(newNonDaemonThreads(threadsBefore)))
                        .as("threads that would keep the JVM from exiting").isEmpty());
    }

    @Test
    @Timeout(30)
    void aTakenMqttPortIsReportedAndLeavesNothingRunning(@TempDir Path dir) throws Exception {
        Set<Thread> threadsBefore = nonDaemonThreads();
        Thread.UncaughtExceptionHandler handlerBefore = Thread.getDefaultUncaughtExceptionHandler();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(Demo.HOST, 0));
            int port = taken.getLocalPort();
            try (Demo demo = new Demo(new Demo.Options(port, 0, SPEED, 0, Demo.demoScenarios(), "test"))) {
                assertThatThrownBy(demo::start).isInstanceOfSatisfying(Demo.PortInUseException.class, e -> {
                    assertThat(e.port()).isEqualTo(port);
                    assertThat(e.flag()).isEqualTo("--mqtt-port");
                    assertThat(e.suggestion()).isNotEqualTo(port);
                });
            }
            // taken between that check and HiveMQ's bind: an error, not a hang or an exit
            EmbeddedBroker broker = new EmbeddedBroker(dir, Demo.HOST, port);
            try {
                assertThatThrownBy(broker::start).isInstanceOf(IOException.class).hasMessageContaining(":" + port);
            } finally {
                broker.close();
            }
        }
        assertThat(Thread.getDefaultUncaughtExceptionHandler()).as("HiveMQ's JVM-wide handler is undone")
                .isSameAs(handlerBefore);
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(names(newNonDaemonThreads(threadsBefore)))
                        .as("threads that would keep the JVM from exiting").isEmpty());
    }

    @Test
    void theJarCarriesTheDemoScenariosOfConfigScenarios() throws IOException {
        for (String resource : Demo.SCENARIO_RESOURCES) {
            Path config = Path.of("..", "config", "scenarios").resolve(Path.of(resource).getFileName());
            try (InputStream shipped = Demo.class.getResourceAsStream(resource)) {
                assertThat(shipped).as(resource).isNotNull();
                assertThat(new String(shipped.readAllBytes(), StandardCharsets.UTF_8))
                        .as("the classpath copy must equal %s", config).isEqualTo(Files.readString(config));
            }
        }
    }

    /**
     * Issue 9: every tool the README's demo printout tells the user to run is one the test command installs when it
     * is missing (mosquitto_sub is in Debian's mosquitto-clients, not in mosquitto).
     */
    @Test
    void theTestCommandInstallsWhatTheDemoPrintoutRuns() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String printout = readme.substring(readme.indexOf("Watch it:"), readme.indexOf("Ctrl-C stops the gateway"));
        Set<String> tools = printout.lines().skip(1).map(String::strip).filter(line -> !line.isEmpty())
                .flatMap(line -> Arrays.stream(line.split(";"))).map(command -> command.strip().split(" ")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        String testCommand = Files.readString(Path.of("..", "scripts", "test.sh"));

        assertThat(tools).containsExactly("curl", "java", "mosquitto_sub");
        assertThat(tools).allSatisfy(tool -> assertThat(testCommand).as("scripts/test.sh installs %s", tool)
                .containsPattern("command -v " + tool + " .*\\|\\| need\\+=\\(\\S+\\)"));
        assertThat(testCommand).contains("need+=(mosquitto-clients)", "need+=(curl)");
    }

    /** Issue 9: the demo shows the range, not three copies of one pump. */
    @Test
    void theThreePumpsDifferInDrugModeRevisionAndState() {
        List<Scenario> scenarios = Demo.demoScenarios();

        assertThat(scenarios).extracting(s -> s.pumps().get(0).drug().orElseThrow().name())
                .containsExactly("MORPHINE", "BACLOFEN", "ZICONOTIDE");
        assertThat(scenarios).extracting(s -> s.pumps().get(0).mode().orElseThrow().name())
                .containsExactly("CONTINUOUS", "FLEX_SCHEDULE", "CONTINUOUS");
        assertThat(scenarios).extracting(s -> s.programmer().protocolRevision().name())
                .containsExactly("V1_0", "V1_1", "V1_1");
        assertThat(scenarios).extracting(s -> s.pumps().get(0).concentrationUgPerMl())
                .containsExactly(10_000L, 1_500L, 100L);
    }

    /** Retained state, as a client connecting now sees it: the gateway online, reservoir and flow per pump. */
    private static void assertRetained(int mqttPort, int pumps) throws MqttException {
        Watcher retained = new Watcher();
        MqttClient late = connect(mqttPort, "demo-test-late", retained);
        try {
            late.subscribe(new String[] {PREFIX + "gateways/+/status", PREFIX + "pumps/+/reservoir",
                PREFIX + "pumps/+/flow"}, new int[] {1, 1, 1});
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(retained.retainedOnline).as("retained gateway status online")
                        .containsExactly(Demo.GATEWAY_ID);
                assertThat(retained.retainedReservoir).as("pumps with a retained reservoir").hasSize(pumps);
                assertThat(retained.retainedFlow).as("pumps with a retained flow").hasSize(pumps);
            });
        } finally {
            close(late);
        }
    }

    private static void close(MqttClient client) throws MqttException {
        if (client != null) {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    private static MqttClient connect(int port, String clientId, Watcher watcher) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        client.setCallback(watcher);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        client.connect(options);
        return client;
    }

    private static int httpStatus(int port, String path) throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                .openConnection();
        http.setConnectTimeout(2_000);
        http.setReadTimeout(2_000);
        try {
            return http.getResponseCode();
        } finally {
            http.disconnect();
        }
    }

    /** What the demo published, decoded from the Protobuf tree (the JSON mirror is skipped). */
    private static final class Watcher implements MessageListener {
        final Set<String> online = ConcurrentHashMap.newKeySet();
        final Set<String> linksUp = ConcurrentHashMap.newKeySet();
        final Set<String> reservoir = ConcurrentHashMap.newKeySet();
        final Set<String> flow = ConcurrentHashMap.newKeySet();
        final Set<String> alarms = ConcurrentHashMap.newKeySet();
        final Set<String> interrogations = ConcurrentHashMap.newKeySet();
        final Set<String> retainedOnline = ConcurrentHashMap.newKeySet();
        final Set<String> retainedReservoir = ConcurrentHashMap.newKeySet();
        final Set<String> retainedFlow = ConcurrentHashMap.newKeySet();
        final Map<String, String> undecodable = new ConcurrentHashMap<>();

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (!topic.startsWith(PREFIX) || topic.startsWith(PREFIX + "json/")) {
                return;
            }
            Envelope envelope;
            try {
                envelope = Envelope.parseFrom(message.getPayload());
            } catch (InvalidProtocolBufferException e) {
                undecodable.put(topic, e.getMessage());
                return;
            }
            String[] level = topic.substring(PREFIX.length()).split("/");
            boolean retained = message.isRetained();
            switch (envelope.getBodyCase()) {
                case GATEWAY_STATUS -> {
                    if (envelope.getGatewayStatus().getOnline()) {
                        online.add(envelope.getGatewayStatus().getGatewayId());
                        if (retained) {
                            retainedOnline.add(envelope.getGatewayStatus().getGatewayId());
                        }
                    }
                }
                case LINK_STATUS -> {
                    if (envelope.getLinkStatus().getState() == LinkState.LINK_STATE_UP) {
                        linksUp.add(envelope.getLinkStatus().getLinkId());
                    }
                }
                case RESERVOIR_STATUS -> {
                    reservoir.add(level[1]);
                    if (retained) {
                        retainedReservoir.add(level[1]);
                    }
                }
                case FLOW_STATUS -> {
                    flow.add(level[1]);
                    if (retained) {
                        retainedFlow.add(level[1]);
                    }
                }
                case ALARM -> alarms.add(topic + " " + envelope.getAlarm().getAlarm());
                case INTERROGATION_RECORD -> interrogations.add(level[1]);
                default -> {
                }
            }
        }

        /** What is still to be seen; empty when everything the test asks for arrived. */
        List<String> missing(List<String> programmers, int pumps) {
            List<String> missing = new ArrayList<>();
            if (!online.contains(Demo.GATEWAY_ID)) {
                missing.add("gateway status online");
            }
            programmers.stream().filter(serial -> !linksUp.contains(serial))
                    .forEach(serial -> missing.add("link " + serial + " UP"));
            if (reservoir.size() < pumps) {
                missing.add("reservoir of " + pumps + " pumps (seen " + reservoir + ")");
            }
            if (flow.size() < pumps) {
                missing.add("flow of " + pumps + " pumps (seen " + flow + ")");
            }
            if (alarms.isEmpty()) {
                missing.add("an alarm event");
            }
            if (interrogations.isEmpty()) {
                missing.add("an interrogation record");
            }
            return missing;
        }
    }

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }

    private static Set<Thread> newNonDaemonThreads(Set<Thread> before) {
        Set<Thread> now = nonDaemonThreads();
        now.removeAll(before);
        return now;
    }

    private static List<String> names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted().toList();
    }
}
