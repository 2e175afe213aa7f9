package io.pumplink.gateway.mqtt;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * A plain Paho MQTT 5 client playing subscriber or requester; it records every message it receives. A durable
 * client reconnects by itself with a fresh Paho client per attempt: Paho's own automatic reconnect can hang
 * for good in "connect already in progress" when a restarting broker accepts TCP but never answers CONNECT.
 */
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
    private static final long RECONNECT_ATTEMPT_MS = 2_000;
    private static final long RECONNECT_PAUSE_MS = 300;

    private final URI broker;
    private final String clientId;
    private final MqttConnectionOptions options;
    private final boolean durable;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final MessageListener listener = new MessageListener() {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new Received(topic, message));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (durable && !closed) {
                Thread reconnect = new Thread(TestClient.this::reconnect, "test-client-reconnect");
                reconnect.setDaemon(true);
                reconnect.start();
            }
        }
    };
    private volatile MqttAsyncClient client;
    private volatile boolean closed;

    private TestClient(URI broker, String clientId, MqttConnectionOptions options, boolean durable)
            throws MqttException {
        this.broker = broker;
        this.clientId = clientId;
        this.options = options;
        this.durable = durable;
        this.client = connected(TIMEOUT_MS);
    }

    private MqttAsyncClient connected(long timeoutMs) throws MqttException {
        MqttAsyncClient fresh = new MqttAsyncClient(broker.toString(), clientId, new MemoryPersistence());
        fresh.setCallback(listener);
        try {
            fresh.connect(options).waitForCompletion(timeoutMs);
            return fresh;
        } catch (MqttException e) {
            fresh.disconnectForcibly(0, 0, false);
            fresh.close(true);
            throw e;
        }
    }

    /** Until connected again; the broker kept the session, so subscriptions and queued messages resume. */
    private void reconnect() {
        while (!closed) {
            try {
                Thread.sleep(RECONNECT_PAUSE_MS);
                MqttAsyncClient old = client;
                client = connected(RECONNECT_ATTEMPT_MS);
                old.close(true);
                return;
            } catch (MqttException e) {
                // broker still away (or silent): try again with a fresh client
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A client whose session and subscriptions end with its connection. */
    static TestClient connect(URI broker, String clientId) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        return new TestClient(broker, clientId, options, false);
    }

    /**
     * A client whose session outlives drops and, on a broker with persistence, restarts: the broker queues
     * messages for it while it is away, and it reconnects by itself.
     */
    static TestClient connectDurable(URI broker, String clientId) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(Duration.ofMinutes(5).toSeconds());
        return new TestClient(broker, clientId, options, true);
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
        closed = true;
        MqttAsyncClient current = client;
        if (current.isConnected()) {
            current.disconnect().waitForCompletion(TIMEOUT_MS);
        }
        current.close(true);
    }
}
