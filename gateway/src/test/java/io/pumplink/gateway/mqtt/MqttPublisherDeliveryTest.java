package io.pumplink.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What subscribers see of a publication, and the broker's refusal of one. */
class MqttPublisherDeliveryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void contentTypeAndUserPropertiesReachSubscribers() throws Exception {
        String topic = "pumplink/gw-props/PS-1001/reservoir";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("message-id", "reservoir_status:PS-1001:1700000000000");
        properties.put("schema", "pumplink.v1.Envelope");
        byte[] payload = {0x0A, 0x03, 0x00, (byte) 0xFF, 0x10};
        try (MosquittoBroker broker = MosquittoBroker.launch();
             Probe subscriber = Probe.connect(broker.uri(), "props-subscriber");
             MqttPublisher publisher = Fixtures.publisher(broker.uri(), "gw-props", 10)) {
            subscriber.subscribe("pumplink/gw-props/#", 1);
            publisher.start();
            publisher.publish(new Publication(topic, payload, 1, false, "application/x-protobuf", properties))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            await().atMost(TIMEOUT).until(() -> subscriber.on(topic).size() == 1);
            Probe.Msg received = subscriber.on(topic).get(0);
            assertThat(received.payload()).isEqualTo(payload);
            assertThat(received.qos()).isEqualTo(1);
            assertThat(received.contentType()).isEqualTo("application/x-protobuf");
            assertThat(received.userProperties()).containsExactly(
                    Map.entry("message-id", "reservoir_status:PS-1001:1700000000000"),
                    Map.entry("schema", "pumplink.v1.Envelope"));
        }
    }

    @Test
    void aPublicationTheBrokerRefusesFailsAloneWithItsReasonCode() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create("acl_file {dir}/acl")) {
            Files.writeString(broker.dir().resolve("acl"), "topic readwrite pumplink/#\n");
            broker.start();
            try (MqttPublisher publisher = Fixtures.publisher(broker.uri(), "gw-acl", 10)) {
                publisher.start();
                CompletableFuture<Void> refused = publisher.publish(Fixtures.telemetry("elsewhere/gw-acl", 1));
                CompletableFuture<Void> allowed = publisher.publish(Fixtures.telemetry("pumplink/gw-acl/t", 2));

                allowed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(refused).failsWithin(TIMEOUT)
                        .withThrowableOfType(ExecutionException.class)
                        .havingCause()
                        .isInstanceOfSatisfying(PublishRejectedException.class,
                                e -> assertThat(e.reasonCode()).isEqualTo(0x87));
                assertThat(publisher.connected()).isTrue();
                assertThat(publisher.published()).isEqualTo(1);
            }
        }
    }

    @Test
    void closingFailsWhatIsStillPendingAndLaterPublications() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(); // never started: nothing can be delivered
             LogCapture log = new LogCapture(MqttPublisher.class)) {
            MqttPublisher publisher = Fixtures.publisher(broker.uri(), "gw-close", 10);
            publisher.start();
            CompletableFuture<Void> pending = publisher.publish(Fixtures.telemetry("pumplink/gw-close/t", 1));

            publisher.close();
            assertThat(pending).failsWithin(Duration.ofSeconds(1))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IllegalStateException.class);
            assertThat(publisher.publish(Fixtures.telemetry("pumplink/gw-close/t", 2))).isCompletedExceptionally();
            assertThat(publisher.awaitRoom(1, Duration.ofMillis(10))).isFalse();
            assertThat(log.messages(Level.ERROR)).isEmpty();
        }
    }
}
