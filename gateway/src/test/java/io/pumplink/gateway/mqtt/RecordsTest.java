package io.pumplink.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Validation and log safety of the package's records. */
class RecordsTest {
    private static final URI BROKER = URI.create("tcp://127.0.0.1:1883");

    @Test
    void publicationsNeverPrintTheirPayload() {
        Publication publication = new Publication("pumplink/gw/PS-1001/alarm",
                "SECRET-CLINICAL".getBytes(StandardCharsets.UTF_8), 1, false, "application/x-protobuf",
                Map.of("message-id", "alarm:PS-1001:7:1"), Optional.of(new byte[] {1, 2, 3}));
        assertThat(publication.toString())
                .contains("pumplink/gw/PS-1001/alarm", "15 bytes", "correlationData=3 bytes")
                .doesNotContain("SECRET", "alarm:PS-1001:7:1");

        IncomingRequest request = new IncomingRequest("pumplink/gw/request", "SECRET".getBytes(StandardCharsets.UTF_8),
                Optional.of("reply/here"), Optional.empty(), Map.of());
        assertThat(request.toString()).contains("6 bytes", "reply/here").doesNotContain("SECRET");
    }

    @Test
    void publicationsCannotBeChangedThroughTheirArrays() {
        byte[] payload = {1, 2, 3};
        Publication publication = new Publication("t", payload, 0, false, "x", Map.of());
        payload[0] = 9;
        publication.payload()[1] = 9;
        assertThat(publication.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void publicationsAreValidated() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Publication("a/+/b", new byte[0], 1, false, "x", Map.of()))
                .withMessageContaining("topic");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Publication("a/b", new byte[0], 2, false, "x", Map.of()))
                .withMessageContaining("qos");
    }

    @Test
    void settingsNameTheFieldTheyRefuseAndHideThePassword() {
        assertThatIllegalArgumentException().isThrownBy(() -> settings(URI.create("http://h:1"), 10, Duration.ofSeconds(30)))
                .withMessageContaining("serverUri");
        assertThatIllegalArgumentException().isThrownBy(() -> settings(BROKER, 0, Duration.ofSeconds(30)))
                .withMessageContaining("maxInFlight");
        assertThatIllegalArgumentException().isThrownBy(() -> settings(BROKER, 10, Duration.ZERO))
                .withMessageContaining("keepAlive");
        assertThatIllegalArgumentException().isThrownBy(() -> new MqttSettings(BROKER, "gw", Optional.empty(),
                        Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(2),
                        Duration.ofSeconds(1), 10, Duration.ZERO, Optional.empty(), false))
                .withMessageContaining("reconnectMaxDelay");

        MqttSettings settings = new MqttSettings(URI.create("ssl://broker.example:8883"), "gw", Optional.of("gw"),
                Optional.of("hunter2"), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(30), 10, Duration.ofHours(1), Optional.empty(), false);
        assertThat(settings.toString()).contains("ssl://broker.example:8883", "***").doesNotContain("hunter2");
    }

    private static MqttSettings settings(URI uri, int maxInFlight, Duration keepAlive) {
        return new MqttSettings(uri, "gw", Optional.empty(), Optional.empty(), keepAlive, Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(30), maxInFlight, Duration.ZERO, Optional.empty(), false);
    }
}
