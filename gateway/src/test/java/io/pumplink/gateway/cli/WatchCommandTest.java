package io.pumplink.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FrameType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code pumplink watch} against a real mosquitto. The broker and the publishing side are shared by the class (a
 * Paho client takes ~0.4 s to connect and disconnect); each test publishes under a topic prefix of its own, so
 * retained messages of one test never reach another.
 */
class WatchCommandTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static MosquittoBroker broker;
    private static MqttPeer gateway;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = MosquittoBroker.launch();
        gateway = MqttPeer.connect(broker.uri(), "gateway");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        try {
            gateway.close();
        } finally {
            broker.close();
        }
    }

    private static Cli.Running startWatch(String... args) {
        List<String> all = new ArrayList<>(List.of("watch", "--mqtt", broker.uri().toString(), "--duration", "20s"));
        all.addAll(List.of(args));
        Cli.Running watch = Cli.start(all.toArray(String[]::new));
        await().atMost(TIMEOUT).until(() -> watch.stderr().contains("subscribed to") || watch.done());
        return watch;
    }

    private static Cli.Run watch(String... args) {
        List<String> all = new ArrayList<>(List.of("watch", "--mqtt", broker.uri().toString(), "--duration", "20s"));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void printsOneReadableLinePerMessageOfEachKindAndStopsAfterCount() throws Exception {
        Map<String, Samples.Sample> samples = Samples.published("pumplink/v1");
        // retained, so the broker hands all of them to watch as it subscribes
        for (Samples.Sample sample : samples.values()) {
            gateway.publish(sample.topic(), sample.envelope(), true);
        }
        gateway.publishRaw("pumplink/v1/json/pumps/NGP-4711/reservoir",
                JsonFormat.printer().print(Samples.reservoir()).getBytes(StandardCharsets.UTF_8), true);

        Cli.Run run = watch("--count", String.valueOf(samples.size()));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.lines()).hasSize(samples.size());
        for (Samples.Sample sample : samples.values()) {
            assertThat(run.lines()).as(sample.topic())
                    .anySatisfy(line -> assertThat(line).contains(sample.expected()));
        }
        assertThat(run.lines()).allSatisfy(line -> assertThat(line)
                .matches("(\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d:\\d\\d [a-z]+/\\S+  [A-Z].*"));
        assertThat(run.stdout()).doesNotContain(Samples.PATIENT_REF).doesNotContain("json/");
        assertThat(run.stderr()).contains("watch: connected to " + broker.uri())
                .contains("watch: subscribed to pumplink/v1/# (JSON mirror skipped)");
    }

    @Test
    void jsonPrintsEachEnvelopeAsPublished() throws Exception {
        Map<String, Samples.Sample> samples = Samples.published("json-test/v1");
        for (Samples.Sample sample : samples.values()) {
            gateway.publish(sample.topic(), sample.envelope(), true);
        }

        Cli.Run run = watch("--topic-prefix", "json-test/v1", "--json", "--count", String.valueOf(samples.size()));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<Envelope> printed = new ArrayList<>();
        for (String line : run.lines()) {
            Envelope.Builder envelope = Envelope.newBuilder();
            JsonFormat.parser().merge(line, envelope);
            printed.add(envelope.build());
        }
        assertThat(printed).containsExactlyInAnyOrderElementsOf(
                samples.values().stream().map(Samples.Sample::envelope).toList());
        assertThat(run.stdout()).contains(Samples.PATIENT_REF); // what was published
    }

    @Test
    void theJsonMirrorIsShownWhenTheTopicPointsIntoIt() throws Exception {
        String json = JsonFormat.printer().omittingInsignificantWhitespace().print(Samples.reservoir());
        gateway.publishRaw("mirror/v1/json/pumps/NGP-4711/reservoir", json.getBytes(StandardCharsets.UTF_8), true);

        Cli.Run readable = watch("--topic-prefix", "mirror/v1", "--topic", "mirror/v1/json/#", "--count", "1");
        Cli.Run asJson = watch("--topic-prefix", "mirror/v1", "--topic", "mirror/v1/json/#", "--json", "--count", "1");

        assertThat(readable.stdout()).contains("json/pumps/NGP-4711/reservoir  RESERVOIR 12.3 mL");
        assertThat(readable.stderr()).contains("subscribed to mirror/v1/json/#").doesNotContain("mirror skipped");
        assertThat(asJson.stdout()).isEqualTo(json + "\n");
    }

    @Test
    void aPayloadThatIsNoEnvelopeGivesOneLineAndWatchingGoesOn() throws Exception {
        Cli.Running watch = startWatch("--topic-prefix", "garbage/v1", "--count", "3");

        gateway.publishRaw("garbage/v1/pumps/NGP-4711/flow", new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                0x01, 0x02, 0x03, 0x04}, false);
        gateway.publishRaw("garbage/v1/pumps/NGP-4711/battery", new byte[0], false);
        gateway.publish("garbage/v1/pumps/NGP-4711/alarm", Samples.alarm("alarm-9"), false);
        Cli.Run run = watch.await(TIMEOUT);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.lines()).hasSize(3);
        assertThat(run.lines().get(0)).matches("\\d\\d:\\d\\d:\\d\\d pumps/NGP-4711/flow  UNPARSEABLE payload"
                + " of 7 bytes: not a pumplink.v1.Envelope .*");
        assertThat(run.lines().get(1)).endsWith(" pumps/NGP-4711/battery  UNPARSEABLE payload of 0 bytes:"
                + " empty payload");
        assertThat(run.lines().get(2)).contains(" pumps/NGP-4711/alarm  ALARM RAISED LOW_RESERVOIR");
    }

    @Test
    void gatewayIdKeepsOnlyThatGatewaysMessages() throws Exception {
        Envelope fromOther = Samples.alarm("other").toBuilder()
                .setHeader(Samples.header("other", FrameType.FRAME_TYPE_ALARM).setGatewayId("clinic-8"))
                .build();
        Cli.Running watch = startWatch("--topic-prefix", "gwid/v1", "--gateway-id", Samples.GATEWAY,
                "--count", "1");

        gateway.publish("gwid/v1/pumps/NGP-0001/alarm", fromOther, false);
        gateway.publish("gwid/v1/pumps/NGP-0002/alarm", fromOther, false);
        gateway.publish("gwid/v1/pumps/NGP-4711/reservoir", Samples.reservoir(), false);
        Cli.Run run = watch.await(TIMEOUT);

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).singleElement().asString().contains(" pumps/NGP-4711/reservoir  RESERVOIR");
    }

    @Test
    void aQuietWatchEndsAfterItsDuration() throws Exception {
        long start = System.nanoTime();
        Cli.Run run = Cli.run("watch", "--mqtt", broker.uri().toString(), "--topic-prefix", "quiet/v1",
                "--duration", "300ms");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void reportsTheReconnectAndSubscribesAgain() throws Exception {
        try (MosquittoBroker own = MosquittoBroker.launch()) {
            Cli.Running watch = Cli.start("watch", "--mqtt", own.uri().toString(), "--count", "1",
                    "--duration", "20s");
            await().atMost(TIMEOUT).until(() -> watch.stderr().contains("subscribed to"));

            own.restart(); // no persistence: the broker forgets the subscription
            await().atMost(TIMEOUT).until(() -> watch.stderr().contains("reconnected to " + own.uri()));
            try (MqttPeer publisher = MqttPeer.connect(own.uri(), "publisher")) {
                // the new subscription is made asynchronously: publish until watch has it
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!watch.done()) {
                        publisher.publish("pumplink/v1/pumps/NGP-4711/alarm", Samples.alarm("alarm-9"), false);
                    }
                    return watch.done();
                });
            }
            Cli.Run run = watch.await(TIMEOUT);

            assertThat(run.exitCode()).isZero();
            assertThat(run.lines()).singleElement().asString().contains("ALARM RAISED");
            assertThat(run.stderr()).contains("watch: connection to " + own.uri() + " lost (")
                    .contains("; reconnecting");
        }
    }

    @Test
    void anUnreachableBrokerIsExitCodeOne() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Cli.Run run = Cli.run("watch", "--mqtt", "tcp://127.0.0.1:" + closedPort, "--duration", "5s");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("watch: tcp://127.0.0.1:" + closedPort + ": ");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void usageErrorsAreExitCodeTwo() {
        assertThat(Cli.run("watch").exitCode()).isEqualTo(2);
        assertThat(Cli.run("watch", "--mqtt", "http://localhost:1883").exitCode()).isEqualTo(2);
        assertThat(Cli.run("watch", "--mqtt", "tcp://localhost:1883", "--count", "0").exitCode()).isEqualTo(2);
        assertThat(Cli.run("watch", "--mqtt", "tcp://localhost:1883", "--duration", "soon").exitCode()).isEqualTo(2);
        assertThat(Cli.run("watch", "--mqtt", "tcp://localhost:1883", "--topic", "a/#/b").exitCode()).isEqualTo(2);
    }

    @Test
    void helpShowsExamples() {
        Cli.Run run = Cli.run("watch", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("Examples:").contains("pumplink watch --mqtt tcp://localhost:1883")
                .contains("--count").contains("--duration").contains("--json").contains("--gateway-id");
        assertThat(run.stdout().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }
}
