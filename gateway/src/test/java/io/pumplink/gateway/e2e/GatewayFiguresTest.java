package io.pumplink.gateway.e2e;

import static io.pumplink.gateway.e2e.E2e.PREFIX;
import static io.pumplink.gateway.e2e.E2e.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumplink.emulator.Emulator;
import io.pumplink.emulator.EmulatorLaunch;
import io.pumplink.emulator.load.FrameSource;
import io.pumplink.emulator.load.LoadListener;
import io.pumplink.emulator.load.LoadProgrammer;
import io.pumplink.emulator.scenario.ScenarioLoader;
import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.link.LinkState;
import io.pumplink.gateway.link.LinkSupervisor;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.Probe;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.transport.LinkConnector;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measured figures of the whole gateway (link → journal with fsync → MQTT → broker), printed with their labels
 * and held to loose floors, so that a regression by a large factor fails the build while ordinary machine noise
 * does not. The floors are far below what a 2-core CI machine measures; the printed values are the figures.
 */
@Tag("figures") // timing floors: run on demand (mvn -Pfigures verify), not in the default test run
class GatewayFiguresTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static MosquittoBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        // the subscriber that counts must not lose messages to mosquitto's default queue limit of 1000; and the
        // gateway's own maxInFlight (100), not mosquitto's default Receive Maximum of 20, bounds its publishing
        broker = MosquittoBroker.launch("max_queued_messages 1000000", "max_inflight_messages 100");
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void ackLatencyWithFsyncBeforeEveryAck() throws Exception {
        int frames = 2_000;
        Duration interval = Duration.ofMillis(2);
        double ratePerS = 1e9 / interval.toNanos();
        AckTimes acks = new AckTimes();
        try (LinkConnector connector = new LinkConnector(TIMEOUT);
             LoadProgrammer peer = LoadProgrammer.listen(connector, "PRG-FIG001", acks);
             Gateway gateway = new Gateway(new E2e.Config("fig-latency", broker.uri(), dir.resolve("latency"))
                     .link("peer", "tcp:127.0.0.1:" + peer.port()).build(), "e2e").start()) {
            peer.up().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            // warm-up (JIT, page cache), not counted
            peer.run(alarms("NGP-WARM01", 300), ratePerS).get(LONG.toSeconds(), TimeUnit.SECONDS);
            acks.clear();
            long fsyncsBefore = gateway.journal().fsyncs();
            long appendsBefore = gateway.journal().appends();

            peer.run(alarms("NGP-FIG001", frames), ratePerS).get(LONG.toSeconds(), TimeUnit.SECONDS);
            long[] latencies = acks.nanos();

            long fsyncs = gateway.journal().fsyncs() - fsyncsBefore;
            long appends = gateway.journal().appends() - appendsBefore;
            Arrays.sort(latencies);
            double p50 = millis(percentile(latencies, 50));
            double p90 = millis(percentile(latencies, 90));
            double p99 = millis(percentile(latencies, 99));
            double max = millis(latencies[latencies.length - 1]);
            System.out.printf("[figures] ACK latency, send -> ACK over TCP, journal fsync before each ACK, %d ALARMs"
                            + " at %d/s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (%d fsyncs for %d appends)%n",
                    latencies.length, 1000 / interval.toMillis(), p50, p90, p99, max, fsyncs, appends);
            assertThat(latencies).hasSize(frames);
            assertThat(appends).as("every ALARM stored").isGreaterThanOrEqualTo(frames);
            assertThat(fsyncs).as("ACKs wait for fsyncs").isPositive();
            assertThat(p50).as("ACK latency p50 (ms)").isLessThan(50);
            assertThat(p99).as("ACK latency p99 (ms)").isLessThan(500);
        }
    }

    @Test
    void framesPerSecondThroughOneLinkPublishedAtTheBroker() throws Exception {
        String pump = "NGP-FIG002";
        int blocks = 2_000; // each: 9 status frames (unreliable) and 1 ALARM (reliable): 20 000 frames
        List<Message> frames = new ArrayList<>();
        long ts = 1_767_225_600_000L;
        int status = 0;
        for (int block = 0; block < blocks; block++) {
            for (int i = 0; i < 9; i++, status++, ts++) {
                frames.add(status % 2 == 0
                        ? new ReservoirStatus(ts, pump, 15_000 - status / 100, 2_000, 1, 2_000, ts - 86_400_000L)
                        : new FlowStatus(ts, pump, 1, 20_833, 0, status, 0, 0));
            }
            frames.add(alarm(pump, block));
        }
        Iterator<Message> toSend = frames.iterator();
        try (Probe counter = Probe.connect(broker.uri(), "fig-counter");
             LinkConnector connector = new LinkConnector(TIMEOUT);
             LoadProgrammer peer = LoadProgrammer.listen(connector, "PRG-FIG002", new LoadListener() { });
             Gateway gateway = new Gateway(new E2e.Config("fig-throughput", broker.uri(), dir.resolve("throughput"))
                     .link("peer", "tcp:127.0.0.1:" + peer.port()).build(), "e2e").start()) {
            counter.subscribe(PREFIX + "/pumps/" + pump + "/#", 1);
            peer.up().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            await().atMost(TIMEOUT).until(() -> gateway.mqtt().connected());

            long start = System.nanoTime();
            // as fast as the socket and the window allow; done when the last was written and every ALARM ACKed
            peer.run(() -> toSend.hasNext() ? toSend.next() : null, 0).get(LONG.toSeconds(), TimeUnit.SECONDS);
            long ingested = System.nanoTime();
            String activeAlarms = E2e.TOPICS.pump(pump, "alarms/active");
            await("every frame published").atMost(LONG).until(() -> published(counter) >= frames.size()
                    && counter.on(activeAlarms).size() >= blocks);
            long end = counter.received().stream().filter(GatewayFiguresTest::isFrame)
                    .mapToLong(Probe.Msg::nanos).max().orElseThrow();

            double seconds = (end - start) / 1e9;
            double ingestSeconds = (ingested - start) / 1e9;
            long mqttPublications = counter.size();
            System.out.printf("[figures] throughput, one TCP link, %d frames (18 000 RESERVOIR/FLOW_STATUS + 2 000"
                            + " ALARM with the ICD window of 8): %.0f frames/s received by a subscriber (%.2f s, %d MQTT"
                            + " messages incl. alarms/active); link ingest (written and ACKed) %.0f frames/s%n",
                    frames.size(), frames.size() / seconds, seconds, mqttPublications, frames.size() / ingestSeconds);
            assertThat(counter.on(E2e.TOPICS.pump(pump, "reservoir"))).hasSize(9_000);
            assertThat(counter.on(E2e.TOPICS.pump(pump, "flow"))).hasSize(9_000);
            assertThat(counter.deviceAlarms(E2e.TOPICS.pump(pump, "alarm"))).hasSize(2_000);
            assertThat(peer.refused()).isZero();
            assertThat(frames.size() / seconds).as("frames/s published").isGreaterThan(500);
        }
    }

    @Test
    void heapAndThreadsPerLinkWithFiftyProgrammers() throws Exception {
        int n = 50;
        var quiet = ScenarioLoader.parse("""
                name: quiet
                programmer:
                  serial: PRG-MEM000
                  heartbeatIntervalMs: 1000
                  statusStreaming: { enabled: false }
                """, "quiet");
        Emulator emulator = EmulatorLaunch.startTcp(quiet, n, 1, 1, Optional.empty());
        boolean emulatorOpen = true;
        try {
            warmUp(emulator, n);
            long heapBefore = stableLiveHeapBytes();
            int threadsBefore = threads();
            try (Gateway gateway = gatewayWithLinks("fig-links", emulator, n)) {
                awaitAllUp(gateway);
                await().atMost(TIMEOUT).pollInSameThread().until(() -> gateway.mqtt().connected());
                long heapUp = stableLiveHeapBytes();
                int threadsUp = threads();

                // every programmer goes away: each link retries on its own backoff timer
                emulator.close();
                emulatorOpen = false;
                await("all links reconnecting").atMost(TIMEOUT).pollInSameThread().until(() -> gateway.links().stream()
                        .map(LinkSupervisor::snapshot).allMatch(s -> s.state() == LinkState.CONNECTING
                                && s.reason().contains("retrying")));
                int threadsRetrying = threads();

                double heapPerLink = (heapUp - heapBefore) / (double) n;
                double threadsPerLinkUp = (threadsUp - threadsBefore) / (double) n;
                double threadsPerLinkRetrying = (threadsRetrying - threadsBefore) / (double) n;
                System.out.printf("[figures] memory, %d TCP links UP to %d emulated programmers in the same JVM: heap"
                                + " (live objects) +%.1f KiB per link (%.2f MiB in all, the gateway's fixed part and the"
                                + " emulator's side of each connection included); threads %d -> %d with all links UP"
                                + " (%.2f per link, fixed part included), %d with all links reconnecting (%.2f per"
                                + " link)%n", n, n, heapPerLink / 1024, (heapUp - heapBefore) / 1048576.0,
                        threadsBefore, threadsUp, threadsPerLinkUp, threadsRetrying, threadsPerLinkRetrying);
                assertThat(heapPerLink).as("heap bytes per link").isLessThan(1024 * 1024);
                assertThat(threadsPerLinkUp).as("threads per link, links UP").isLessThan(0.5);
                // reconnect timers are shared: a thread per retrying link would show as about 1 here
                assertThat(threadsPerLinkRetrying).as("threads per link, links reconnecting").isLessThan(0.5);
            }
        } finally {
            if (emulatorOpen) {
                emulator.close();
            }
        }
    }

    /**
     * The same links once, so that classes and code paths are loaded before measuring; then waits for its threads
     * to end, since what they still reference would count as live. A method of its own, so that no local
     * variable of the measuring method keeps the closed gateway reachable.
     */
    private static void warmUp(Emulator emulator, int links) throws Exception {
        int threadsIdle = threads();
        try (Gateway warmUp = gatewayWithLinks("fig-warm", emulator, links)) {
            awaitAllUp(warmUp);
        }
        // polled on this thread: Awaitility's own poll thread would count
        await("the warm-up gateway's threads gone").atMost(TIMEOUT).pollInSameThread()
                .until(() -> threads() <= threadsIdle);
    }

    private static Gateway gatewayWithLinks(String gatewayId, Emulator emulator, int links) throws Exception {
        E2e.Config config = new E2e.Config(gatewayId, broker.uri(), dir.resolve(gatewayId));
        for (int i = 0; i < links; i++) {
            config.link("prg-" + i, "tcp:127.0.0.1:" + emulator.ports().get(i));
        }
        return new Gateway(config.build(), "e2e").start();
    }

    private static void awaitAllUp(Gateway gateway) {
        await("all links UP").atMost(TIMEOUT).pollInSameThread().until(() -> gateway.links().stream()
                .map(LinkSupervisor::snapshot).allMatch(s -> s.state() == LinkState.UP));
    }

    /** {@code count} MOTOR_STALL RAISED of one pump, alarm ids 1.., so each one is a new frame to store. */
    private static FrameSource alarms(String pumpSerial, int count) {
        int[] sent = {0};
        return () -> sent[0] < count ? alarm(pumpSerial, sent[0]++) : null;
    }

    private static Alarm alarm(String pumpSerial, long i) {
        return new Alarm(1_767_225_600_000L + i, pumpSerial, i + 1, 0x0003, 3, 1, 0);
    }

    /** Send-to-ACK times of reliable frames, in nanoseconds. */
    private static final class AckTimes implements LoadListener {
        private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void acknowledged(Packet packet, long writtenNanos, long latencyNanos) {
            nanos.add(latencyNanos);
        }

        void clear() {
            nanos.clear();
        }

        long[] nanos() {
            synchronized (nanos) {
                return nanos.stream().mapToLong(Long::longValue).toArray();
            }
        }
    }

    private static boolean isFrame(Probe.Msg m) {
        return m.topic().endsWith("/reservoir") || m.topic().endsWith("/flow") || m.topic().endsWith("/alarm");
    }

    private static long published(Probe counter) {
        return counter.count(GatewayFiguresTest::isFrame);
    }

    private static long percentile(long[] sorted, int pct) {
        int rank = (int) Math.ceil(pct / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /**
     * Live heap once it has held still for a second: a closed gateway's leftovers (closed channels, finished
     * threads' references) take a moment after its close to become garbage, and must not count.
     */
    private static long stableLiveHeapBytes() throws Exception {
        List<Long> readings = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            readings.add(liveHeapBytes());
            int n = readings.size();
            if (n >= 5) {
                List<Long> last = readings.subList(n - 5, n);
                long spread = last.stream().mapToLong(Long::longValue).max().orElseThrow()
                        - last.stream().mapToLong(Long::longValue).min().orElseThrow();
                if (spread < 16 * 1024) {
                    return last.get(4);
                }
            }
            Thread.sleep(200); // measurement pacing, not synchronisation
        }
        throw new IllegalStateException("live heap never held still: " + readings);
    }

    /**
     * Bytes of all live objects: the JVM's class histogram (jcmd GC.class_histogram, through its platform MBean),
     * which runs a full collection first and counts exactly what survives it.
     */
    private static long liveHeapBytes() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        String total = histogram.lines().filter(line -> line.strip().startsWith("Total")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Total line in the class histogram"));
        String[] fields = total.trim().split("\\s+");
        return Long.parseLong(fields[fields.length - 1]);
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
