package io.pumplink.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pumplink.gateway.config.ConfigLoader;
import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.journal.JournalSettings;
import io.pumplink.gateway.link.LinkState;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start and stop are all-or-nothing: a failed start leaves nothing open, and close() never waits for nothing. */
class GatewayLifecycleTest {
    /** Gateway.DRAIN_TIMEOUT: a close() that waited it out would take at least this long. */
    private static final Duration DRAIN_BOUND = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void startFailingHalfWayClosesWhatItOpenedAndCloseIsANoOp() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Gateway gateway = new Gateway(config(nobodyListening(), taken.getLocalPort()), "test");

            // the HTTP server binds last, after journal, MQTT, publish loop and links are up
            assertThatThrownBy(gateway::start).isInstanceOf(StartupException.class).hasMessageStartingWith("http.port: cannot listen on ");

            assertThat(gateway.links()).singleElement().extracting(link -> link.snapshot().state())
                    .isEqualTo(LinkState.STOPPED);
            assertThatCode(gateway::close).doesNotThrowAnyException();
            assertThatCode(gateway::close).as("idempotent").doesNotThrowAnyException();
            Journal.open(new JournalSettings(dir.resolve("journal"), 1 << 20, 1 << 16, Duration.ZERO, 16, 100))
                    .close(); // its lock was released
        }
        try (Gateway again = new Gateway(config(nobodyListening(), 0), "test").start()) {
            assertThat(again.httpPort()).isPresent();
        }
    }

    @Test
    void closeReturnsPromptlyWhenThereIsNothingToDrain() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.launch()) {
            Gateway gateway = new Gateway(config(broker.uri(), 0), "test").start();
            await("connected, nothing in flight").atMost(Duration.ofSeconds(30)).until(() ->
                    gateway.mqtt().connected() && gateway.mqtt().queued() + gateway.mqtt().inFlight() == 0
                            && gateway.journal().depth() == 0);

            long startNanos = System.nanoTime();
            gateway.close();

            assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(DRAIN_BOUND);
            assertThat(gateway.links()).allMatch(link -> link.snapshot().state() == LinkState.STOPPED);
        }
    }

    private GatewayConfig config(URI broker, int httpPort) throws IOException {
        return ConfigLoader.parse("""
                gatewayId: gw-life
                links:
                  - { id: prg-1, endpoint: "tcp:127.0.0.1:%d", reconnectInitial: 100ms, reconnectMax: 1s }
                mqtt:
                  uri: %s
                  reconnectInitial: 100ms
                  reconnectMax: 1s
                journal:
                  dir: "%s"
                http:
                  host: 127.0.0.1
                  port: %d
                """.formatted(freePort(), broker, dir.resolve("journal"), httpPort), "lifecycle");
    }

    private static URI nobodyListening() throws IOException {
        return URI.create("tcp://127.0.0.1:" + freePort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
