package io.pumplink.emulator.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.pumplink.protocol.capture.CaptureWriter;
import io.pumplink.protocol.capture.Direction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;

/** Records the bytes of both directions, as they crossed the wire, to a capture file (--record). */
final class CaptureHandler extends ChannelDuplexHandler {
    private final CaptureWriter writer;
    private final Clock clock = Clock.systemUTC();

    CaptureHandler(CaptureWriter writer) {
        this.writer = writer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            record(Direction.GATEWAY_TO_PROGRAMMER, bytes);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            record(Direction.PROGRAMMER_TO_GATEWAY, bytes);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("capture file write failed", e);
        }
        ctx.flush();
    }

    private void record(Direction direction, ByteBuf bytes) {
        byte[] copy = ByteBufUtil.getBytes(bytes);
        Instant now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        try {
            writer.write(micros, direction, copy, 0, copy.length);
        } catch (IOException e) {
            throw new UncheckedIOException("capture file write failed", e);
        }
    }
}
