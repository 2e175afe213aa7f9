package io.pumplink.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Test handler keeping a copy of every byte a channel receives (each buffer released), and its fate. */
final class ByteCollector extends SimpleChannelInboundHandler<ByteBuf> {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile boolean inactive;
    private volatile Throwable failure;

    static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    /** Writes {@code data} from the calling thread in {@code chunk}-sized buffers; the future is the last one's. */
    static ChannelFuture send(Channel channel, byte[] data, int chunk) {
        ChannelFuture last = null;
        for (int off = 0; off < data.length; off += chunk) {
            ByteBuf buf = Unpooled.wrappedBuffer(data, off, Math.min(chunk, data.length - off));
            last = off + chunk >= data.length ? channel.writeAndFlush(buf) : channel.write(buf);
        }
        return last;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
        byte[] copy = new byte[msg.readableBytes()];
        msg.readBytes(copy);
        synchronized (received) {
            received.writeBytes(copy);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inactive = true;
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failure = cause; // a lost port reports its IOException here before closing
        ctx.close();
    }

    int size() {
        synchronized (received) {
            return received.size();
        }
    }

    boolean inactive() {
        return inactive;
    }

    Throwable failure() {
        return failure;
    }

    /** Asserts the exact bytes arrived, in order, naming the first difference rather than dumping arrays. */
    void assertReceived(byte[] expected) {
        byte[] actual;
        synchronized (received) {
            actual = received.toByteArray();
        }
        assertThat(actual.length).as("bytes received").isEqualTo(expected.length);
        assertThat(Arrays.mismatch(actual, expected)).as("index of first corrupted or reordered byte").isEqualTo(-1);
    }
}
