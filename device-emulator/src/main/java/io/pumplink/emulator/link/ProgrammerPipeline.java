package io.pumplink.emulator.link;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.util.concurrent.EventExecutor;
import io.pumplink.protocol.capture.CaptureWriter;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.link.PtlPipeline;
import io.pumplink.protocol.message.MessageStats;
import java.util.Optional;

/**
 * The emulated programmer's pipeline, the same on every transport. From the wire up: capture (what really
 * crossed the link), byte faults, the {@link PtlPipeline} codec stack with frame duplication inside it, and
 * the programmer.
 */
public final class ProgrammerPipeline extends ChannelInitializer<Channel> {
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
        ch.pipeline().addLast(new ByteFaultHandler(faults));
        PtlPipeline.install(ch.pipeline(), frameStats, messageStats, heartbeatIntervalMs)
                .addLast(new ProgrammerChannelHandler(programmerExecutor, link))
                // duplicates whole frames: between the message encoder and the frame encoder
                .addBefore(PtlPipeline.MESSAGE_ENCODER, "frame-duplicator", new FrameDuplicator(faults));
    }
}
