package io.pumplink.emulator.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.pumplink.protocol.frame.Frame;

/** Sends some frames twice, as a link with echo or a confused retransmitter does: the gateway must de-duplicate. */
final class FrameDuplicator extends ChannelOutboundHandlerAdapter {
    private final LinkFaults faults;

    FrameDuplicator(LinkFaults faults) {
        this.faults = faults;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Frame frame && faults.takeDuplicate()) {
            ctx.write(frame, ctx.voidPromise());
        }
        ctx.write(msg, promise);
    }
}
