package io.pumplink.protocol.link;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.pumplink.protocol.frame.FrameDecoder;
import io.pumplink.protocol.frame.FrameEncoder;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.message.MessageDecoder;
import io.pumplink.protocol.message.MessageEncoder;
import io.pumplink.protocol.message.MessageStats;
import java.util.concurrent.TimeUnit;

/**
 * The PTL codec stack, built the same way at both ends of every link: framing (ICD section 2), messages
 * (section 4) and heartbeat timing (section 3). Handlers that see raw bytes (capture, byte faults) go into the
 * pipeline before {@link #install}; the side's protocol handler after it, where it receives {@code Inbound}s
 * and {@code InvalidFrame}s, writes {@code Packet}s, and gets a {@link LinkIdle} user event when a heartbeat is
 * due or the peer has been silent for {@link #SILENT_INTERVALS} intervals.
 */
public final class PtlPipeline {
    public static final String FRAME_DECODER = "ptl-frame-decoder";
    public static final String FRAME_ENCODER = "ptl-frame-encoder";
    public static final String MESSAGE_DECODER = "ptl-message-decoder";
    public static final String MESSAGE_ENCODER = "ptl-message-encoder";
    /** The heartbeat timer; {@link #retime} replaces it when a HELLO sets the interval. */
    public static final String HEARTBEAT = "ptl-heartbeat";
    /** ICD section 3: heartbeat interval until a HELLO gives one. */
    public static final int DEFAULT_HEARTBEAT_MS = 1000;
    /** ICD section 3: silence for this many intervals means the link is lost. */
    public static final int SILENT_INTERVALS = 3;

    private PtlPipeline() {
    }

    /** Adds the codecs and the heartbeat timer at the end of {@code pipeline}; returns it for the handler. */
    public static ChannelPipeline install(ChannelPipeline pipeline, FrameStats frameStats, MessageStats messageStats,
                                          int heartbeatIntervalMs) {
        return pipeline
                .addLast(FRAME_DECODER, new FrameDecoder(frameStats))
                .addLast(FRAME_ENCODER, new FrameEncoder())
                .addLast(MESSAGE_DECODER, new MessageDecoder(messageStats))
                .addLast(MESSAGE_ENCODER, new MessageEncoder())
                .addLast(HEARTBEAT, heartbeat(heartbeatIntervalMs));
    }

    /** A HELLO set the heartbeat interval: the timer restarts with it. */
    public static void retime(ChannelPipeline pipeline, int heartbeatIntervalMs) {
        pipeline.replace(HEARTBEAT, HEARTBEAT, heartbeat(heartbeatIntervalMs));
    }

    /** The heartbeat timer alone, firing {@link LinkIdle} events: for a handler tested without the codecs. */
    public static ChannelHandler heartbeat(int heartbeatIntervalMs) {
        return new Heartbeat(heartbeatIntervalMs);
    }

    /**
     * Netty's idle detection as the ICD's two events: nothing written for one interval, nothing read for three.
     * Its time is the channel executor's ticker, so a test drives it.
     */
    private static final class Heartbeat extends IdleStateHandler {
        Heartbeat(int intervalMs) {
            super((long) SILENT_INTERVALS * intervalMs, intervalMs, 0, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
            ctx.fireUserEventTriggered(evt.state() == IdleState.WRITER_IDLE ? LinkIdle.HEARTBEAT_DUE
                    : LinkIdle.PEER_SILENT);
        }
    }
}
