package io.pumplink.gateway.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network connection to the broker, on a Paho client of its own. A new client per connection means no
 * Paho session state (packet ids, in-flight messages, topic aliases, tokens) outlives a drop. Kept across a
 * drop, Paho would resend its in-flight messages by itself and report their tokens failed and later
 * completed (paho.mqtt.java#129), beside the publisher's own resends and outside its in-flight count.
 * Paho calls back on its own threads; {@link Events} implementations must hand the work elsewhere.
 */
final class Connection implements MqttCallback {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    interface Events {
        /** CONNACK received; {@code receiveMaximum} is the broker's, 1..65535. */
        void connected(Connection connection, int receiveMaximum);

        /** {@code auth}: the failure is one retrying cannot fix. */
        void connectFailed(Connection connection, String reason, Optional<AuthFailure> auth);

        void lost(Connection connection, String reason);

        void message(String topic, MqttMessage message);
    }

    /** The outcome of one publish; {@code reasonCode} is that of the PUBACK (0 for QoS 0). */
    interface Outcome {
        void acknowledged(int reasonCode, long atNanos);

        void failed(String reason);
    }

    private final MqttAsyncClient client;
    private final Events events;

    private Connection(MqttAsyncClient client, Events events) {
        this.client = client;
        this.events = events;
    }

    /** Starts connecting; the result arrives through {@code events}. */
    static Connection open(MqttSettings settings, Publication will, Events events) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(
                settings.serverUri().toString(), settings.clientId(), new MemoryPersistence());
        Connection connection = new Connection(client, events);
        client.setCallback(connection);
        try {
            client.connect(options(settings, will), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connection.connected(token.getResponseProperties());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    events.connectFailed(connection, String.valueOf(cause), AuthFailure.of(cause));
                }
            });
        } catch (MqttException | RuntimeException e) {
            connection.discard();
            throw e;
        }
        return connection;
    }

    private static MqttConnectionOptions options(MqttSettings settings, Publication will) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        // the broker keeps subscriptions and requests for the gateway across short drops; what the gateway
        // itself publishes is resent by the publisher, not from a session
        options.setCleanStart(false);
        options.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        options.setAutomaticReconnect(false);
        settings.tls().ifPresent(factory -> BrokerTls.use(factory, options));
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        MqttMessage willMessage = MqttMessages.toPaho(will);
        options.setWill(will.topic(), willMessage);
        options.setWillMessageProperties(willMessage.getProperties());
        return options;
    }

    private void connected(MqttProperties connack) {
        Integer receiveMaximum = connack == null ? null : connack.getReceiveMaximum();
        if (receiveMaximum == null) {
            events.connected(this, MqttSettings.MAX_RECEIVE_MAXIMUM); // absent means 65535 (MQTT 5, 3.2.2.3.3)
        } else if (receiveMaximum < 0) {
            // Paho 1.2.5 reads the two-byte value as a signed short, then refuses every publish as
            // "Too many publishes in progress" (eclipse-paho/paho.mqtt.java#1095): this connection is useless
            events.connectFailed(this, "broker Receive Maximum " + (receiveMaximum & 0xFFFF)
                    + " is above 32767, which Paho 1.2.5 cannot publish with; set the broker's limit"
                    + " (mosquitto: max_inflight_messages) to 1..32767, or 0 for unlimited", Optional.empty());
        } else {
            events.connected(this, receiveMaximum);
        }
    }

    /** Hands one publication to Paho; it throws when the connection cannot take it now. */
    void publish(Publication publication, Outcome outcome) throws MqttException {
        client.publish(publication.topic(), MqttMessages.toPaho(publication), null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                long now = System.nanoTime();
                int[] codes = token.getReasonCodes();
                outcome.acknowledged(codes == null || codes.length == 0 ? 0 : codes[0], now);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                outcome.failed(String.valueOf(cause));
            }
        });
    }

    /** Subscribes, logging filters the broker refuses; a failure to send is left to the reconnect. */
    void subscribe(List<MqttSubscription> subscriptions) {
        if (subscriptions.isEmpty()) {
            return;
        }
        MqttSubscription[] array = subscriptions.toArray(MqttSubscription[]::new);
        try {
            client.subscribe(array, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    for (int i = 0; codes != null && i < codes.length && i < array.length; i++) {
                        if (codes[i] >= MqttReturnCode.RETURN_CODE_UNSPECIFIED_ERROR) {
                            log.warn("broker refused subscription {}: reason code 0x{}",
                                    array[i].getTopic(), Integer.toHexString(codes[i]));
                        }
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    log.debug("subscribe to {} not completed: {}", Arrays.toString(array), cause.toString());
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            log.debug("subscribe to {} not sent: {}", Arrays.toString(array), e.toString());
        }
    }

    /**
     * Ends the session politely but with reason "Disconnect with Will Message", so subscribers of the status
     * topic see the gateway go offline on a shutdown too.
     */
    void disconnectWithWill(Duration timeout) {
        try {
            client.disconnect(0, null, null, MqttReturnCode.RETURN_CODE_DISCONNECT_WITH_WILL_MESSAGE,
                    new MqttProperties()).waitForCompletion(timeout.toMillis());
        } catch (MqttException e) {
            log.debug("disconnect failed: {}", e.toString());
        }
        discard();
    }

    /** Drops the connection without a DISCONNECT (the broker publishes the will) and frees Paho's threads. */
    void discard() {
        try {
            client.disconnectForcibly(0, 1000, false);
        } catch (MqttException e) {
            log.trace("already disconnected: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("closing the Paho client failed: {}", e.toString());
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        events.lost(this, response.getException() != null
                ? response.getException().toString()
                : "broker sent DISCONNECT, reason code " + response.getReturnCode()
                        + (response.getReasonString() == null ? "" : " (" + response.getReasonString() + ")"));
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        log.warn("MQTT protocol error: {}", exception.toString());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        events.message(topic, message);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // each publish has its own listener
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        // the connect listener reports it, with the CONNACK properties
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }
}
