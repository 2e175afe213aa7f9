package io.pumplink.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.config.ConfigLoader;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker refusing the gateway's TLS shows in /health (with the cause and key) and in the metric by cause. */
class AuthFailureReportingTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aRetriedRefusalDegradesAGivenUpOneIsDown() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create("cafile {dir}/ca.crt", "certfile {dir}/server.crt",
                "keyfile {dir}/server.key", "require_certificate true")) {
            TestPki pki = TestPki.create(broker.dir(), "ca");
            pki.server("server", "broker.test");
            broker.start();
            try (Gateway gateway = gateway(broker, pki, true)) {
                await().atMost(TIMEOUT).until(() -> get(gateway, "/metrics").body().lines().anyMatch(line -> line
                        .matches("pumplink_mqtt_auth_failures_total\\{cause=\"client_certificate_rejected\"} [2-9].*"
                                + "|pumplink_mqtt_auth_failures_total\\{cause=\"client_certificate_rejected\"} \\d\\d.*")));
                HttpResponse<String> health = get(gateway, "/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"DEGRADED\"", "\"mqttRefused\":{\"cause\":"
                        + "\"client_certificate_rejected\",\"key\":\"mqtt.certFile\",\"retrying\":true}");
            }
            try (Gateway gateway = gateway(broker, pki, false)) {
                gateway.mqtt().authFailures().gaveUp().get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                HttpResponse<String> health = get(gateway, "/health");
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("\"status\":\"DOWN\"", "\"retrying\":false");
                assertThat(get(gateway, "/metrics").body())
                        .contains("pumplink_mqtt_auth_failures_total{cause=\"client_certificate_rejected\"} 1.0",
                                "pumplink_mqtt_auth_failures_total{cause=\"unknown_ca\"} 0.0");
            }
        }
    }

    private Gateway gateway(MosquittoBroker broker, TestPki pki, boolean retry) throws Exception {
        return new Gateway(ConfigLoader.parse("""
                mqtt: {uri: "%s", caFile: "%s", retryOnAuthFailure: %s, reconnectInitial: 50ms, reconnectMax: 100ms}
                journal: {dir: "%s"}
                http: {port: 0}
                """.formatted(broker.sslUri("127.0.0.1"), pki.caFile(), retry, dir.resolve("journal-" + retry)),
                "test"), "test").start();
    }

    private static HttpResponse<String> get(Gateway gateway, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort().orElseThrow()
                + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
