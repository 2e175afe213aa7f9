package io.pumplink.emulator.bench;

import static io.pumplink.emulator.bench.BenchSupport.intProperty;
import static io.pumplink.emulator.bench.BenchSupport.mib;
import static io.pumplink.emulator.bench.BenchSupport.onProgrammer;
import static io.pumplink.emulator.bench.BenchSupport.scenario;
import static io.pumplink.emulator.bench.BenchSupport.threadCount;
import static io.pumplink.emulator.bench.BenchSupport.usedHeapAfterGc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.ResourceLeakDetector;
import io.pumplink.emulator.Emulator;
import io.pumplink.emulator.EmulatorLaunch;
import io.pumplink.emulator.bench.BenchGateway.Peer;
import io.pumplink.emulator.device.EmulatedProgrammer;
import io.pumplink.emulator.link.ProgrammerLink;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.ReservoirStatus;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How fast one emulated programmer can talk over TCP, and how many programmers one emulator process runs.
 * Answers the issue "report the frame rate one emulated programmer can sustain over TCP and the number of
 * programmers one process runs"; runs in CI (about 30 s on 2 cores) with loose floors so a regression fails.
 *
 * <ul>
 *   <li>one programmer streaming status as fast as a scenario allows: capped by the emulator's 20 ms tick
 *       (one status round of 4 frames per tick, 200 frames/s);</li>
 *   <li>the link's own ceiling, messages handed to {@code programmer.link().send} in batches on the programmer's
 *       thread: unreliable status frames, and reliable ALARMs that the peer ACKs (at most 8 in flight);</li>
 *   <li>N programmers in one process (default 200), each on its own port with its own gateway peer, streaming a
 *       status round a second: all UP, no link lost, no peer silent for 2 s; heap per programmer and threads.</li>
 * </ul>
 *
 * <p>Run it alone and read the figures (surefire sends test output to a file):
 * <pre>
 * mvn -B -q -o -pl device-emulator -am verify -Dfuzz.skip=true \
 *     -Dtest='io/pumplink/emulator/bench/**' -Dsurefire.failIfNoSpecifiedTests=false
 * grep '^BENCH' device-emulator/target/surefire-reports/io.pumplink.emulator.bench.EmulatorScaleTest-output.txt
 * </pre>
 * A bigger run of the process test: add {@code -Demulator.bench.programmers=1000} (default 200), and
 * {@code -Demulator.bench.seconds=30} to stream longer (default 10); only that test:
 * {@code -Dtest='io/pumplink/emulator/bench/EmulatorScaleTest#oneProcess*'}. Surefire passes Maven's system
 * properties on to the test JVM.
 *
 * <p>Every figure comes from a real TCP link on 127.0.0.1 and a gateway peer that decodes every frame with the
 * protocol module's codecs ({@link BenchGateway}). Caveats: the test JVM runs with Netty's PARANOID leak
 * detection (the build's setting, checked by the protocol module's LeakCheckExtension), which records every
 * buffer access and costs the link ceilings an order of magnitude; the emulator and the peers share the same
 * cores; the figures move with machine load.
 */
@Tag("figures") // timing floors: run on demand (mvn -Pfigures verify), not in the default test run
class EmulatorScaleTest {
    /** Programmers of the process test: {@code -Demulator.bench.programmers=1000} for a bigger manual run. */
    static final String PROGRAMMERS_PROPERTY = "emulator.bench.programmers";
    /** Seconds the process test streams once every programmer is up. */
    static final String SECONDS_PROPERTY = "emulator.bench.seconds";
    private static final int DEFAULT_PROGRAMMERS = 200;
    private static final int DEFAULT_SECONDS = 10;

    private static final int HEARTBEAT_MS = 1_000;
    /** The emulator catches simulated time up every 20 ms and sends at most one status round per catch-up. */
    private static final int TICK_MS = 20;
    /** PROGRAMMER_STATUS, RESERVOIR_STATUS, FLOW_STATUS, BATTERY_STATUS: one round with a pump in range. */
    private static final int FRAMES_PER_ROUND = 4;
    private static final Duration WARM_UP = Duration.ofSeconds(1);
    private static final Duration MEASURE = Duration.ofSeconds(3);
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofSeconds(20);

    /**
     * Loose floors, to catch a collapse, not a wobble: on 2 cores shared with other builds the unreliable ceiling
     * measured 5 600-14 500 frames/s and the reliable one 4 200-8 800. A Nagle or delayed-ACK stall (40 ms per
     * window of 8: 200 frames/s), or a blocking write per frame, falls well below them.
     */
    private static final double STREAMING_FLOOR = 100;
    private static final double UNRELIABLE_FLOOR = 2_000;
    private static final double RELIABLE_FLOOR = 500;

    private static final String PUMP = "NGP-000001";

    @BeforeAll
    static void sayHowItIsMeasured() {
        System.out.println("BENCH netty-leak-detection=" + ResourceLeakDetector.getLevel() + "  (the build's test "
                + "setting; PARANOID records every buffer access, so the link ceilings here are far below those of "
                + "a JVM without it)");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void oneProgrammerStreamingStatusAsFastAsAScenarioAllows() throws Exception {
        // the shortest interval a scenario file accepts (1 s simulated) at 1000x: a round due every real ms
        double speed = 1_000;
        try (Emulator emulator = EmulatorLaunch.startTcp(scenario("bench-streaming", HEARTBEAT_MS, true,
                Duration.ofSeconds(1)), 1, 1, speed, Optional.empty());
             BenchGateway gateway = new BenchGateway(HEARTBEAT_MS)) {
            EmulatedProgrammer programmer = emulator.programmers().get(0);
            Peer peer = gateway.connect(emulator.ports().get(0), CONNECT);
            awaitUp(List.of(programmer));

            Thread.sleep(WARM_UP.toMillis());
            long frames0 = peer.statusFrames();
            long rounds0 = peer.statusRounds();
            long t0 = System.nanoTime();
            Thread.sleep(MEASURE.toMillis());
            double seconds = (System.nanoTime() - t0) / 1e9;
            double framesPerS = (peer.statusFrames() - frames0) / seconds;
            double roundsPerS = (peer.statusRounds() - rounds0) / seconds;

            report("one-programmer-status-streaming-frames-per-s", framesPerS,
                    "status interval 1 s simulated at speed %.0f; %.1f rounds/s of %d frames; cap by the %d ms tick: "
                            + "%d frames/s", speed, roundsPerS, FRAMES_PER_ROUND, TICK_MS,
                    1000 / TICK_MS * FRAMES_PER_ROUND);
            assertThat(framesPerS).as("status frames/s streamed by one programmer").isGreaterThan(STREAMING_FLOOR);
            assertClean(gateway, List.of(peer), List.of(programmer));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void oneProgrammerLinkCeilingForUnreliableStatusFrames() throws Exception {
        try (Emulator emulator = EmulatorLaunch.startTcp(quiet(), 1, 1, 1, Optional.empty());
             BenchGateway gateway = new BenchGateway(HEARTBEAT_MS)) {
            EmulatedProgrammer programmer = emulator.programmers().get(0);
            Peer peer = gateway.connect(emulator.ports().get(0), CONNECT);
            awaitUp(List.of(programmer));
            List<Message> round = statusRound();

            Drive drive = drive(programmer, i -> round.get((int) (i % round.size())), peer::statusFrames, 256, 8_192);

            report("one-programmer-unreliable-frames-per-s", drive.framesPerS(),
                    "status rounds sent through the link from the programmer's thread, %d frames delivered, all "
                            + "checked in order", drive.submitted());
            assertThat(peer.statusFrames()).as("every status frame arrived").isEqualTo(drive.submitted());
            assertThat(drive.framesPerS()).as("unreliable frames/s through one link")
                    .isGreaterThan(UNRELIABLE_FLOOR);
            assertClean(gateway, List.of(peer), List.of(programmer));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void oneProgrammerLinkCeilingForReliableAlarmsAckedInAWindowOfEight() throws Exception {
        try (Emulator emulator = EmulatorLaunch.startTcp(quiet(), 1, 1, 1, Optional.empty());
             BenchGateway gateway = new BenchGateway(HEARTBEAT_MS)) {
            EmulatedProgrammer programmer = emulator.programmers().get(0);
            Peer peer = gateway.connect(emulator.ports().get(0), CONNECT);
            awaitUp(List.of(programmer));
            long alarmsBefore = peer.freshReliable();
            long firstId = 1_000; // the programmer's own alarms (none in this scenario) number from 1

            Drive drive = drive(programmer, i -> new Alarm(System.currentTimeMillis(), PUMP, firstId + i,
                    AlarmCode.CRITICAL_MEMORY_ERROR.code(), AlarmPriority.HIGH.code(),
                    i % 2 == 0 ? AlarmState.RAISED.code() : AlarmState.CLEARED.code(), (int) i),
                    () -> peer.freshReliable() - alarmsBefore, 64, 1_024);
            await("every alarm ACKed").atMost(DRAIN).until(() -> onProgrammer(programmer,
                    () -> programmer.link().outbox().inFlightCount() + programmer.link().outbox().queuedCount()) == 0);

            ProgrammerLink link = programmer.link();
            report("one-programmer-reliable-frames-per-s", drive.framesPerS(),
                    "ALARMs, each ACKed by the peer, at most 8 in flight; %d delivered, %d retransmitted; "
                            + "a window of 8 turns over every %.2f ms", drive.submitted(), link.stats().retransmitted(),
                    8_000.0 / drive.framesPerS());
            assertThat(peer.freshReliable() - alarmsBefore).as("every alarm arrived once").isEqualTo(drive.submitted());
            assertThat(link.stats().acked()).as("every alarm ACKed").isGreaterThanOrEqualTo(drive.submitted());
            assertThat(peer.alarmIdGaps()).as("alarms in order, none missing").isZero();
            assertThat(drive.framesPerS()).as("reliable frames/s through one link").isGreaterThan(RELIABLE_FLOOR);
            assertClean(gateway, List.of(peer), List.of(programmer));
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // the default run takes about 15 s; a manual run may be big
    void oneProcessRunsManyProgrammersEachStreamingToItsOwnGateway() throws Exception {
        int n = intProperty(PROGRAMMERS_PROPERTY, DEFAULT_PROGRAMMERS);
        int seconds = intProperty(SECONDS_PROPERTY, DEFAULT_SECONDS);
        // a status round every real second: the shortest interval a scenario file accepts, at real time
        Scenario scenario = scenario("bench-scale", HEARTBEAT_MS, true, Duration.ofSeconds(1));
        Duration staleAfter = Duration.ofSeconds(2);

        long heapBefore = usedHeapAfterGc();
        int threadsBefore = threadCount();
        long startNanos = System.nanoTime();
        try (Emulator emulator = EmulatorLaunch.startTcp(scenario, n, 7, 1, Optional.empty())) {
            double startS = (System.nanoTime() - startNanos) / 1e9;
            int threadsEmulator = threadCount();
            long heapIdle = usedHeapAfterGc();
            double idleCpu = cpuPercent(Duration.ofSeconds(2)); // every programmer ticks, none has a link yet
            List<EmulatedProgrammer> programmers = emulator.programmers();
            assertThat(emulator.ports()).hasSize(n);

            try (BenchGateway gateway = new BenchGateway(HEARTBEAT_MS)) {
                long connectNanos = System.nanoTime();
                List<Peer> peers = gateway.connectAll(emulator.ports(), CONNECT);
                awaitUp(programmers);
                double upS = (System.nanoTime() - connectNanos) / 1e9;
                assertThat(peers.stream().filter(p -> !p.up()).toList())
                        .as("peers that did not answer their programmer's HELLO").isEmpty();

                Streaming streaming = stream(peers, programmers, Duration.ofSeconds(seconds), staleAfter);
                long heapStreaming = usedHeapAfterGc();
                int threadsAll = threadCount();

                System.out.println("BENCH threads-by-pool " + BenchSupport.threadsByPool());
                report("process-programmers", n, "each on its own TCP port, all UP %.1f s after the peers connected "
                        + "(emulator start %.1f s)", upS, startS);
                report("process-hello-retransmits", peers.stream().mapToLong(Peer::helloRetransmits).sum(),
                        "HELLOs sent again because HELLO_ACK took over 500 ms while %d links came up at once; "
                                + "frames retransmitted in all: %d", n,
                        programmers.stream().mapToLong(p -> p.link().stats().retransmitted()).sum());
                report("process-streaming-seconds", streaming.seconds(), "max status silence seen %.0f ms "
                        + "(limit %d ms)", streaming.maxSilenceMs(), staleAfter.toMillis());
                report("process-status-frames-per-s", streaming.framesPerS(), "all %d programmers together; "
                        + "link losses %d, links closed or restarted %d", n, streaming.linkLosses(),
                        streaming.closedOrRestarted().size());
                report("process-cpu-percent-idle", idleCpu, "CPU of the whole JVM, 100 = one core, while the %d "
                        + "programmers tick (every 20 ms) with no link", n);
                report("process-cpu-percent-streaming", streaming.cpuPercent(), "CPU of the whole JVM, 100 = one "
                        + "core, while they stream and the %d peers decode", n);
                report("process-heap-idle-kib-per-programmer", (heapIdle - heapBefore) / 1024.0 / n,
                        "programmers listening, no link; used heap after GC %s -> %s MiB", mib(heapBefore),
                        mib(heapIdle));
                report("process-heap-streaming-kib-per-programmer", (heapStreaming - heapBefore) / 1024.0 / n,
                        "programmer + its link + the peer's end in the same JVM; used heap after GC %s MiB",
                        mib(heapStreaming));
                report("process-rss-mib", BenchSupport.residentBytes() / (1024.0 * 1024.0),
                        "resident set of the whole test JVM (emulator, peers, Maven's test runner); Netty direct "
                                + "memory in use %s MiB", mib(BenchSupport.nettyDirectMemory()));
                report("process-threads-emulator", threadsEmulator - threadsBefore,
                        "threads the emulator added for %d programmers (%d cores)", n,
                        Runtime.getRuntime().availableProcessors());
                report("process-threads-total", threadsAll, "live threads in the JVM with emulator and peers");

                assertThat(streaming.linkLosses()).as("links the programmers declared lost").isZero();
                assertThat(streaming.closedOrRestarted()).as("links closed or restarted while streaming").isEmpty();
                assertThat(streaming.maxSilenceMs()).as("longest any peer went without a status frame, ms")
                        .isLessThan(staleAfter.toMillis());
                assertThat(streaming.framesPerS()).as("status frames/s from all programmers")
                        .isGreaterThan(0.5 * n * FRAMES_PER_ROUND);
                // threads do not grow with the number of programmers: a pool of 2 per core for the programmers
                // and one of 2 per core for NIO, plus a few of Netty's own
                assertThat(threadsEmulator - threadsBefore).as("threads the emulator added")
                        .isLessThanOrEqualTo(4 * Runtime.getRuntime().availableProcessors() + 8);
                assertClean(gateway, peers, programmers);
            }
        }
    }

    // ---- the two drivers

    private record Drive(long submitted, double framesPerS) {
    }

    /**
     * Sends messages through the programmer's link from its own thread, in batches, as fast as the link delivers
     * them: at most {@code maxAhead} sent and not yet delivered. Measures delivered frames/s after a warm-up,
     * then waits until every frame sent has been delivered.
     */
    private static Drive drive(EmulatedProgrammer programmer, LongFunction<Message> message, LongSupplier delivered,
                               int batch, int maxAhead) {
        long start = System.nanoTime();
        long measureFrom = start + WARM_UP.toNanos();
        long measureUntil = measureFrom + MEASURE.toNanos();
        long submitted = 0;
        long deliveredAtStart = -1;
        long t0 = 0;
        while (true) {
            long now = System.nanoTime();
            if (deliveredAtStart < 0 && now >= measureFrom) {
                deliveredAtStart = delivered.getAsLong();
                t0 = now;
            }
            if (now >= measureUntil) {
                break;
            }
            if (submitted - delivered.getAsLong() <= maxAhead - batch) {
                long first = submitted;
                programmer.execute(() -> {
                    for (long i = first; i < first + batch; i++) {
                        programmer.link().send(message.apply(i));
                    }
                });
                submitted += batch;
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
        double framesPerS = (delivered.getAsLong() - deliveredAtStart) / ((System.nanoTime() - t0) / 1e9);
        long sent = submitted;
        await("every frame sent delivered").atMost(DRAIN).pollInterval(Duration.ofMillis(10))
                .until(() -> delivered.getAsLong() >= sent);
        return new Drive(submitted, framesPerS);
    }

    private record Streaming(double seconds, double framesPerS, double maxSilenceMs, double cpuPercent,
                             long linkLosses, List<Peer> closedOrRestarted) {
    }

    /**
     * Lets every programmer stream for {@code duration}, noting twice a second the longest time any peer went
     * without a status frame, and at the end the links lost, closed or restarted (a new HELLO).
     */
    private static Streaming stream(List<Peer> peers, List<EmulatedProgrammer> programmers, Duration duration,
                                    Duration staleAfter) throws InterruptedException {
        // each programmer's first round goes out at its next tick once UP; give everyone one interval and more
        await("a status frame at every peer").atMost(staleAfter.multipliedBy(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> peers.stream().allMatch(p -> p.statusFrames() > 0));
        long frames0 = peers.stream().mapToLong(Peer::statusFrames).sum();
        long cpu0 = BenchSupport.processCpuNanos();
        long t0 = System.nanoTime();
        long end = t0 + duration.toNanos();
        long maxSilence = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(500);
            long now = System.nanoTime();
            for (Peer peer : peers) {
                maxSilence = Math.max(maxSilence, now - peer.lastStatusNanos());
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuPercent = (BenchSupport.processCpuNanos() - cpu0) / 1e7 / seconds;
        long frames = peers.stream().mapToLong(Peer::statusFrames).sum() - frames0;
        long linkLosses = programmers.stream().mapToLong(p -> p.link().stats().linkLosses()).sum();
        List<Peer> closedOrRestarted = peers.stream().filter(p -> !p.active() || p.hellos() != 1).toList();
        return new Streaming(seconds, frames / seconds, maxSilence / 1e6, cpuPercent, linkLosses, closedOrRestarted);
    }

    // ---- helpers

    /** CPU this JVM used over {@code period}, in percent of one core; -1 when the platform does not tell. */
    private static double cpuPercent(Duration period) throws InterruptedException {
        long cpu0 = BenchSupport.processCpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(period.toMillis());
        return cpu0 < 0 ? -1 : (BenchSupport.processCpuNanos() - cpu0) * 100.0 / (System.nanoTime() - t0);
    }

    /** No status streaming: the link carries only what the benchmark sends, and heartbeats. */
    private static Scenario quiet() {
        return scenario("bench-link", HEARTBEAT_MS, false, Duration.ofSeconds(60));
    }

    /** One status round with a pump in range, as the emulator sends it. */
    private static List<Message> statusRound() {
        long ts = System.currentTimeMillis();
        return List.of(
                new ProgrammerStatus(ts, 100, 1, -62),
                new ReservoirStatus(ts, PUMP, 18_000, 2_000, 1, 2_000, ts - 86_400_000L),
                new FlowStatus(ts, PUMP, 1, 100_000, 0, 2_400, 0, 0),
                new BatteryStatus(ts, PUMP, 3_000, 0, 1_500));
    }

    /**
     * Waits until every programmer's link is UP (HELLO answered), asking all of them at once each round; allows
     * 30 s and 10 ms more per programmer, since a thousand links coming up at once queue their handshakes.
     */
    private static void awaitUp(List<EmulatedProgrammer> programmers) throws InterruptedException {
        Duration timeout = CONNECT.plusMillis(10L * programmers.size());
        long deadline = System.nanoTime() + timeout.toNanos();
        long notUp;
        do {
            notUp = programmersNotUp(programmers);
            if (notUp == 0) {
                return;
            }
            Thread.sleep(programmers.size() > 100 ? 100 : 10);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(notUp + " of " + programmers.size() + " programmers not UP after " + timeout
                + "; link losses " + programmers.stream().mapToLong(p -> p.link().stats().linkLosses()).sum()
                + ", frames retransmitted " + programmers.stream().mapToLong(p -> p.link().stats().retransmitted())
                .sum());
    }

    private static long programmersNotUp(List<EmulatedProgrammer> programmers) {
        List<Future<ProgrammerLink.State>> states = programmers.stream()
                .<Future<ProgrammerLink.State>>map(p -> p.executor().submit(() -> p.link().state())).toList();
        long notUp = 0;
        for (Future<ProgrammerLink.State> state : states) {
            try {
                notUp += state.get(10, TimeUnit.SECONDS) == ProgrammerLink.State.UP ? 0 : 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot read a programmer's link state", e);
            }
        }
        return notUp;
    }

    /** No frame lost, reordered or malformed; no NAK; no link lost, closed or restarted; each link opened once. */
    private static void assertClean(BenchGateway gateway, List<Peer> peers, List<EmulatedProgrammer> programmers) {
        assertThat(gateway.invalidFrames()).as("invalid frames at the peers").isZero();
        assertThat(gateway.rejectedMessages()).as("rejected messages at the peers").isZero();
        assertThat(peers.stream().filter(p -> p.seqGaps() != 0 || p.hellos() != 1 || !p.active() || p.invalid() != 0)
                .toList()).as("peers with a seq gap, a new HELLO, a closed link or a bad frame").isEmpty();
        for (EmulatedProgrammer programmer : programmers) {
            var stats = programmer.link().stats();
            assertThat(stats.linkLosses()).as("link losses of %s", programmer.serial()).isZero();
            assertThat(stats.linksOpened()).as("links opened by %s", programmer.serial()).isEqualTo(1);
            assertThat(stats.rejected()).as("frames %s rejected", programmer.serial()).isZero();
            assertThat(stats.naksReceived()).as("NAKs to %s", programmer.serial()).isZero();
        }
    }

    private static void report(String key, double value, String detail, Object... args) {
        String number = value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
        System.out.println("BENCH " + key + "=" + number + "  (" + String.format(Locale.ROOT, detail, args) + ")");
    }
}
