package io.pumplink.bridge;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.pumplink.gateway.ops.OpsHttpServer;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bridge: subscribes to the published tree (it never publishes into it), delivers each publication to its
 * {@link Destination}, and serves {@code /metrics} and {@code /health} like the gateway. Only the CLI assembles one.
 */
public final class Bridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

    private final BridgeSettings settings;
    private final Destination destination;
    private final BridgeMetrics metrics;
    private final BlockingQueue<Incoming> queue;
    private final BridgeSubscriber subscriber;
    private final Deliverer deliverer;
    private final Thread delivering;
    private Optional<OpsHttpServer> http = Optional.empty();

    public Bridge(BridgeSettings settings, Destination destination) throws MqttException {
        this.settings = settings;
        this.destination = destination;
        this.metrics = new BridgeMetrics(destination.name());
        this.queue = new ArrayBlockingQueue<>(settings.receiveMaximum());
        this.subscriber = new BridgeSubscriber(settings.mqtt(), settings.clientId(), settings.filters(), queue);
        this.deliverer = new Deliverer(queue, destination, new SeenMessageIds(settings.dedupWindow()),
                settings.retryInitial(), settings.retryMax(), metrics, duration -> Thread.sleep(duration.toMillis()));
        this.delivering = new Thread(deliverer, "bridge-" + destination.name());
        metrics.bind(subscriber::connected, queue::size);
    }

    /**
     * Starts delivering, then connects; {@code security} sets TLS and credentials on the connection.
     *
     * @param token the bearer token {@code /metrics} and {@code /health} require, if any
     */
    public Bridge start(Consumer<MqttConnectionOptions> security, Optional<String> token)
            throws MqttException, InterruptedException, BindException {
        if (settings.http().port().isPresent()) {
            OpsHttpServer server = new OpsHttpServer()
                    .route("/metrics", query -> OpsHttpServer.Reply.text(HttpResponseStatus.OK,
                            "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()))
                    .route("/health", query -> health());
            token.ifPresent(server::requireBearerToken);
            http = Optional.of(server);
            server.start(new InetSocketAddress(settings.http().host(), settings.http().port().get()));
        }
        delivering.start();
        subscriber.start(security, settings.receiveMaximum(), settings.sessionExpiry(), settings.connectTimeout());
        LOG.info("bridge {} started: {} as {}, group {}-{}, delivering to {}", destination.name(), settings.mqtt(),
                settings.clientId(), settings.group(), settings.kind(), destination);
        return this;
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    public Optional<Integer> httpPort() {
        return http.map(OpsHttpServer::port);
    }

    /** 200 always (the broker keeps what is not delivered); DEGRADED while disconnected or the destination fails. */
    private OpsHttpServer.Reply health() {
        boolean connected = subscriber.connected();
        boolean failing = metrics.failing();
        String status = connected && !failing ? "UP" : "DEGRADED";
        String body = ("{\"status\":\"%s\",\"destination\":\"%s\",\"mqttConnected\":%s,\"failing\":%s,"
                + "\"lastFailure\":\"%s\",\"queued\":%d}\n").formatted(status, destination.name(), connected, failing,
                json(deliverer.lastFailure()), queue.size());
        return OpsHttpServer.Reply.text(HttpResponseStatus.OK, "application/json", body);
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Stops taking and delivering; what was not acknowledged stays with the broker for the next start. */
    @Override
    public void close() {
        delivering.interrupt();
        subscriber.close();
        try {
            delivering.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        destination.close();
        http.ifPresent(OpsHttpServer::close);
        LOG.info("bridge {} stopped", destination.name());
    }
}
