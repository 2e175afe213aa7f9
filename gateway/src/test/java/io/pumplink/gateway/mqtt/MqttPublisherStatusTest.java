package io.pumplink.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retained status topic: "online" from every connection, the "offline" will when one dies or closes. */
class MqttPublisherStatusTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void theWillReportsADeadConnectionAndTheReconnectReportsOnlineAgain() throws Exception {
        String status = Fixtures.statusTopic("gw-status");
        try (MosquittoBroker broker = MosquittoBroker.launch();
             TcpProxy network = new TcpProxy(broker.port());
             Probe observer = Probe.connect(broker.uri(), "status-observer")) {
            observer.subscribe(status, 1);
            MqttPublisher publisher = Fixtures.publisher(network.uri(), "gw-status", 100);
            try {
                publisher.start();
                await().atMost(TIMEOUT).until(() -> texts(observer, status).equals(List.of("online")));

                network.dropConnections(); // no DISCONNECT reaches the broker: it publishes the will
                await().atMost(TIMEOUT)
                        .until(() -> texts(observer, status).equals(List.of("online", "offline", "online")));
                assertThat(publisher.reconnects()).isEqualTo(1);
                assertThat(publisher.connected()).isTrue();

                try (Probe late = Probe.connect(broker.uri(), "late-observer")) {
                    late.subscribe(status, 1);
                    await().atMost(TIMEOUT).until(() -> late.on(status).size() == 1);
                    assertThat(late.on(status).get(0).text()).isEqualTo("online");
                    assertThat(late.on(status).get(0).retained()).isTrue();
                }
            } finally {
                publisher.close(); // "Disconnect with Will Message": a shutdown shows as offline too
            }
            await().atMost(TIMEOUT).until(() -> texts(observer, status).size() == 4);
            assertThat(texts(observer, status).get(3)).isEqualTo("offline");
        }
    }

    private static List<String> texts(Probe client, String topic) {
        return client.on(topic).stream().map(Probe.Msg::text).toList();
    }
}
