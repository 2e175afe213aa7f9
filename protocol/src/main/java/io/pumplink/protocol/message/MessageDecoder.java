package io.pumplink.protocol.message;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.pumplink.protocol.frame.Frame;
import java.util.List;

/**
 * {@link Frame}s to {@link Inbound}s (a {@link Packet} or a {@link RejectedFrame}), counted. Invalid frames
 * from the frame layer are not this layer's business and pass by untouched.
 */
public final class MessageDecoder extends MessageToMessageDecoder<Frame> {
    private final MessageStats stats;

    public MessageDecoder(MessageStats stats) {
        super(Frame.class);
        this.stats = stats;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        Inbound inbound = MessageCodec.decode(frame);
        stats.count(inbound);
        out.add(inbound);
    }
}
