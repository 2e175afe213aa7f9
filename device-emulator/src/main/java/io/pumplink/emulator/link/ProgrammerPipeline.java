package io.pumplink.emulator.link;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import io.pumplink.protocol.capture.CaptureWriter;
import io.pumplink.protocol.frame.FrameDecoder;
import io.pumplink.protocol.frame.FrameEncoder;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.message.MessageDecoder;
import io.pumplink.protocol.message.MessageEncoder;
import io.pumplink.protocol.message.MessageStats;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The emulated programmer's pipeline, the same on every transport. From the wire up: capture (what really
 * crossed the link), byte faults, framing, message codecs, frame duplication, heartbeat/silence timing, and
 * the programmer.
 */
public final class ProgrammerPipeline extends ChannelInitializer<Channel> {
    /** ICD section 3: a side that received nothing for 3 intervals declares the link lost. */
    static final int SILENT_INTERVALS = 3;

    private final EventExecutor programmerExecutor;
    private final ProgrammerLink link;
    private final LinkFaults faults;
    private final int heartbeatIntervalMs;
    private final Optional<CaptureWriter> capture;
    private final FrameStats frameStats;
    private final MessageStats messageStats;

    public ProgrammerPipeline(EventExecutor programmerExecutor, ProgrammerLink link, LinkFaults faults,
                              int heartbeatIntervalMs, Optional<CaptureWriter> capture, FrameStats frameStats,
                              MessageStats messageStats) {
        this.programmerExecutor = programmerExecutor;
        this.link = link;
        this.faults = faults;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.capture = capture;
        this.frameStats = frameStats;
        this.messageStats = messageStats;
    }

    @Override
    protected void initChannel(Channel ch) {
        capture.ifPresent(writer -> ch.pipeline().addLast(new CaptureHandler(writer)));
        ch.pipeline().addLast(
                new ByteFaultHandler(faults),
                new FrameDecoder(frameStats),
                new FrameEncoder(),
                new MessageDecoder(messageStats),
                new FrameDuplicator(faults),
                new MessageEncoder(),
                new IdleStateHandler(SILENT_INTERVALS * heartbeatIntervalMs, heartbeatIntervalMs, 0,
                        TimeUnit.MILLISECONDS),
                new ProgrammerChannelHandler(programmerExecutor, link));
    }
}
