package io.pumplink.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

/** MQTT 5 request/response through {@link MqttPublisher#subscribe} and {@link MqttPublisher#respond}. */
class MqttPublisherRequestResponseTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String REQUESTS = "pumplink/gw-rr/request/+";
    private static final String RESPONSES = "clients/console-1/responses";
    private static final byte[] CORRELATION = {0x00, 0x7F, (byte) 0x80, (byte) 0xFF, 0x42};

    @Test
    void aRequestReachesItsHandlerAndTheResponseCarriesTheCorrelationData() throws Exception {
        List<IncomingRequest> requests = new CopyOnWriteArrayList<>();
        try (MosquittoBroker broker = MosquittoBroker.launch();
             Probe requester = Probe.connect(broker.uri(), "console-1");
             MqttPublisher publisher = answering(broker, requests)) {
            requester.subscribe(RESPONSES, 1);
            publisher.start();
            await().atMost(TIMEOUT).until(publisher::connected);

            sendRequestUntilAnswered(requester);
            IncomingRequest request = requests.get(0);
            assertThat(request.topic()).isEqualTo("pumplink/gw-rr/request/interrogate");
            assertThat(new String(request.payload(), StandardCharsets.UTF_8)).isEqualTo("interrogate PS-1001");
            assertThat(request.responseTopic()).contains(RESPONSES);
            assertThat(request.correlationData()).hasValueSatisfying(c -> assertThat(c).isEqualTo(CORRELATION));
            assertThat(request.userProperties()).containsEntry("request-id", "r-1");

            Probe.Msg response = requester.on(RESPONSES).get(0);
            assertThat(response.correlationData()).isEqualTo(CORRELATION);
            assertThat(response.text()).isEqualTo("accepted");
            assertThat(response.contentType()).isEqualTo("text/plain");
            assertThat(response.userProperty("status")).isEqualTo("done");
        }
    }

    @Test
    void subscriptionsAreRestoredAfterTheBrokerLostThem() throws Exception {
        List<IncomingRequest> requests = new CopyOnWriteArrayList<>();
        try (MosquittoBroker broker = MosquittoBroker.launch(); // no persistence: a restart forgets subscriptions
             MqttPublisher publisher = answering(broker, requests)) {
            publisher.start();
            await().atMost(TIMEOUT).until(publisher::connected);
            broker.restart();
            await().atMost(TIMEOUT).until(() -> publisher.reconnects() == 1);

            try (Probe requester = Probe.connect(broker.uri(), "console-1")) {
                requester.subscribe(RESPONSES, 1);
                sendRequestUntilAnswered(requester);
            }
        }
    }

    @Test
    void respondingNeedsAResponseTopic() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.launch();
             MqttPublisher publisher = Fixtures.publisher(broker.uri(), "gw-rr-none", 10)) {
            IncomingRequest noResponseTopic = new IncomingRequest("pumplink/gw-rr/request/x", new byte[0],
                    Optional.empty(), Optional.empty(), Map.of());
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> publisher.respond(noResponseTopic, response()))
                    .withMessageContaining("no response topic");
        }
    }

    private static MqttPublisher answering(MosquittoBroker broker, List<IncomingRequest> requests) {
        MqttPublisher publisher = Fixtures.publisher(broker.uri(), "gw-rr", 10);
        publisher.subscribe(REQUESTS, 1, request -> {
            requests.add(request);
            publisher.respond(request, response());
        });
        return publisher;
    }

    private static Publication response() {
        return new Publication("replaced/by/the/response/topic", "accepted".getBytes(StandardCharsets.UTF_8), 1,
                false, "text/plain", Map.of("status", "done"));
    }

    /** The publisher subscribes asynchronously after (re)connecting: ask until it answers. */
    private static void sendRequestUntilAnswered(Probe requester) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (requester.on(RESPONSES).isEmpty()) {
                requester.publish("pumplink/gw-rr/request/interrogate", request());
            }
            return !requester.on(RESPONSES).isEmpty();
        });
    }

    private static MqttMessage request() {
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(RESPONSES);
        properties.setCorrelationData(CORRELATION);
        properties.setUserProperties(List.of(new UserProperty("request-id", "r-1")));
        return new MqttMessage("interrogate PS-1001".getBytes(StandardCharsets.UTF_8), 1, false, properties);
    }
}
