package io.pumplink.gateway.cli.bench;

import io.pumplink.emulator.load.LoadProgrammer;
import io.pumplink.emulator.load.StatusAlarmMix;
import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.gateway.link.LinkSupervisor;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.transport.LinkConnector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * One {@code pumplink bench} run in this JVM: the baseline, then the real gateway linked over TCP to load
 * programmers, with a subscriber on the alarm topics; warm-up, measured window, drain; then the figures.
 * Progress goes to {@code progress}, the figures to the caller.
 */
public final class BenchRun {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration UP_TIMEOUT = Duration.ofSeconds(60);
    /** How finely the end of the drain is timed: a small error next to a run of seconds. */
    private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long WAIT_POLL_MS = 100;
    private static final String BASELINE_PREFIX = "bench/baseline";
    private static final int STATUS_PUMPS_PER_LINK = 3;
    private static final List<MessageType> LOAD_TYPES = List.of(MessageType.RESERVOIR_STATUS,
            MessageType.FLOW_STATUS, MessageType.BATTERY_STATUS, MessageType.ALARM);

    private final BenchPlan plan;
    private final String version;
    private final PrintStream progress;
    /** Tells this run's alarm pumps from those of earlier runs on the same journal. */
    private final String runTag = Long.toString(System.currentTimeMillis() / 1000 % (36L * 36 * 36 * 36 * 36 * 36),
            36);
    private final LoadRecorder recorder = new LoadRecorder();

    public BenchRun(BenchPlan plan, String version, PrintStream progress) {
        this.plan = plan;
        this.version = version;
        this.progress = progress;
    }

    public BenchReport run() throws Exception {
        Path journalDir = plan.journalDir().orElse(null);
        boolean temporaryJournal = journalDir == null;
        if (temporaryJournal) {
            journalDir = Files.createTempDirectory("pumplink-bench-");
        }
        List<LoadProgrammer> programmers = new ArrayList<>();
        try (HeapSampler heap = new HeapSampler(); LinkConnector connector = new LinkConnector(CONNECT_TIMEOUT)) {
            try {
                for (int i = 0; i < plan.links(); i++) {
                    programmers.add(LoadProgrammer.listen(connector, "BENCH-P%05d".formatted(i), recorder));
                }
                GatewayConfig config = BenchGatewayConfig.of(plan, journalDir,
                        programmers.stream().map(LoadProgrammer::port).toList(), "pumplink-bench-" + runTag);
                progress.printf("bench: baseline, a bare Paho client for %d s ...%n", plan.baseline().toSeconds());
                Baseline.Result baseline = Baseline.run(plan.mqtt(), config.mqtt().maxInFlight(),
                        BaselinePayloads.cycle(BASELINE_PREFIX, plan.alarmEvery(), System.currentTimeMillis()),
                        plan.baseline());
                progress.printf("bench: baseline %.0f publishes/s; starting the gateway with %d link(s) ...%n",
                        baseline.publishPerS(), plan.links());
                try (AlarmSubscriber subscriber = AlarmSubscriber.subscribe(plan.mqtt(), plan.topicPrefix());
                     Gateway gateway = new Gateway(config, version).start()) {
                    awaitUp(gateway, programmers);
                    Measured measured = load(gateway, programmers, subscriber);
                    return report(measured, baseline, subscriber, heap.peakMiB());
                }
            } finally {
                programmers.forEach(LoadProgrammer::close);
            }
        } finally {
            if (temporaryJournal) {
                deleteTree(journalDir);
            }
        }
    }

    /** What the measured phase saw; nanos on {@link System#nanoTime()}'s clock. */
    private record Measured(long frames, double windowSeconds, OptionalLong drainedAtNanos, long measureStartNanos,
                            long loadStoppedNanos, long refused, long droppedStatusFrames,
                            long releasedByTimeout, long timedOutAtNanos) {
    }

    private void awaitUp(Gateway gateway, List<LoadProgrammer> programmers) throws Exception {
        long deadline = System.nanoTime() + UP_TIMEOUT.toNanos();
        for (LoadProgrammer programmer : programmers) {
            programmer.up().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        while (!gateway.mqtt().connected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway did not connect to " + plan.mqtt() + " within "
                        + UP_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }

    private Measured load(Gateway gateway, List<LoadProgrammer> programmers, AlarmSubscriber subscriber)
            throws Exception {
        long appendsBefore = gateway.journal().appends();
        AtomicLong alarmPumps = new AtomicLong();
        Supplier<String> newAlarmPump = () -> "BA%s-%s".formatted(runTag, Long.toString(alarmPumps.incrementAndGet(),
                36));
        progress.printf("bench: %d link(s) up; warm-up %d s, then %d s measured ...%n", programmers.size(),
                plan.warmupSeconds(), plan.seconds());
        long startNanos = System.nanoTime();
        for (int i = 0; i < programmers.size(); i++) {
            programmers.get(i).run(new StatusAlarmMix(statusPumps(i), plan.alarmEvery(), newAlarmPump,
                    System::currentTimeMillis), plan.ratePerS());
        }
        sleepUntil(startNanos + TimeUnit.SECONDS.toNanos(plan.warmupSeconds()));
        long measureStartNanos = System.nanoTime();
        recorder.startMeasuring(measureStartNanos);
        long releasedBefore = released(gateway);
        long writtenBefore = programmers.stream().mapToLong(LoadProgrammer::framesWritten).sum();
        sleepUntil(measureStartNanos + TimeUnit.SECONDS.toNanos(plan.seconds()));
        long written = 0;
        for (CompletableFuture<Long> stopped : programmers.stream().map(LoadProgrammer::stop).toList()) {
            written += stopped.get(UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        long stoppedNanos = System.nanoTime();
        progress.printf("bench: load stopped after %d frames; waiting for the gateway to publish them ...%n", written);
        long deadline = stoppedNanos + plan.drainTimeout().toNanos();
        OptionalLong drainedAt = awaitDrained(gateway, written, deadline);
        long releasedByTimeout = released(gateway) - releasedBefore;
        long timedOutAt = System.nanoTime();
        awaitDelivered(programmers, subscriber, deadline);
        long stored = gateway.journal().appends() - appendsBefore;
        return new Measured(written - writtenBefore, (stoppedNanos - measureStartNanos) / 1e9, drainedAt,
                measureStartNanos, stoppedNanos, programmers.stream().mapToLong(LoadProgrammer::refused).sum(),
                Math.max(0, written - stored), releasedByTimeout, timedOutAt);
    }

    /** Journal entries released so far: stored, published and acknowledged by the broker. */
    private static long released(Gateway gateway) {
        return gateway.journal().appends() - gateway.journal().depth();
    }

    private List<String> statusPumps(int link) {
        return IntStream.range(0, STATUS_PUMPS_PER_LINK).mapToObj(p -> "BS%05d-%d".formatted(link, p)).toList();
    }

    /**
     * Waits until the gateway decoded every frame written and its journal is empty: each was published and the
     * broker acknowledged it. Seen twice in a row, since a frame is decoded a moment before it is appended.
     */
    private static OptionalLong awaitDrained(Gateway gateway, long written, long deadlineNanos)
            throws InterruptedException {
        boolean seenOnce = false;
        while (System.nanoTime() < deadlineNanos) {
            long now = System.nanoTime();
            boolean drained = received(gateway) >= written && gateway.journal().depth() == 0;
            if (drained && seenOnce) {
                return OptionalLong.of(now);
            }
            seenOnce = drained;
            TimeUnit.NANOSECONDS.sleep(DRAIN_POLL_NANOS);
        }
        return OptionalLong.empty();
    }

    private static long received(Gateway gateway) {
        long frames = 0;
        for (LinkSupervisor link : gateway.links()) {
            MessageStats stats = link.messageStats();
            frames += LOAD_TYPES.stream().mapToLong(stats::decoded).sum();
        }
        return frames;
    }

    /** Waits until every reliable frame was answered and every ACKed alarm reached the subscriber. */
    private void awaitDelivered(List<LoadProgrammer> programmers, AlarmSubscriber subscriber, long deadlineNanos)
            throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            if (programmers.stream().allMatch(p -> p.unacknowledged() == 0)
                    && recorder.acknowledgedNotArrived(subscriber::arrivalNanos) == 0) {
                return;
            }
            Thread.sleep(WAIT_POLL_MS);
        }
    }

    private BenchReport report(Measured measured, Baseline.Result baseline, AlarmSubscriber subscriber,
                               double heapPeakMiB) {
        LoadRecorder.AlarmFigures alarms = recorder.alarmFigures(subscriber::arrivalNanos);
        Histogram steadyAcks = recorder.steadyAckNanos();
        Histogram coldAcks = recorder.coldAckNanos();
        long processed = measured.frames() - Math.min(measured.frames(), measured.droppedStatusFrames());
        // not drained in time: what the gateway did publish meanwhile, a backlog-bound figure
        double framesPerS = measured.drainedAtNanos().isPresent()
                ? processed / ((measured.drainedAtNanos().getAsLong() - measured.measureStartNanos()) / 1e9)
                : measured.releasedByTimeout() / ((measured.timedOutAtNanos() - measured.measureStartNanos()) / 1e9);
        double offeredPerS = plan.ratePerS() > 0 ? plan.links() * plan.ratePerS()
                : measured.frames() / measured.windowSeconds();
        double drainSeconds = (measured.drainedAtNanos().orElse(System.nanoTime()) - measured.loadStoppedNanos())
                / 1e9;
        if (subscriber.lostReason() != null) {
            progress.printf("bench: the subscriber lost its connection: %s%n", subscriber.lostReason());
        }
        return new BenchReport(plan.links(), plan.ratePerS(), plan.alarmEvery(), plan.seconds(),
                plan.warmupSeconds(), measured.frames(), framesPerS, offeredPerS, baseline.publishPerS(),
                baseline.window(), drainSeconds, alarms.steadyAlarms(),
                BenchReport.percentileMs(alarms.steadyNanos(), 50), BenchReport.percentileMs(alarms.steadyNanos(), 99),
                BenchReport.maxMs(alarms.steadyNanos()), BenchReport.percentileMs(steadyAcks, 50),
                BenchReport.percentileMs(steadyAcks, 99), BenchReport.percentileMs(alarms.coldNanos(), 99),
                BenchReport.percentileMs(coldAcks, 99), heapPeakMiB, alarms.acknowledgedNotArrived(),
                measured.refused(), measured.droppedStatusFrames(), measured.drainedAtNanos().isPresent());
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            progress.printf("bench: could not delete the temporary journal %s: %s%n", root, e);
        }
    }
}
