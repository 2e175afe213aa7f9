package io.pumplink.gateway.cli.bench;

import io.pumplink.gateway.publish.Dispatcher;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * The yardstick: a bare Paho MQTT 5 client publishing pre-encoded gateway publications at QoS 1 as fast as the
 * broker acknowledges them, with the gateway's in-flight window (its maxInFlight, lowered by the broker's Receive
 * Maximum, as the gateway does). No journal, no decoding, no mapping: what the broker and the client library
 * allow on this machine, which the gateway's figure is then compared with.
 */
final class Baseline {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** What the broker still owes at the end gets this long before the client disconnects anyway. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_RECEIVE_MAXIMUM = 65_535;
    /** Paho frees a slot just after reporting its PUBACK: a publish refused for a full window is tried again. */
    private static final long FULL_WINDOW_PAUSE_NANOS = 20_000;

    /** @param window publishes in flight at most */
    record Result(double publishPerS, long published, int window) {
    }

    private Baseline() {
    }

    /** Publishes {@code payloads} round and round for {@code duration}; counts the PUBACKs that came within it. */
    static Result run(URI broker, int maxInFlight, List<BaselinePayloads.Payload> payloads, Duration duration)
            throws MqttException, InterruptedException {
        MqttAsyncClient client = new MqttAsyncClient(broker.toString(), "pumplink-bench-" + UUID.randomUUID(),
                new MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setAutomaticReconnect(false);
            IMqttToken connect = client.connect(options);
            connect.waitForCompletion(CONNECT_TIMEOUT.toMillis());
            int window = Math.min(maxInFlight, receiveMaximum(connect.getResponseProperties()));
            Result result = publish(client, window, payloads, duration);
            clearRetained(client, payloads);
            client.disconnect().waitForCompletion(CONNECT_TIMEOUT.toMillis());
            return result;
        } finally {
            client.close(true);
        }
    }

    private static Result publish(MqttAsyncClient client, int window, List<BaselinePayloads.Payload> payloads,
                                  Duration duration) throws MqttException, InterruptedException {
        Semaphore slots = new Semaphore(window);
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        MqttActionListener done = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                acknowledged.incrementAndGet();
                slots.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                failure.compareAndSet(null, cause);
                slots.release();
            }
        };
        long startNanos = System.nanoTime();
        long endNanos = startNanos + duration.toNanos();
        long sent = 0;
        while (System.nanoTime() < endNanos && failure.get() == null) {
            if (slots.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                send(client, payloads.get((int) (sent++ % payloads.size())), done);
            }
        }
        long published = acknowledged.get();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (!slots.tryAcquire(window, SETTLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the broker did not acknowledge the baseline's last publishes within "
                    + SETTLE_TIMEOUT.toSeconds() + " s");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("baseline publish failed: " + failure.get(), failure.get());
        }
        return new Result(published / seconds, published, window);
    }

    private static void send(MqttAsyncClient client, BaselinePayloads.Payload payload, MqttActionListener done)
            throws MqttException {
        while (true) {
            try {
                client.publish(payload.topic(), message(payload), null, done);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                LockSupport.parkNanos(FULL_WINDOW_PAUSE_NANOS);
            }
        }
    }

    /** As the gateway sends it: QoS 1, its content type and message id; the payload bytes are shared. */
    private static MqttMessage message(BaselinePayloads.Payload payload) {
        MqttProperties properties = new MqttProperties();
        properties.setContentType(Dispatcher.CONTENT_TYPE);
        properties.setUserProperties(List.of(new UserProperty(Dispatcher.MESSAGE_ID, payload.messageId())));
        return new MqttMessage(payload.bytes(), 1, payload.retained(), properties);
    }

    /** An empty retained message removes what the baseline left on its status topics. */
    private static void clearRetained(MqttAsyncClient client, List<BaselinePayloads.Payload> payloads)
            throws MqttException {
        List<String> topics = payloads.stream().filter(BaselinePayloads.Payload::retained)
                .map(BaselinePayloads.Payload::topic).distinct().toList();
        for (String topic : topics) {
            client.publish(topic, new MqttMessage(new byte[0], 1, true, new MqttProperties()))
                    .waitForCompletion(CONNECT_TIMEOUT.toMillis());
        }
    }

    private static int receiveMaximum(MqttProperties connack) {
        Integer value = connack == null ? null : connack.getReceiveMaximum();
        if (value == null) {
            return MAX_RECEIVE_MAXIMUM; // absent means 65535 (MQTT 5, 3.2.2.3.3)
        }
        if (value < 0) {
            throw new IllegalStateException("broker Receive Maximum " + (value & 0xFFFF) + " is above 32767, which"
                    + " Paho 1.2.5 cannot publish with (as the gateway says too); set the broker's limit to 1..32767");
        }
        return value;
    }
}
