package io.pumplink.gateway.cli;

import io.pumplink.gateway.mqtt.AuthFailure;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
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
import picocli.CommandLine;

/**
 * The operator tools' own MQTT 5 connection (a Paho client with a random client id and a clean session). With
 * {@code reconnect}, Paho reconnects by itself and the subscriptions are made again on the new session; every
 * connect, loss and reconnect is reported as one status line. Messages arrive on Paho's thread.
 */
final class ToolClient implements AutoCloseable {
    static final int QOS = 1;
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    interface Handler {
        void message(String topic, MqttMessage message);
    }

    private final MqttAsyncClient client;
    private final URI uri;
    private final Duration waitTimeout;
    private final Consumer<String> status;
    private final List<String> filters = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    private final boolean reconnect;
    private volatile boolean closing;

    private ToolClient(MqttAsyncClient client, URI uri, Duration waitTimeout, boolean reconnect, String tool,
                       Consumer<String> status) {
        this.client = client;
        this.uri = uri;
        this.waitTimeout = waitTimeout;
        this.reconnect = reconnect;
        this.status = line -> status.accept(tool + ": " + line);
    }

    /** A broker URI the client can use, or a usage error naming the option. */
    static URI brokerUri(CommandLine commandLine, URI uri) {
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
            throw new CommandLine.ParameterException(commandLine,
                    "--mqtt must be tcp://HOST:PORT or ssl://HOST:PORT (also ws://, wss://): " + uri);
        }
        return uri;
    }

    /**
     * Connects (blocking up to {@code timeout}); a failure to connect is an {@link MqttException}. {@code security}
     * sets TLS and credentials ({@link MqttOptions#configure}).
     */
    static ToolClient connect(URI uri, Consumer<MqttConnectionOptions> security, String tool, boolean reconnect,
                              Duration timeout, Handler handler, Consumer<String> status) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        security.accept(options); // first: a bad flag is reported before a client exists
        MqttAsyncClient paho = new MqttAsyncClient(uri.toString(),
                "pumplink-" + tool + "-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        ToolClient client = new ToolClient(paho, uri, timeout, reconnect, tool, status);
        paho.setCallback(client.callback(handler));
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setConnectionTimeout((int) Math.max(1, Math.min(30, timeout.toSeconds())));
        options.setKeepAliveInterval(30);
        options.setAutomaticReconnect(reconnect);
        options.setAutomaticReconnectDelay(1, 30);
        try {
            paho.connect(options).waitForCompletion(timeout.toMillis() + 1000);
        } catch (MqttException e) {
            client.discard();
            throw e;
        }
        client.status.accept("connected to " + uri);
        return client;
    }

    private MqttCallback callback(Handler handler) {
        return new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                handler.message(topic, message);
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                String reason = response.getException() != null ? describe(response.getException())
                        : "broker sent DISCONNECT, reason code " + response.getReturnCode();
                lost.complete(reason);
                if (!closing) {
                    status.accept("connection to " + uri + " lost (" + reason + ")" + (reconnect ? "; reconnecting" : ""));
                }
            }

            @Override
            public void connectComplete(boolean again, String serverUri) {
                if (again) {
                    status.accept("reconnected to " + uri + "; subscribing again to " + String.join(", ", filters));
                    resubscribe();
                }
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                status.accept("MQTT protocol error: " + describe(exception));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // publishes are waited for where they are made
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // no enhanced authentication
            }
        };
    }

    /** Subscribes at QoS 1 and waits for the SUBACK; a refused filter is an {@link MqttException}. */
    void subscribe(String filter) throws MqttException {
        IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, QOS)}, null, null,
                new MqttProperties());
        token.waitForCompletion(waitTimeout.toMillis());
        int[] codes = token.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= MqttReturnCode.RETURN_CODE_UNSPECIFIED_ERROR) {
            throw new MqttException(codes[0]);
        }
        filters.add(filter);
    }

    /** After a reconnect on Paho's callback thread, which must not block: the SUBACK is not waited for. */
    private void resubscribe() {
        for (String filter : filters) {
            MqttActionListener onFailure = new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // the status line already said so
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    status.accept("subscribing again to " + filter + " failed: " + describe(cause));
                }
            };
            try {
                client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, QOS)}, null, onFailure,
                        new MqttProperties());
            } catch (MqttException e) {
                status.accept("subscribing again to " + filter + " failed: " + describe(e));
            }
        }
    }

    /** Publishes and waits for the PUBACK; returns its reason code (0x10: no subscriber matched). */
    int publish(String topic, MqttMessage message) throws MqttException {
        IMqttToken token = client.publish(topic, message);
        token.waitForCompletion(waitTimeout.toMillis());
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    /** Completes with the reason when the connection is lost. */
    CompletableFuture<String> lost() {
        return lost;
    }

    /** The failure in one line; a TLS or authentication failure first says which flag to look at. */
    static String describe(Throwable e) {
        return AuthFailure.of(e).map(cause -> cause.description() + "; check " + cause.flag() + " (" + text(e) + ")")
                .orElseGet(() -> text(e));
    }

    private static String text(Throwable e) {
        String text = e.getMessage() != null ? e.getMessage() : e.toString();
        Throwable cause = e.getCause();
        return cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())
                ? text + ": " + cause.getMessage() : text;
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (client.isConnected()) {
                client.disconnect(CLOSE_TIMEOUT.toMillis()).waitForCompletion(CLOSE_TIMEOUT.toMillis());
            }
        } catch (MqttException e) {
            // closing anyway
        }
        discard();
    }

    private void discard() {
        try {
            client.disconnectForcibly(0, 1, false);
        } catch (MqttException e) {
            // not connected
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to free
        }
    }
}
