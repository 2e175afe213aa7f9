package io.pumplink.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker connection against a real mosquitto with a TLS listener, client certificates required, the
 * certificate's common name as user name, and an ACL: the gateway may publish under its own prefix only.
 */
class BrokerTlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String GATEWAY = "gw-tls";

    private static MosquittoBroker broker;
    private static TestPki pki;
    private static TestPki.Issued gatewayCert;

    @BeforeAll
    static void launch() throws Exception {
        broker = MosquittoBroker.create("cafile {dir}/ca.crt", "certfile {dir}/server.crt",
                "keyfile {dir}/server.key", "require_certificate true", "use_identity_as_username true",
                "acl_file {dir}/acl");
        Path dir = broker.dir();
        pki = TestPki.create(dir, "ca");
        pki.server("server", "broker.test");
        gatewayCert = pki.client("gateway", GATEWAY);
        Files.writeString(dir.resolve("acl"), String.join("\n",
                "user " + GATEWAY, "topic write pumplink/" + GATEWAY + "/#", "topic read pumplink/" + GATEWAY + "/#",
                ""));
        broker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aValidClientCertificatePublishes() throws Exception {
        MqttPublisher publisher = publisher(broker.sslUri("127.0.0.1"), tls(pki.caFile(), gatewayCert), false);
        try {
            publisher.start();
            publisher.publish(telemetry("pumplink/" + GATEWAY + "/t")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(publisher.authFailures().standing()).isEmpty();
        } finally {
            publisher.close();
        }
    }

    @Test
    void theAclRefusesAPublicationOutsideTheGatewaysPrefix() throws Exception {
        MqttPublisher publisher = publisher(broker.sslUri("127.0.0.1"), tls(pki.caFile(), gatewayCert), false);
        try {
            publisher.start();
            assertThatThrownBy(() -> publisher.publish(telemetry("pumplink/other-gateway/t"))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .hasCauseInstanceOf(PublishRejectedException.class)
                    .hasMessageContaining("0x87");
        } finally {
            publisher.close();
        }
    }

    @Test
    void noClientCertificateIsRefusedOnceWithTheKeyToFix() throws Exception {
        assertRefused(broker.sslUri("127.0.0.1"), new BrokerTls(Optional.of(pki.caFile()), Optional.empty(),
                Optional.empty()), AuthFailure.CLIENT_CERTIFICATE_REJECTED, "mqtt.certFile");
    }

    @Test
    void anExpiredClientCertificateIsRefused() throws Exception {
        assertRefused(broker.sslUri("127.0.0.1"), tls(pki.caFile(), pki.expiredClient("expired", GATEWAY)),
                AuthFailure.CLIENT_CERTIFICATE_REJECTED, "mqtt.certFile");
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsRefused() throws Exception {
        TestPki other = TestPki.create(Files.createTempDirectory(broker.dir(), "other"), "other-ca");
        assertRefused(broker.sslUri("127.0.0.1"), tls(other.caFile(), gatewayCert), AuthFailure.UNKNOWN_CA,
                "mqtt.caFile");
    }

    @Test
    void aBrokerCertificateForAnotherHostIsRefused() throws Exception {
        // the certificate names 127.0.0.1 and broker.test, not localhost
        assertRefused(broker.sslUri("localhost"), tls(pki.caFile(), gatewayCert), AuthFailure.HOSTNAME_MISMATCH,
                "mqtt.uri");
    }

    @Test
    void withRetryOnAuthFailureItKeepsTryingAndSaysWhy() throws Exception {
        BrokerTls noCert = new BrokerTls(Optional.of(pki.caFile()), Optional.empty(), Optional.empty());
        try (LogCapture log = new LogCapture(Reconnector.class)) {
            MqttPublisher publisher = publisher(broker.sslUri("127.0.0.1"), noCert, true);
            try {
                publisher.start();
                await().atMost(TIMEOUT).until(() ->
                        publisher.authFailures().count(AuthFailure.CLIENT_CERTIFICATE_REJECTED) >= 3);
                assertThat(publisher.authFailures().gaveUp()).isNotDone();
                assertThat(publisher.authFailures().standing()).contains(AuthFailure.CLIENT_CERTIFICATE_REJECTED);
                assertThat(log.messages(Level.ERROR)).hasSize(1); // once per cause, not per attempt
            } finally {
                publisher.close();
            }
        }
    }

    private static void assertRefused(URI uri, BrokerTls tls, AuthFailure expected, String key) throws Exception {
        try (LogCapture log = new LogCapture(Reconnector.class)) {
            MqttPublisher publisher = publisher(uri, tls, false);
            try {
                publisher.start();
                assertThat(publisher.authFailures().gaveUp().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo(expected);
                assertThat(publisher.authFailures().count(expected)).isEqualTo(1);
                List<String> errors = log.messages(Level.ERROR);
                assertThat(errors).hasSize(1);
                assertThat(errors.get(0)).contains(expected.description(), "check " + key, "not retrying");
                assertThat(publisher.connected()).isFalse();
            } finally {
                publisher.close();
            }
        }
    }

    private static BrokerTls tls(Path caFile, TestPki.Issued client) {
        return new BrokerTls(Optional.of(caFile), Optional.of(client.certFile()), Optional.of(client.keyFile()));
    }

    private static MqttPublisher publisher(URI uri, BrokerTls tls, boolean retryOnAuthFailure) throws Exception {
        MqttSettings settings = new MqttSettings(uri, GATEWAY + "-" + System.nanoTime(), Optional.empty(),
                Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofMillis(50),
                Duration.ofMillis(200), 10, Duration.ZERO, Optional.of(tls.socketFactory()), retryOnAuthFailure);
        String status = "pumplink/" + GATEWAY + "/status";
        return new MqttPublisher(settings, status(status, "offline"), status(status, "online"));
    }

    private static Publication status(String topic, String state) {
        return new Publication(topic, state.getBytes(StandardCharsets.US_ASCII), 1, true, "text/plain", Map.of());
    }

    private static Publication telemetry(String topic) {
        return new Publication(topic, "reading".getBytes(StandardCharsets.US_ASCII), 1, false, "text/plain",
                Map.of());
    }
}
