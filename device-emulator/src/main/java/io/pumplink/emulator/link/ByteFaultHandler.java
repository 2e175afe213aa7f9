package io.pumplink.emulator.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.TimeUnit;

/**
 * Damages the byte stream in both directions as a noisy serial or Bluetooth link does: bit errors, dropped
 * bytes, garbage bursts on the line, and total silence during an outage. Rates come from {@link LinkFaults}.
 */
final class ByteFaultHandler extends ChannelDuplexHandler {
    private static final long RESCHEDULE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LinkFaults faults;
    private final Damage outbound;
    private final Damage inbound;

    ByteFaultHandler(LinkFaults faults) {
        this.faults = faults;
        this.outbound = new Damage(faults);
        this.inbound = new Damage(faults);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        scheduleBurst(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf damaged = faults.outage() ? drop(bytes) : inbound.apply(bytes, ctx);
        if (damaged.isReadable()) {
            ctx.fireChannelRead(damaged);
        } else {
            damaged.release();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf damaged = faults.outage() ? drop(bytes) : outbound.apply(bytes, ctx);
        ctx.write(damaged, promise);
    }

    private static ByteBuf drop(ByteBuf bytes) {
        bytes.skipBytes(bytes.readableBytes());
        return bytes;
    }

    private void scheduleBurst(ChannelHandlerContext ctx) {
        long delay = Math.min(faults.nanosUntilNextBurst(), RESCHEDULE_CHECK_NANOS);
        boolean burst = delay < RESCHEDULE_CHECK_NANOS;
        ctx.executor().schedule(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (burst && !faults.outage()) {
                ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(
                        faults.garbage(faults.settings().garbageBurstMaxBytes())));
            }
            scheduleBurst(ctx);
        }, delay, TimeUnit.NANOSECONDS);
    }

    /** Bit flips and drops in one direction; keeps its countdown across buffers so rates hold at any size. */
    private static final class Damage {
        private final LinkFaults faults;
        private long bitsUntilFlip = -1;
        private long bytesUntilDrop = -1;

        Damage(LinkFaults faults) {
            this.faults = faults;
        }

        ByteBuf apply(ByteBuf in, ChannelHandlerContext ctx) {
            double ber = faults.settings().bitErrorRate();
            double dropRate = faults.settings().dropByteRate();
            if (ber <= 0 && dropRate <= 0) {
                return in;
            }
            ByteBuf out = ctx.alloc().buffer(in.readableBytes());
            try {
                while (in.isReadable()) {
                    byte b = in.readByte();
                    if (countdownDrop(dropRate)) {
                        continue;
                    }
                    out.writeByte(flipBits(b, ber));
                }
                return out;
            } catch (RuntimeException e) {
                out.release();
                throw e;
            } finally {
                in.release();
            }
        }

        private boolean countdownDrop(double rate) {
            if (bytesUntilDrop < 0) {
                bytesUntilDrop = faults.trialsUntilNext(rate);
            }
            if (bytesUntilDrop == 0) {
                bytesUntilDrop = -1;
                return true;
            }
            bytesUntilDrop--;
            return false;
        }

        private byte flipBits(byte b, double ber) {
            int value = b;
            for (int bit = 0; bit < Byte.SIZE; bit++) {
                if (bitsUntilFlip < 0) {
                    bitsUntilFlip = faults.trialsUntilNext(ber);
                }
                if (bitsUntilFlip == 0) {
                    value ^= 1 << bit;
                    bitsUntilFlip = -1;
                } else {
                    bitsUntilFlip--;
                }
            }
            return (byte) value;
        }
    }
}
