package io.pumplink.emulator.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.pumplink.protocol.link.LinkIdle;
import io.pumplink.protocol.message.Inbound;

/**
 * Binds one channel to a {@link ProgrammerLink}, which outlives it: every event hops to the programmer's own
 * executor, so the link's state is touched by one thread whatever transport carries it.
 */
final class ProgrammerChannelHandler extends ChannelInboundHandlerAdapter {
    private final EventExecutor programmerExecutor;
    private final ProgrammerLink link;

    ProgrammerChannelHandler(EventExecutor programmerExecutor, ProgrammerLink link) {
        this.programmerExecutor = programmerExecutor;
        this.link = link;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        programmerExecutor.execute(() -> link.attach(ctx.channel()));
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        programmerExecutor.execute(() -> link.detach(ctx.channel()));
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Inbound inbound) {
            programmerExecutor.execute(() -> link.onInbound(inbound));
        } else {
            ReferenceCountUtil.release(msg); // invalid frames: counted by the frame layer, nothing to answer
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == LinkIdle.HEARTBEAT_DUE) {
            programmerExecutor.execute(link::heartbeatDue);
        } else if (evt == LinkIdle.PEER_SILENT) {
            programmerExecutor.execute(link::peerSilent);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // I/O failure: the port vanished or the peer reset; the programmer waits for the next link
    }
}
