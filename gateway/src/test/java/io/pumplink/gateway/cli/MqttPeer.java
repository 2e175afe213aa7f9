package io.pumplink.gateway.cli;

import io.pumplink.gateway.mqtt.MessageListener;
import io.pumplink.gateway.publish.Dispatcher;
import io.pumplink.proto.v1.Envelope;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * The other side of the tools in these tests: a plain Paho MQTT 5 client that publishes envelopes the way the
 * gateway does (content type, message-id) and, as a fake gateway, answers requests on their response topic.
 * Received messages are handled on a thread of its own, so handlers may publish and wait.
 */
final class MqttPeer implements AutoCloseable {
    private static final long TIMEOUT_MS = 10_000;

    record Received(String topic, MqttMessage message) {
    }

    private final MqttAsyncClient client;
    private final ExecutorService handlerThread = Executors.newSingleThreadExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Consumer<Received> handler = r -> { };

    private MqttPeer(URI broker, String clientId) throws MqttException {
        client = new MqttAsyncClient(broker.toString(), clientId, new MemoryPersistence());
        client.setCallback(new MessageListener() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Received r = new Received(topic, message);
                received.add(r);
                handlerThread.execute(() -> handler.accept(r));
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 1);
        client.connect(options).waitForCompletion(TIMEOUT_MS);
    }

    static MqttPeer connect(URI broker, String clientId) throws MqttException {
        return new MqttPeer(broker, clientId);
    }

    void onMessage(Consumer<Received> handler) {
        this.handler = handler;
    }

    void subscribe(String filter) throws MqttException {
        client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, null, null, new MqttProperties())
                .waitForCompletion(TIMEOUT_MS);
    }

    List<Received> received() {
        return received;
    }

    /** As the gateway publishes it: QoS 1, its content type, the message id as a user property. */
    void publish(String topic, Envelope envelope, boolean retained) throws MqttException {
        MqttProperties properties = new MqttProperties();
        properties.setContentType(Dispatcher.CONTENT_TYPE);
        properties.setUserProperties(List.of(
                new UserProperty(Dispatcher.MESSAGE_ID, envelope.getHeader().getMessageId())));
        publish(topic, new MqttMessage(envelope.toByteArray(), 1, retained, properties));
    }

    void publishRaw(String topic, byte[] payload, boolean retained) throws MqttException {
        publish(topic, new MqttMessage(payload, 1, retained, new MqttProperties()));
    }

    void publish(String topic, MqttMessage message) throws MqttException {
        client.publish(topic, message).waitForCompletion(TIMEOUT_MS);
    }

    /** Answers {@code request} on its response topic with its correlation data, as RequestBridge does. */
    void respond(Received request, Envelope reply) throws MqttException {
        MqttProperties properties = new MqttProperties();
        properties.setContentType(Dispatcher.CONTENT_TYPE);
        properties.setCorrelationData(request.message().getProperties().getCorrelationData());
        properties.setUserProperties(List.of(new UserProperty(Dispatcher.MESSAGE_ID,
                reply.getHeader().getMessageId())));
        publish(request.message().getProperties().getResponseTopic(),
                new MqttMessage(reply.toByteArray(), 1, false, properties));
    }

    @Override
    public void close() throws MqttException {
        handlerThread.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(TIMEOUT_MS);
            }
        } finally {
            client.close(true);
        }
    }
}
