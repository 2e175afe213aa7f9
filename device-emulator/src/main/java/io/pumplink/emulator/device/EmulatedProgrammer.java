package io.pumplink.emulator.device;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.pumplink.emulator.link.LinkFaults;
import io.pumplink.protocol.link.Outbox;
import io.pumplink.emulator.link.ProgrammerLink;
import io.pumplink.emulator.link.ProgrammerPipeline;
import io.pumplink.emulator.scenario.ProgrammerSpec;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioEvent;
import io.pumplink.protocol.capture.CaptureWriter;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.message.CommandOutcome;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.RequestInterrogation;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One emulated programmer: its link to the gateway (outliving any one connection), the pumps around it, and
 * a scenario's timeline. Runs on one executor thread; pump physics run in simulated time, the link in real time.
 */
public final class EmulatedProgrammer {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatedProgrammer.class);
    /** How often simulated time is caught up; events still carry their exact simulated times. */
    static final long TICK_MS = 20;

    private final String serial;
    private final EventExecutor executor;
    private final SimClock clock;
    private final Scenario scenario;
    private final ProgrammerLink link;
    private final LinkFaults faults;
    private final Telemetry telemetry;
    private final Deque<ScenarioEvent> pending;
    private final Optional<CaptureWriter> capture;
    private final boolean closeLinkOnOutage;
    private final FrameStats frameStats = new FrameStats();
    private final MessageStats messageStats = new MessageStats();
    private volatile boolean inOutage;
    private long nextStatusMs;
    private ScheduledFuture<?> ticker;

    /**
     * @param index             0 for the first programmer of a process; makes serials and seeds distinct
     * @param closeLinkOnOutage a TCP link is closed during an outage; a serial port stays open but silent
     */
    public EmulatedProgrammer(Scenario scenario, int index, long seed, double speed, EventExecutor executor,
                              Optional<CaptureWriter> capture, boolean closeLinkOnOutage) {
        ProgrammerSpec spec = scenario.programmer();
        this.serial = Serials.indexed(spec.serial(), index);
        this.executor = executor;
        this.scenario = scenario;
        this.capture = capture;
        this.closeLinkOnOutage = closeLinkOnOutage;
        long startMs = scenario.start().toEpochMilli();
        this.clock = new SimClock(startMs, speed, System::nanoTime);
        Random random = new Random(seed + index);
        this.faults = new LinkFaults(scenario.faults(), random.nextLong());
        Hello hello = new Hello(1, serial, spec.firmware().major(), spec.firmware().minor(), spec.firmware().patch(),
                Hello.CAP_INTERROGATION | Hello.CAP_EVENT_LOG
                        | (spec.statusStreaming().enabled() ? Hello.CAP_STATUS_STREAMING : 0)
                        | (spec.protocolRevision().sendsTherapySummary() ? Hello.CAP_THERAPY_SUMMARY : 0),
                spec.heartbeatIntervalMs());
        this.link = new ProgrammerLink(hello, new Outbox(Outbox.ICD_WINDOW, Outbox.ICD_RETRANSMIT_NANOS),
                random.nextInt(0x10000), System::nanoTime, this::onRequest);
        this.telemetry = new Telemetry(scenario, index, startMs, random, link::send, clock);
        this.pending = new ArrayDeque<>(scenario.events());
        this.nextStatusMs = startMs;
    }

    public void start() {
        executor.execute(() -> ticker = executor.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS));
    }

    public void stop() {
        executor.execute(() -> {
            if (ticker != null) {
                ticker.cancel(false);
            }
            link.channel().ifPresent(Channel::close);
        });
    }

    /** The pipeline for a new link (an accepted TCP connection or an opened serial port). */
    public ChannelInitializer<Channel> linkInitializer() {
        ProgrammerPipeline pipeline = new ProgrammerPipeline(executor, link, faults,
                scenario.programmer().heartbeatIntervalMs(), capture, frameStats, messageStats);
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (inOutage) {
                    ch.close(); // out of range: the gateway's reconnect attempts fail until the outage ends
                    return;
                }
                executor.execute(() -> link.channel().filter(old -> old != ch).ifPresent(Channel::close));
                ch.pipeline().addLast(pipeline);
            }
        };
    }

    private void tick() {
        try {
            advance();
        } catch (RuntimeException e) {
            // a failing step must not stop the programmer's clock: log it and carry on with the next tick
            LOG.error("programmer {}: tick failed", serial, e);
        }
    }

    private void advance() {
        long now = clock.nowMs();
        while (!pending.isEmpty() && eventTimeMs(pending.peekFirst()) <= now) {
            ScenarioEvent event = pending.pollFirst();
            telemetry.advanceTo(eventTimeMs(event));
            apply(event);
        }
        telemetry.advanceTo(now);
        streamStatus(now);
        link.tick();
    }

    private long eventTimeMs(ScenarioEvent event) {
        return scenario.start().toEpochMilli() + event.at().toMillis();
    }

    private void streamStatus(long now) {
        var streaming = scenario.programmer().statusStreaming();
        if (!streaming.enabled() || now < nextStatusMs || link.state() != ProgrammerLink.State.UP) {
            return;
        }
        telemetry.sendStatus();
        long intervalMs = Math.max(1, streaming.interval().toMillis());
        nextStatusMs = Math.max(nextStatusMs + intervalMs, now); // after a pause, no burst of stale rounds
    }

    private void apply(ScenarioEvent event) {
        if (event instanceof ScenarioEvent.PumpAction action) {
            telemetry.apply(action);
        } else if (event instanceof ScenarioEvent.LinkDrop drop) {
            startOutage(drop.realDuration());
        } else if (event instanceof ScenarioEvent.Interrogate) {
            telemetry.interrogate();
        } else if (event instanceof ScenarioEvent.AbortNextSession abort) {
            telemetry.abortNextSessionAfter(abort.afterEntries());
        } else if (event instanceof ScenarioEvent.FaultChange change) {
            faults.settings(faults.settings().merge(change.overrides()));
        } else if (event instanceof ScenarioEvent.GarbageBurst burst) {
            link.channel().ifPresent(ch -> ch.writeAndFlush(Unpooled.wrappedBuffer(faults.garbageOf(burst.bytes()))));
        } else if (event instanceof ScenarioEvent.DuplicateNextFrames duplicates) {
            faults.duplicateNext(duplicates.count());
        } else if (event instanceof ScenarioEvent.ProgrammerBattery battery) {
            telemetry.programmerBattery(battery.batteryPct());
        }
    }

    /** Out of range: nothing crosses the link until {@code realDuration} has passed, then HELLO again. */
    private void startOutage(Duration realDuration) {
        LOG.info("programmer {}: link outage for {}", serial, realDuration);
        inOutage = true;
        faults.outage(true);
        if (closeLinkOnOutage) {
            link.channel().ifPresent(Channel::close);
        }
        executor.schedule(() -> {
            inOutage = false;
            faults.outage(false);
            link.channel().ifPresent(link::attach); // a serial port stayed open: back in range, say HELLO
        }, realDuration.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void onRequest(Message request) {
        boolean interrogation = request instanceof RequestInterrogation;
        long requestId = interrogation ? ((RequestInterrogation) request).requestId()
                : ((io.pumplink.protocol.message.RequestStatus) request).requestId();
        boolean reachable = telemetry.pumpReachable();
        link.send(new CommandResult(requestId,
                (reachable ? CommandOutcome.OK : CommandOutcome.NO_PUMP_IN_RANGE).code()));
        if (interrogation && reachable) {
            telemetry.interrogate();
        } else {
            telemetry.sendStatus();
        }
    }

    public String serial() {
        return serial;
    }

    public ProgrammerLink link() {
        return link;
    }

    public FrameStats frameStats() {
        return frameStats;
    }

    public MessageStats messageStats() {
        return messageStats;
    }

    public EventExecutor executor() {
        return executor;
    }

    /** Runs on the programmer's thread, e.g. to inspect state from a test. */
    public void execute(Runnable task) {
        executor.execute(task);
    }
}
