package io.pumplink.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * config/mosquitto-tls.conf and config/mosquitto-acl as shipped, on a real mosquitto: only the listener and the
 * file locations are replaced. The gateway publishes under its own prefix only; a monitoring client may only
 * subscribe.
 */
class ShippedMosquittoConfigTest {
    private static final Path CONFIG = Path.of("..", "config");
    private static final Set<String> LOCAL_DIRECTIVES = Set.of("listener", "cafile", "certfile", "keyfile", "acl_file");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void theGatewayPublishesUnderItsPrefixOnlyAndMonitorsOnlySubscribe() throws Exception {
        List<String> lines = new ArrayList<>(List.of("cafile {dir}/ca.crt", "certfile {dir}/server.crt",
                "keyfile {dir}/server.key", "acl_file " + CONFIG.resolve("mosquitto-acl").toAbsolutePath()));
        for (String line : Files.readAllLines(CONFIG.resolve("mosquitto-tls.conf"))) {
            String directive = line.strip().split("\\s+")[0];
            if (!line.isBlank() && !line.startsWith("#") && !LOCAL_DIRECTIVES.contains(directive)) {
                lines.add(line);
            }
        }
        try (MosquittoBroker broker = MosquittoBroker.create(lines.toArray(String[]::new))) {
            TestPki pki = TestPki.create(broker.dir(), "ca");
            pki.server("server", "broker.test");
            URI uri = broker.sslUri("127.0.0.1");
            broker.start();

            MqttPublisher gateway = publisher(uri, pki, pki.client("gateway", "pumplink-gateway-clinic-7"));
            MqttPublisher monitor = publisher(uri, pki, pki.client("monitor", "pumplink-monitor"));
            MqttPublisher operator = publisher(uri, pki, pki.client("operator", "pumplink-operator"));
            try {
                gateway.start();
                monitor.start();
                operator.start();
                // an operator's request reaches the gateway on the gateway's own request topic (`pumplink request`)
                List<String> requests = new CopyOnWriteArrayList<>();
                gateway.subscribe("pumplink/clinic-7/gateways/clinic-7/programmers/+/request", 1,
                        request -> requests.add(request.topic()));
                await().atMost(TIMEOUT).untilAsserted(() -> {
                    operator.publish(publication("pumplink/clinic-7/gateways/clinic-7/programmers/PRG-1/request"))
                            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    assertThat(requests).contains("pumplink/clinic-7/gateways/clinic-7/programmers/PRG-1/request");
                });
                gateway.publish(publication("pumplink/clinic-7/pumps/P-1/status")).get(TIMEOUT.toSeconds(),
                        TimeUnit.SECONDS);
                assertRejected(gateway, "pumplink/clinic-8/pumps/P-1/status");
                assertRejected(monitor, "pumplink/clinic-7/pumps/P-1/status");
                assertThat(gateway.authFailures().standing()).isEmpty();
            } finally {
                gateway.close();
                monitor.close();
                operator.close();
            }
        }
    }

    private static void assertRejected(MqttPublisher publisher, String topic) {
        assertThatThrownBy(() -> publisher.publish(publication(topic)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .hasCauseInstanceOf(PublishRejectedException.class).hasMessageContaining("0x87");
    }

    private static MqttPublisher publisher(URI uri, TestPki pki, TestPki.Issued client) throws Exception {
        BrokerTls tls = new BrokerTls(Optional.of(pki.caFile()), Optional.of(client.certFile()),
                Optional.of(client.keyFile()));
        String clientId = client.certificate().getSubjectX500Principal().getName().substring(3);
        MqttSettings settings = new MqttSettings(uri, clientId, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofMillis(50), Duration.ofMillis(200), 10,
                Duration.ZERO, Optional.of(tls.socketFactory()), false);
        // the will and the status go where the client may write, or nowhere harmful
        Publication status = publication("pumplink/clinic-7/gateways/" + clientId + "/status");
        return new MqttPublisher(settings, status, status);
    }

    private static Publication publication(String topic) {
        return new Publication(topic, "x".getBytes(StandardCharsets.US_ASCII), 1, false, "text/plain", Map.of());
    }
}
