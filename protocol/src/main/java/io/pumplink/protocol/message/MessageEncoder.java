package io.pumplink.protocol.message;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** {@link Packet}s to frames; the frame encoder below turns them into bytes. */
@ChannelHandler.Sharable
public final class MessageEncoder extends MessageToMessageEncoder<Packet> {
    public MessageEncoder() {
        super(Packet.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Packet packet, List<Object> out) {
        out.add(MessageCodec.encode(packet));
    }
}
