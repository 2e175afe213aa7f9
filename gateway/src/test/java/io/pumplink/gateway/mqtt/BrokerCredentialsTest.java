package io.pumplink.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** User name and password against a mosquitto with a password file and no anonymous access. */
class BrokerCredentialsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static MosquittoBroker broker;

    @BeforeAll
    static void launch() throws Exception {
        broker = MosquittoBroker.create("allow_anonymous false", "password_file {dir}/passwords");
        Process passwd = new ProcessBuilder("mosquitto_passwd", "-b", "-c",
                broker.dir().resolve("passwords").toString(), "gateway", "right-password").inheritIO().start();
        assertThat(passwd.waitFor()).isZero();
        broker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void theRightPasswordConnects() throws Exception {
        MqttPublisher publisher = publisher(Optional.of("gateway"), Optional.of("right-password"));
        try {
            publisher.start();
            publisher.publish(status("online")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            publisher.close();
        }
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        // mosquitto 2.0 answers CONNACK 0x87 "not authorized" where other brokers say 0x86 "bad user name or password"
        assertGivesUp(publisher(Optional.of("gateway"), Optional.of("wrong")), AuthFailure.NOT_AUTHORISED);
    }

    @Test
    void connackReasonCodesAreClassified() {
        assertThat(AuthFailure.of(new MqttException(MqttReturnCode.RETURN_CODE_BAD_USERNAME_OR_PASSWORD)))
                .contains(AuthFailure.BAD_CREDENTIALS);
        assertThat(AuthFailure.of(new MqttException(MqttReturnCode.RETURN_CODE_NOT_AUTHORIZED)))
                .contains(AuthFailure.NOT_AUTHORISED);
        assertThat(AuthFailure.of(new MqttException(MqttReturnCode.RETURN_CODE_SERVER_UNAVAILABLE))).isEmpty();
        assertThat(AuthFailure.of(new java.net.ConnectException("Connection refused"))).isEmpty();
    }

    @Test
    void noUserIsNotAuthorised() throws Exception {
        assertGivesUp(publisher(Optional.empty(), Optional.empty()), AuthFailure.NOT_AUTHORISED);
    }

    private static void assertGivesUp(MqttPublisher publisher, AuthFailure expected) throws Exception {
        try {
            publisher.start();
            assertThat(publisher.authFailures().gaveUp().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(expected);
        } finally {
            publisher.close();
        }
    }

    private static MqttPublisher publisher(Optional<String> user, Optional<String> password) {
        MqttSettings settings = new MqttSettings(broker.uri(), "gw-creds-" + System.nanoTime(), user, password,
                Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofMillis(50), Duration.ofMillis(200), 10,
                Duration.ZERO, Optional.empty(), false);
        return new MqttPublisher(settings, status("offline"), status("online"));
    }

    private static Publication status(String state) {
        return new Publication("pumplink/gw-creds/status", state.getBytes(StandardCharsets.US_ASCII), 1, true,
                "text/plain", Map.of());
    }
}
