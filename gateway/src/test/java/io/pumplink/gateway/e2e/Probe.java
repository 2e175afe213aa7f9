package io.pumplink.gateway.e2e;

import io.pumplink.gateway.mqtt.MessageListener;
import com.google.protobuf.InvalidProtocolBufferException;
import io.pumplink.gateway.publish.Dispatcher;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.Envelope;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * A subscriber (or requester) on the real broker, as a dashboard or an EHR bridge would be: a plain Paho MQTT 5
 * client that records every message in arrival order. Subscriptions use "retain as published", so a live
 * message keeps the RETAIN flag it was published with (the Last Will included) and tests can tell state from
 * events without a second subscriber.
 */
final class Probe implements AutoCloseable {
    private static final long TIMEOUT_MS = 10_000;

    /** One received message; {@code index} is its arrival position at this probe. */
    record Msg(int index, long nanos, String topic, byte[] payload, boolean retained, int qos, String contentType,
               Map<String, String> userProperties, byte[] correlationData) {
        Envelope envelope() {
            try {
                return Envelope.parseFrom(payload);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("payload on " + topic + " is not an Envelope", e);
            }
        }

        /** The gateway's de-duplication id, from the MQTT 5 user property. */
        String messageId() {
            String id = userProperties.get(Dispatcher.MESSAGE_ID);
            if (id == null) {
                throw new AssertionError("no " + Dispatcher.MESSAGE_ID + " user property on " + topic);
            }
            return id;
        }

        boolean hasMessageId() {
            return userProperties.containsKey(Dispatcher.MESSAGE_ID);
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttAsyncClient client;
    private final String clientId;
    private final List<Msg> received = new ArrayList<>();

    private Probe(URI broker, String clientId, MqttConnectionOptions options) throws MqttException {
        this.clientId = clientId;
        client = new MqttAsyncClient(broker.toString(), clientId, new MemoryPersistence());
        client.setCallback(new MessageListener() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                record(topic, message);
            }
        });
        client.connect(options).waitForCompletion(TIMEOUT_MS);
    }

    /** A client whose session and subscriptions end with its connection. */
    static Probe connect(URI broker, String clientId) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setKeepAliveInterval(30);
        return new Probe(broker, clientId, options);
    }

    /**
     * A client whose session outlives a broker restart (the broker must run with {@code persistence true}): the
     * broker keeps its subscriptions and queues QoS 1 messages while it is away, and it reconnects by itself.
     */
    static Probe connectDurable(URI broker, String clientId) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(Duration.ofMinutes(10).toSeconds());
        options.setKeepAliveInterval(30);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 1);
        return new Probe(broker, clientId, options);
    }

    void subscribe(String filter, int qos) throws MqttException {
        MqttSubscription subscription = new MqttSubscription(filter, qos);
        subscription.setRetainAsPublished(true);
        client.subscribe(new MqttSubscription[] {subscription}).waitForCompletion(TIMEOUT_MS);
    }

    /** Publishes a QoS 1 request with an MQTT 5 response topic and correlation data, as a requester does. */
    void request(String topic, byte[] payload, String responseTopic, byte[] correlationData) throws MqttException {
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic);
        properties.setCorrelationData(correlationData);
        properties.setContentType("application/json");
        MqttMessage message = new MqttMessage(payload, 1, false, properties);
        client.publish(topic, message).waitForCompletion(TIMEOUT_MS);
    }

    private void record(String topic, MqttMessage message) {
        MqttProperties properties = message.getProperties() == null ? new MqttProperties() : message.getProperties();
        Map<String, String> userProperties = new LinkedHashMap<>();
        List<UserProperty> list = properties.getUserProperties();
        if (list != null) {
            list.forEach(p -> userProperties.put(p.getKey(), p.getValue()));
        }
        long now = System.nanoTime();
        synchronized (received) {
            received.add(new Msg(received.size(), now, topic, message.getPayload(), message.isRetained(),
                    message.getQos(), properties.getContentType(), userProperties, properties.getCorrelationData()));
        }
    }

    List<Msg> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    int size() {
        synchronized (received) {
            return received.size();
        }
    }

    List<Msg> on(String topic) {
        return matching(m -> m.topic().equals(topic));
    }

    /** Alarm events the pumps and programmers raised on {@code topic}: without the gateway's own alerts. */
    List<Msg> deviceAlarms(String topic) {
        return matching(m -> m.topic().equals(topic)
                && m.envelope().getAlarm().getSource() != AlarmSource.ALARM_SOURCE_GATEWAY);
    }

    /** The gateway's own alerts (docs/clinical-alerts.md) on {@code topic}. */
    List<Msg> gatewayAlerts(String topic) {
        return matching(m -> m.topic().equals(topic)
                && m.envelope().getAlarm().getSource() == AlarmSource.ALARM_SOURCE_GATEWAY);
    }

    List<Msg> after(int index) {
        synchronized (received) {
            return List.copyOf(received.subList(Math.min(index, received.size()), received.size()));
        }
    }

    List<Msg> matching(Predicate<Msg> predicate) {
        return received().stream().filter(predicate).toList();
    }

    Optional<Msg> last(String topic) {
        List<Msg> all = on(topic);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    long count(Predicate<Msg> predicate) {
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
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(TIMEOUT_MS);
            }
        } finally {
            client.close(true);
        }
    }
}
