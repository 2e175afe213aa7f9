package io.pumplink.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.Probe;
import io.pumplink.gateway.publish.Topics;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.Header;
import io.pumplink.proto.v1.ReservoirStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * At least once, on a real broker: a publication is acknowledged only after the destination took or refused it, a
 * failing destination is retried without losing or reordering anything, what was not acknowledged comes again after a
 * restart, a redelivered message id is not sent twice, and instances of one kind share the load.
 */
class BridgeDeliveryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Topics TOPICS = new Topics(Topics.DEFAULT_PREFIX);
    private static final String RESERVOIR = TOPICS.pump("NGP-1", "reservoir");

    private MosquittoBroker broker;
    private Probe gateway;
    private final List<AutoCloseable> open = new ArrayList<>();

    /** A destination that answers each attempt as the test says and records what it was given. */
    static final class Scripted implements Destination {
        final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger attempts = new AtomicInteger();
        private final String name;
        private final Function<Received, Outcome> answer;

        Scripted(String name, Function<Received, Outcome> answer) {
            this.name = name;
            this.answer = answer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Outcome deliver(Received message) {
            attempts.incrementAndGet();
            Outcome outcome = answer.apply(message);
            if (outcome instanceof Outcome.Delivered) {
                delivered.add(message.messageId());
            }
            return outcome;
        }

        @Override
        public void close() {
        }
    }

    @BeforeEach
    void start() throws Exception {
        broker = MosquittoBroker.launch();
        gateway = Probe.connect(broker.uri(), "the-gateway");
    }

    @AfterEach
    void stop() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        gateway.close();
        broker.close();
    }

    private Bridge bridge(String kind, String clientId, Destination destination, boolean http) throws Exception {
        BridgeSettings settings = new BridgeSettings(kind, broker.uri(), clientId, TOPICS, "test", 8,
                Duration.ofMillis(10), Duration.ofMillis(50), 1000, Duration.ofHours(1), Duration.ofSeconds(10),
                new GatewayConfig.Http("127.0.0.1", http ? Optional.of(0) : Optional.empty(), Optional.empty()));
        Bridge bridge = new Bridge(settings, destination).start(options -> { }, Optional.empty());
        open.add(bridge);
        return bridge;
    }

    private void publish(String messageId, int volumeUl) throws Exception {
        Envelope envelope = Envelope.newBuilder()
                .setHeader(Header.newBuilder().setMessageId(messageId).setPumpSerial("NGP-1"))
                .setReservoirStatus(ReservoirStatus.newBuilder().setPumpSerial("NGP-1").setVolumeUl(volumeUl))
                .build();
        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(List.of(new UserProperty("message-id", messageId)));
        gateway.publish(RESERVOIR, new MqttMessage(envelope.toByteArray(), 1, false, properties));
    }

    @Test
    void aFailingDestinationIsRetriedAndEachMessageAcknowledgedOnlyOnceTaken() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        Scripted hl7 = new Scripted("hl7", m -> failuresLeft.getAndDecrement() > 0
                ? new Outcome.Failed("connection refused") : new Outcome.Delivered());
        Bridge bridge = bridge("hl7", "bridge-retry", hl7, false);
        publish("m-1", 100);
        publish("m-2", 200);

        await().atMost(TIMEOUT).until(() -> hl7.delivered.size() == 2);
        assertThat(hl7.delivered).containsExactly("m-1", "m-2");
        assertThat(hl7.attempts).hasValue(5);
        assertThat(bridge.metrics().count("pumplink_bridge_retries")).isEqualTo(3);
        assertThat(bridge.metrics().failing()).isFalse();

        bridge.close(); // both were acknowledged: a restart of the same session gets neither again
        Scripted again = new Scripted("hl7", m -> new Outcome.Delivered());
        bridge("hl7", "bridge-retry", again, false);
        publish("m-3", 300);
        await().atMost(TIMEOUT).until(() -> again.delivered.contains("m-3"));
        assertThat(again.delivered).containsExactly("m-3");
    }

    @Test
    void aDestinationThatThrowsIsRetriedAndTheBridgeGoesOn() throws Exception {
        AtomicInteger throwsLeft = new AtomicInteger(2);
        Scripted fhir = new Scripted("fhir", m -> {
            if (throwsLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("HTML from a proxy where a Bundle was expected");
            }
            return new Outcome.Delivered();
        });
        Bridge bridge = bridge("fhir", "bridge-throws", fhir, false);
        publish("m-1", 100);
        publish("m-2", 200);

        await().atMost(TIMEOUT).until(() -> fhir.delivered.size() == 2);
        assertThat(fhir.delivered).containsExactly("m-1", "m-2");
        assertThat(bridge.metrics().count("pumplink_bridge_retries")).isEqualTo(2);
    }

    @Test
    void whatWasNotDeliveredComesAgainAfterARestart() throws Exception {
        Scripted down = new Scripted("fhir", m -> new Outcome.Failed("503 Service Unavailable"));
        Bridge bridge = bridge("fhir", "bridge-restart", down, false);
        publish("m-1", 100);
        await().atMost(TIMEOUT).until(() -> down.attempts.get() >= 2);
        bridge.close();

        Scripted up = new Scripted("fhir", m -> new Outcome.Delivered());
        bridge("fhir", "bridge-restart", up, false);
        await().atMost(TIMEOUT).until(() -> up.delivered.contains("m-1"));
        assertThat(down.delivered).isEmpty();
    }

    @Test
    void aRefusedMessageIsCountedAndTheStreamGoesOn() throws Exception {
        Scripted hl7 = new Scripted("hl7", m -> m.messageId().equals("bad")
                ? new Outcome.Rejected("AE: OBX-5 not numeric") : new Outcome.Delivered());
        Bridge bridge = bridge("hl7", "bridge-refused", hl7, false);
        publish("bad", 1);
        publish("good", 2);
        gateway.publish(RESERVOIR, new MqttMessage(new byte[] {(byte) 0xFF, 0x01}, 1, false, new MqttProperties()));
        publish("after", 3);

        await().atMost(TIMEOUT).until(() -> hl7.delivered.contains("after"));
        assertThat(hl7.delivered).containsExactly("good", "after");
        assertThat(bridge.metrics().count("pumplink_bridge_rejected")).as("the refusal and the non-envelope")
                .isEqualTo(2);
    }

    @Test
    void aMessageIdDeliveredBeforeIsNotSentAgain() throws Exception {
        Scripted hl7 = new Scripted("hl7", m -> new Outcome.Delivered());
        Bridge bridge = bridge("hl7", "bridge-dedup", hl7, false);
        publish("m-1", 100);
        publish("m-1", 100); // the gateway republishes after a restart: same message id
        publish("m-2", 200);

        await().atMost(TIMEOUT).until(() -> hl7.delivered.contains("m-2"));
        assertThat(hl7.delivered).containsExactly("m-1", "m-2");
        assertThat(bridge.metrics().count("pumplink_bridge_duplicates")).isEqualTo(1);
    }

    @Test
    void instancesOfOneKindShareTheLoadAndEachKindGetsEverything() throws Exception {
        Scripted first = new Scripted("hl7", m -> new Outcome.Delivered());
        Scripted second = new Scripted("hl7", m -> new Outcome.Delivered());
        Scripted fhir = new Scripted("fhir", m -> new Outcome.Delivered());
        bridge("hl7", "bridge-hl7-a", first, false);
        bridge("hl7", "bridge-hl7-b", second, false);
        bridge("fhir", "bridge-fhir-a", fhir, false);
        for (int i = 0; i < 40; i++) {
            publish("m-" + i, i);
        }

        await().atMost(TIMEOUT).until(() -> first.delivered.size() + second.delivered.size() == 40
                && fhir.delivered.size() == 40);
        List<String> hl7 = new ArrayList<>(first.delivered);
        hl7.addAll(second.delivered);
        assertThat(hl7).doesNotHaveDuplicates().hasSize(40);
        assertThat(first.delivered).as("both instances take a share").isNotEmpty();
        assertThat(second.delivered).isNotEmpty();
    }

    @Test
    void healthSaysDegradedWithTheReasonWhileTheDestinationFails() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(Integer.MAX_VALUE);
        Scripted fhir = new Scripted("fhir", m -> failuresLeft.get() > 0
                ? new Outcome.Failed("503 Service Unavailable") : new Outcome.Delivered());
        Bridge bridge = bridge("fhir", "bridge-health", fhir, true);
        publish("m-1", 100);
        await().atMost(TIMEOUT).until(() -> fhir.attempts.get() >= 2);

        assertThat(get(bridge, "/health")).contains("\"status\":\"DEGRADED\"", "\"failing\":true",
                "503 Service Unavailable");
        assertThat(get(bridge, "/metrics")).contains("pumplink_bridge_failing{destination=\"fhir\"} 1.0");
        failuresLeft.set(0);
        await().atMost(TIMEOUT).until(() -> get(bridge, "/health").contains("\"status\":\"UP\""));
        assertThat(get(bridge, "/metrics")).contains("pumplink_bridge_delivered_total{destination=\"fhir\"} 1.0");
    }

    private static String get(Bridge bridge, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + bridge.httpPort().orElseThrow() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
