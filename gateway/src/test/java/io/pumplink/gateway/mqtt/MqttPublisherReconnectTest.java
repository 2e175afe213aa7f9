package io.pumplink.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Broker outages. The broker keeps its state across restarts (persistence on) and the subscriber has a
 * durable session, so anything lost end to end would be the publisher's fault.
 */
class MqttPublisherReconnectTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String[] DURABLE_BROKER = {"persistence true", "max_queued_messages 0"};

    @Test
    void publicationsWaitWhileTheBrokerIsDownAndAreDeliveredOnceItIsUp() throws Exception {
        String topic = "pumplink/gw-outage/telemetry";
        try (MosquittoBroker broker = MosquittoBroker.launch(DURABLE_BROKER);
             Probe subscriber = Probe.connectDurable(broker.uri(), "outage-subscriber");
             LogCapture log = new LogCapture(Reconnector.class);
             MqttPublisher publisher = Fixtures.publisher(broker.uri(), "gw-outage", 100)) {
            subscriber.subscribe(topic, 1);
            broker.stop();

            publisher.start();
            List<CompletableFuture<Void>> futures = IntStream.range(0, 500)
                    .mapToObj(seq -> publisher.publish(Fixtures.telemetry(topic, seq)))
                    .toList();
            await().atMost(TIMEOUT).until(() -> log.messages(Level.DEBUG).stream()
                    .filter(m -> m.startsWith("MQTT connect attempt")).count() >= 3);
            assertThat(publisher.connected()).isFalse();
            assertThat(publisher.queued()).isEqualTo(500);
            assertThat(publisher.effectiveMaxInFlight()).isZero();
            assertThat(publisher.awaitRoom(500, Duration.ofMillis(50))).as("500 queued while disconnected").isFalse();
            assertThat(futures).noneMatch(CompletableFuture::isDone);
            // one warning for the outage, not one per attempt
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("unavailable");

            broker.start();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            await().atMost(TIMEOUT).until(() -> MqttPublisherFlowControlTest.distinctSeqs(subscriber, topic) == 500);
            assertThat(publisher.reconnects()).isZero();
            assertThat(log.messages(Level.INFO)).singleElement().asString()
                    .startsWith("MQTT connected").doesNotContain("after 1 attempt");
        }
    }

    @Test
    void aBrokerRestartMidStreamLosesNoPublication() throws Exception {
        String topic = "pumplink/gw-restart/telemetry";
        int count = 3_000;
        Queue<Long> latencies = new ConcurrentLinkedQueue<>();
        try (MosquittoBroker broker = MosquittoBroker.launch(DURABLE_BROKER);
             Probe subscriber = Probe.connectDurable(broker.uri(), "restart-subscriber");
             MqttPublisher publisher = Fixtures.publisher(broker.uri(), "gw-restart", 100)) {
            subscriber.subscribe(topic, 1);
            publisher.setLatencyRecorder(latencies::add);
            publisher.start();

            // the producer as the gateway runs it: take a publication only while fewer than 100 are queued
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                for (int seq = 0; seq < count; seq++) {
                    try {
                        assertThat(publisher.awaitRoom(100, TIMEOUT)).isTrue();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    synchronized (futures) {
                        futures.add(publisher.publish(Fixtures.telemetry(topic, seq)));
                    }
                }
            });
            await().atMost(TIMEOUT).until(() -> publisher.published() >= count / 3);
            broker.restart();

            producer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            synchronized (futures) {
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            await().atMost(TIMEOUT).until(() -> MqttPublisherFlowControlTest.distinctSeqs(subscriber, topic) == count);
            // the publisher may have sent the last one before it saw the restart: its reconnect can come after
            await().atMost(TIMEOUT).until(() -> publisher.reconnects() >= 1);
            assertThat(publisher.reconnects()).isEqualTo(1);
            assertThat(publisher.published()).isEqualTo(count);
            assertThat(publisher.peakInFlight()).isLessThanOrEqualTo(20);
            System.out.printf("broker restart: %d publications, %d received, %d duplicates%n", count,
                    subscriber.on(topic).size(), subscriber.on(topic).size() - count);
        }
    }

    @Test
    void aBrokerReceiveMaximumPahoCannotHandleKeepsThePublisherWaitingInsteadOfFailing() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.launch("max_inflight_messages 40000");
             LogCapture log = new LogCapture(Reconnector.class)) {
            MqttPublisher publisher = Fixtures.publisher(broker.uri(), "gw-signed", 100);
            CompletableFuture<Void> future;
            try {
                publisher.start();
                future = publisher.publish(Fixtures.telemetry("pumplink/gw-signed/t", 1));
                await().atMost(TIMEOUT).until(() -> log.messages(Level.WARN).stream()
                        .anyMatch(m -> m.contains("Receive Maximum 40000")));
                assertThat(publisher.connected()).isFalse();
                assertThat(future).isNotDone();
            } finally {
                publisher.close();
            }
            assertThat(future).failsWithin(Duration.ofSeconds(1))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IllegalStateException.class);
        }
    }
}
