package io.pumplink.gateway.cli.bench;

import io.pumplink.gateway.publish.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A subscriber as a nurse station's would be: a separate Paho MQTT 5 client on {@code <prefix>/pumps/+/alarm} at
 * QoS 1, noting when the first message on each pump's alarm topic arrived. Every bench ALARM is for a pump of its
 * own, so the pump serial in the topic tells which one came.
 */
final class AlarmSubscriber implements AutoCloseable, MqttCallback {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Unacknowledged QoS 1 deliveries the broker may have towards us; Paho 1.2.5 mishandles values above 32767. */
    private static final int RECEIVE_MAXIMUM = 1_000;

    private final MqttAsyncClient client;
    private final Topics topics;
    private final Map<String, Long> arrivalNanosByPump = new ConcurrentHashMap<>();
    private volatile String lostReason;

    private AlarmSubscriber(MqttAsyncClient client, String topicPrefix) {
        this.client = client;
        this.topics = new Topics(topicPrefix);
    }

    static AlarmSubscriber subscribe(URI broker, String topicPrefix) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.toString(), "pumplink-bench-" + UUID.randomUUID(),
                new MemoryPersistence());
        AlarmSubscriber subscriber = new AlarmSubscriber(client, topicPrefix);
        client.setCallback(subscriber);
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setAutomaticReconnect(false);
            options.setReceiveMaximum(RECEIVE_MAXIMUM);
            client.connect(options).waitForCompletion(TIMEOUT.toMillis());
            client.subscribe(new MqttSubscription(subscriber.topics.allPumps("alarm"), 1))
                    .waitForCompletion(TIMEOUT.toMillis());
        } catch (MqttException | RuntimeException e) {
            client.close(true);
            throw e;
        }
        return subscriber;
    }

    /** When the first alarm of {@code pumpSerial} arrived, on {@link System#nanoTime()}'s clock. */
    OptionalLong arrivalNanos(String pumpSerial) {
        Long nanos = arrivalNanosByPump.get(pumpSerial);
        return nanos == null ? OptionalLong.empty() : OptionalLong.of(nanos);
    }

    /** Why the connection dropped, if it did: alarms published after that never reach this subscriber. */
    String lostReason() {
        return lostReason;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        long nanos = System.nanoTime();
        topics.pumpOf(topic, "alarm").ifPresent(pump -> arrivalNanosByPump.putIfAbsent(pump, nanos));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        lostReason = String.valueOf(response.getException() != null ? response.getException()
                : "broker sent DISCONNECT, reason code " + response.getReturnCode());
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        lostReason = exception.toString();
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    @Override
    public void close() {
        try {
            client.disconnect().waitForCompletion(TIMEOUT.toMillis());
        } catch (MqttException e) {
            // already gone: closing is all that is left
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing more to free
        }
    }
}
