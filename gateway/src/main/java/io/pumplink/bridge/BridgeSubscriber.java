package io.pumplink.bridge;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's MQTT 5 session: a stable client id with a session the broker keeps ({@code cleanStart=false}), shared
 * subscriptions at QoS 1, and manual acknowledgements, so a publication is acknowledged only once delivered (at
 * least once). The broker hands over at most {@code receiveMaximum} unacknowledged publications; they wait in the
 * bridge's queue. After a lost connection the broker sends again what was not acknowledged, so what was queued is
 * dropped, and an acknowledgement from before the loss is never sent on the new connection (its packet id may
 * belong to another publication by then).
 */
final class BridgeSubscriber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeSubscriber.class);
    static final int QOS = 1;
    private static final String MESSAGE_ID = "message-id";
    private static final int REFUSED = 0x80;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final MqttAsyncClient client;
    private final URI uri;
    private final List<String> filters;
    private final BlockingQueue<Incoming> queue;
    private final AtomicInteger connection = new AtomicInteger();
    private volatile boolean connected;

    BridgeSubscriber(URI uri, String clientId, List<String> filters, BlockingQueue<Incoming> queue)
            throws MqttException {
        this.client = new MqttAsyncClient(uri.toString(), clientId, new MemoryPersistence());
        this.uri = uri;
        this.filters = List.copyOf(filters);
        this.queue = queue;
        client.setManualAcks(true);
        client.setCallback(callback());
    }

    /** Connects (blocking up to {@code timeout}) and subscribes; then Paho reconnects by itself. */
    void start(Consumer<MqttConnectionOptions> security, int receiveMaximum, Duration sessionExpiry, Duration timeout)
            throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        security.accept(options);
        options.setCleanStart(false);
        options.setSessionExpiryInterval(sessionExpiry.toSeconds());
        options.setReceiveMaximum(receiveMaximum);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 30);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout((int) Math.max(1, Math.min(60, timeout.toSeconds())));
        client.connect(options).waitForCompletion(timeout.toMillis());
        IMqttToken subscribed = subscribe();
        subscribed.waitForCompletion(timeout.toMillis()); // started means subscribed: nothing published after is missed
        int[] reasonCodes = subscribed.getReasonCodes();
        for (int i = 0; i < reasonCodes.length && i < filters.size(); i++) {
            if (reasonCodes[i] >= REFUSED) { // e.g. 0x87 not authorised by the broker's ACL
                throw new SubscriptionRefusedException(filters.get(i), reasonCodes[i]);
            }
        }
    }

    /** The broker refused one of the bridge's subscriptions (SUBACK reason code 0x80 or above). */
    static final class SubscriptionRefusedException extends IllegalStateException {
        SubscriptionRefusedException(String filter, int reasonCode) {
            super("the broker refused the subscription " + filter + " (reason code 0x"
                    + Integer.toHexString(reasonCode) + "); check its ACL for this client");
        }
    }

    boolean connected() {
        return connected;
    }

    private MqttCallback callback() {
        return new MqttCallback() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                connection.incrementAndGet();
                connected = true;
                LOG.info("bridge connected to {}{}; subscribing to {}", uri, reconnect ? " again" : "", filters);
                if (reconnect) { // the first time, start() subscribes and waits for it
                    try {
                        subscribe();
                    } catch (MqttException e) {
                        LOG.error("bridge cannot subscribe to {}: {}", filters, e.getMessage());
                    }
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                connected = false;
                connection.incrementAndGet();
                queue.clear(); // the broker sends these again on the next connection
                LOG.warn("bridge lost {}: {}; reconnecting", uri, response.getReasonString());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
                int at = connection.get();
                queue.put(new Incoming(topic, message.getPayload(), messageId(message.getProperties()),
                        () -> ack(at, message)));
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                LOG.warn("bridge MQTT error: {}", exception.getMessage());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // the bridge publishes nothing
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // no enhanced authentication
            }
        };
    }

    private IMqttToken subscribe() throws MqttException {
        return client.subscribe(filters.stream().map(f -> new MqttSubscription(f, QOS))
                .toArray(MqttSubscription[]::new));
    }

    private void ack(int connectionAtArrival, MqttMessage message) {
        if (connectionAtArrival != connection.get()) {
            return; // taken on an earlier connection: the broker sends it again, the next one is acknowledged
        }
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            LOG.warn("bridge cannot acknowledge message {}: {} (it comes again)", message.getId(), e.getMessage());
        }
    }

    private static Optional<String> messageId(MqttProperties properties) {
        if (properties == null || properties.getUserProperties() == null) {
            return Optional.empty();
        }
        return properties.getUserProperties().stream().filter(p -> MESSAGE_ID.equals(p.getKey()))
                .map(UserProperty::getValue).findFirst();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(CLOSE_TIMEOUT.toMillis()).waitForCompletion(CLOSE_TIMEOUT.toMillis());
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("bridge close: {}", e.getMessage());
        }
    }
}
