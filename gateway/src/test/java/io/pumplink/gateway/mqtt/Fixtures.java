package io.pumplink.gateway.mqtt;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Settings and publications shared by the publisher tests: fast reconnects, status topics per client. */
public final class Fixtures {
    private Fixtures() {
    }

    static MqttSettings settings(URI broker, String clientId, int maxInFlight) {
        return new MqttSettings(broker, clientId, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(10), Duration.ofSeconds(3),
                Duration.ofMillis(50), Duration.ofMillis(500),
                maxInFlight, Duration.ofMinutes(1), Optional.empty(), false);
    }

    static String statusTopic(String clientId) {
        return "pumplink/" + clientId + "/status";
    }

    public static MqttPublisher publisher(URI broker, String clientId, int maxInFlight) {
        return new MqttPublisher(settings(broker, clientId, maxInFlight), status(clientId, "offline"),
                status(clientId, "online"));
    }

    static Publication status(String clientId, String state) {
        return new Publication(statusTopic(clientId), state.getBytes(StandardCharsets.US_ASCII), 1, true,
                "text/plain", Map.of());
    }

    /** A QoS 1 telemetry publication numbered {@code seq} in its user properties. */
    static Publication telemetry(String topic, int seq) {
        return new Publication(topic, ("reading " + seq).getBytes(StandardCharsets.US_ASCII), 1, false,
                "application/x-protobuf", Map.of("seq", Integer.toString(seq), "message-id", "m-" + seq));
    }
}
