package io.pumplink.gateway.mqtt;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pumplink.gateway.publish.Dispatcher;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.Envelope;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A subscriber (or requester) on the real broker, as a dashboard or an EHR bridge would be: a plain Paho MQTT 5
 * client that records every message in arrival order. Subscriptions use "retain as published", so a live message
 * keeps the RETAIN flag it was published with (the Last Will included) and tests can tell state from events
 * without a second subscriber. A durable probe reconnects by itself with a fresh Paho client per attempt: Paho's
 * own automatic reconnect can hang for good in "connect already in progress" when a restarting broker accepts TCP
 * but never answers CONNECT.
 */
public final class Probe implements AutoCloseable {
    private static final long TIMEOUT_MS = 10_000;
    private static final long RECONNECT_ATTEMPT_MS = 2_000;
    private static final long RECONNECT_PAUSE_MS = 300;

    /** One received message; {@code index} is its arrival position at this probe. */
    public record Msg(int index, long nanos, String topic, byte[] payload, boolean retained, int qos,
                      String contentType, Map<String, String> userProperties, byte[] correlationData) {
        public Envelope envelope() {
            try {
                return Envelope.parseFrom(payload);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("payload on " + topic + " is not an Envelope", e);
            }
        }

        /** The gateway's de-duplication id, from the MQTT 5 user property. */
        public String messageId() {
            return userProperty(Dispatcher.MESSAGE_ID);
        }

        public String userProperty(String key) {
            String value = userProperties.get(key);
            if (value == null) {
                throw new AssertionError("no " + key + " user property on " + topic);
            }
            return value;
        }

        public boolean hasMessageId() {
            return userProperties.containsKey(Dispatcher.MESSAGE_ID);
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final URI broker;
    private final String clientId;
    private final MqttConnectionOptions options;
    private final boolean durable;
    private final List<Msg> received = new ArrayList<>();
    private final MessageListener listener = new MessageListener() {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            record(topic, message);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (durable && !closed) {
                Thread reconnect = new Thread(Probe.this::reconnect, "probe-reconnect");
                reconnect.setDaemon(true);
                reconnect.start();
            }
        }
    };
    private volatile MqttAsyncClient client;
    private volatile boolean closed;

    private Probe(URI broker, String clientId, MqttConnectionOptions options, boolean durable)
            throws MqttException {
        this.broker = broker;
        this.clientId = clientId;
        this.options = options;
        this.durable = durable;
        this.client = connected(TIMEOUT_MS);
    }

    /** A client whose session and subscriptions end with its connection. */
    public static Probe connect(URI broker, String clientId) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setKeepAliveInterval(30);
        return new Probe(broker, clientId, options, false);
    }

    /**
     * A client whose session outlives drops and, on a broker with persistence, restarts: the broker keeps its
     * subscriptions and queues QoS 1 messages while it is away, and it reconnects by itself.
     */
    public static Probe connectDurable(URI broker, String clientId) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(Duration.ofMinutes(10).toSeconds());
        options.setKeepAliveInterval(30);
        return new Probe(broker, clientId, options, true);
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

    public void subscribe(String filter, int qos) throws MqttException {
        MqttSubscription subscription = new MqttSubscription(filter, qos);
        subscription.setRetainAsPublished(true);
        client.subscribe(new MqttSubscription[] {subscription}).waitForCompletion(TIMEOUT_MS);
    }

    public void publish(String topic, MqttMessage message) throws MqttException {
        client.publish(topic, message).waitForCompletion(TIMEOUT_MS);
    }

    /** Publishes a QoS 1 request with an MQTT 5 response topic and correlation data, as a requester does. */
    public void request(String topic, byte[] payload, String responseTopic, byte[] correlationData)
            throws MqttException {
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic);
        properties.setCorrelationData(correlationData);
        properties.setContentType("application/json");
        publish(topic, new MqttMessage(payload, 1, false, properties));
    }

    /** Read as the gateway reads a request (user properties, correlation data), plus what a subscriber sees. */
    private void record(String topic, MqttMessage message) {
        long now = System.nanoTime();
        IncomingRequest read = MqttMessages.toRequest(topic, message);
        String contentType = message.getProperties() == null ? null : message.getProperties().getContentType();
        synchronized (received) {
            received.add(new Msg(received.size(), now, topic, message.getPayload(), message.isRetained(),
                    message.getQos(), contentType, read.userProperties(), read.correlationData().orElse(null)));
        }
    }

    public List<Msg> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public int size() {
        synchronized (received) {
            return received.size();
        }
    }

    public List<Msg> on(String topic) {
        return matching(m -> m.topic().equals(topic));
    }

    /** Alarm events the pumps and programmers raised on {@code topic}: without the gateway's own alerts. */
    public List<Msg> deviceAlarms(String topic) {
        return matching(m -> m.topic().equals(topic)
                && m.envelope().getAlarm().getSource() != AlarmSource.ALARM_SOURCE_GATEWAY);
    }

    /** The gateway's own alerts (docs/clinical-alerts.md) on {@code topic}. */
    public List<Msg> gatewayAlerts(String topic) {
        return matching(m -> m.topic().equals(topic)
                && m.envelope().getAlarm().getSource() == AlarmSource.ALARM_SOURCE_GATEWAY);
    }

    public List<Msg> after(int index) {
        synchronized (received) {
            return List.copyOf(received.subList(Math.min(index, received.size()), received.size()));
        }
    }

    public List<Msg> matching(Predicate<Msg> predicate) {
        return received().stream().filter(predicate).toList();
    }

    public Optional<Msg> last(String topic) {
        List<Msg> all = on(topic);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public long count(Predicate<Msg> predicate) {
        synchronized (received) {
            return received.stream().filter(predicate).count();
        }
    }

    @Override
    public String toString() {
        return "Probe[" + clientId + ", " + size() + " received]";
    }

    @Override
    public void close() throws MqttException {
        closed = true;
        MqttAsyncClient current = client;
        try {
            if (current.isConnected()) {
                current.disconnect().waitForCompletion(TIMEOUT_MS);
            }
        } finally {
            current.close(true);
        }
    }
}
