package io.pumplink.gateway.mqtt;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** A plain Paho MQTT 5 client playing subscriber or requester; it records every message it receives. */
final class TestClient implements AutoCloseable {
    record Received(String topic, MqttMessage message) {
        String text() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }

        String userProperty(String key) {
            return message.getProperties().getUserProperties().stream()
                    .filter(p -> p.getKey().equals(key))
                    .map(UserProperty::getValue)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no user property " + key + " on " + topic));
        }
    }

    private static final long TIMEOUT_MS = 10_000;

    private final MqttAsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private TestClient(URI broker, String clientId, MqttConnectionOptions options) throws MqttException {
        client = new MqttAsyncClient(broker.toString(), clientId, new MemoryPersistence());
        client.setCallback(new MessageListener() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, message));
            }
        });
        client.connect(options).waitForCompletion(TIMEOUT_MS);
    }

    /** A client whose session and subscriptions end with its connection. */
    static TestClient connect(URI broker, String clientId) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        return new TestClient(broker, clientId, options);
    }

    /**
     * A client whose session outlives drops and, on a broker with persistence, restarts: the broker queues
     * messages for it while it is away, and it reconnects by itself.
     */
    static TestClient connectDurable(URI broker, String clientId) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(Duration.ofMinutes(5).toSeconds());
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 1);
        return new TestClient(broker, clientId, options);
    }

    void subscribe(String filter, int qos) throws MqttException {
        client.subscribe(filter, qos).waitForCompletion(TIMEOUT_MS);
    }

    void publish(String topic, MqttMessage message) throws MqttException {
        client.publish(topic, message).waitForCompletion(TIMEOUT_MS);
    }

    List<Received> received() {
        return received;
    }

    List<Received> received(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(TIMEOUT_MS);
        }
        client.close(true);
    }
}
