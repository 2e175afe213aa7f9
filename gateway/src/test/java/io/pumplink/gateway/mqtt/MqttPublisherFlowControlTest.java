package io.pumplink.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The in-flight bound against a real broker: the broker's Receive Maximum, or the gateway's own if lower. */
class MqttPublisherFlowControlTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void twoThousandQos1PublishesAtFullSpeedStayWithinTheBrokersReceiveMaximum() throws Exception {
        String topic = "pumplink/gw-flow/telemetry";
        Queue<Long> latencies = new ConcurrentLinkedQueue<>();
        try (MosquittoBroker broker = MosquittoBroker.launch("max_inflight_messages 10");
             Probe subscriber = Probe.connect(broker.uri(), "flow-counter");
             LogCapture log = new LogCapture(MqttPublisher.class);
             MqttPublisher publisher = Fixtures.publisher(broker.uri(), "gw-flow", 1_000)) {
            subscriber.subscribe(topic, 1);
            publisher.setLatencyRecorder(latencies::add);
            publisher.start();
            await().atMost(TIMEOUT).until(publisher::connected);
            assertThat(publisher.effectiveMaxInFlight()).isEqualTo(10);

            long start = System.nanoTime();
            List<CompletableFuture<Void>> futures = IntStream.range(0, 2_000)
                    .mapToObj(seq -> publisher.publish(Fixtures.telemetry(topic, seq)))
                    .toList();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - start;

            await().atMost(TIMEOUT).until(() -> distinctSeqs(subscriber, topic) == 2_000);
            assertThat(publisher.published()).isEqualTo(2_000);
            assertThat(publisher.peakInFlight()).isBetween(1, 10);
            assertThat(publisher.inFlight()).isZero();
            assertThat(publisher.queued()).isZero();
            assertThat(log.messages()).noneMatch(m -> m.contains("in-flight window") || m.contains("32202"));
            report("receive maximum 10", 2_000, elapsed, latencies);
        }
    }

    @Test
    void theGatewaysOwnBoundAppliesWhenLowerThanTheBrokers() throws Exception {
        String topic = "pumplink/gw-own-bound/telemetry";
        try (MosquittoBroker broker = MosquittoBroker.launch(); // mosquitto's default receive maximum: 20
             MqttPublisher publisher = Fixtures.publisher(broker.uri(), "gw-own-bound", 3)) {
            publisher.start();
            await().atMost(TIMEOUT).until(publisher::connected);
            assertThat(publisher.effectiveMaxInFlight()).isEqualTo(3);

            CompletableFuture.allOf(IntStream.range(0, 300)
                            .mapToObj(seq -> publisher.publish(Fixtures.telemetry(topic, seq)))
                            .toArray(CompletableFuture[]::new))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(publisher.peakInFlight()).isBetween(1, 3);
        }
    }

    static long distinctSeqs(Probe subscriber, String topic) {
        return subscriber.on(topic).stream().map(r -> r.userProperty("seq")).distinct().count();
    }

    /** Throughput and PUBACK latency, for the record in the test output. */
    static void report(String label, int count, long elapsedNanos, Queue<Long> latencies) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%s: %d QoS 1 publications in %.0f ms = %.0f msg/s; PUBACK latency p50 %.2f ms,"
                        + " p99 %.2f ms%n", label, count, elapsedNanos / 1e6, count / (elapsedNanos / 1e9),
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }
}
