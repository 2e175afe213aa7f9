package io.pumplink.protocol.link;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fires {@link LinkIdle} events: {@code HEARTBEAT_DUE} when nothing was written for one interval, {@code
 * PEER_SILENT} when nothing was read for {@link PtlPipeline#SILENT_INTERVALS}. Time is the channel executor's
 * ticker, so a test drives it. Runs on the channel's event loop.
 */
final class HeartbeatTimer extends ChannelDuplexHandler {
    private final Quiet writes;
    private final Quiet reads;
    private ChannelHandlerContext ctx;

    HeartbeatTimer(long intervalMs) {
        this.writes = new Quiet(TimeUnit.MILLISECONDS.toNanos(intervalMs), LinkIdle.HEARTBEAT_DUE);
        this.reads = new Quiet(TimeUnit.MILLISECONDS.toNanos(PtlPipeline.SILENT_INTERVALS * intervalMs),
                LinkIdle.PEER_SILENT);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(); // added to a live link: a HELLO changed the interval
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reads.activity();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        writes.activity();
        ctx.write(msg, promise);
    }

    private void start() {
        writes.start();
        reads.start();
    }

    private void stop() {
        writes.stop();
        reads.stop();
    }

    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    /** One direction: when it last saw traffic, and the check due when it would have been quiet long enough. */
    private final class Quiet implements Runnable {
        private final long idleNanos;
        private final LinkIdle event;
        private long lastNanos;
        private ScheduledFuture<?> check;

        Quiet(long idleNanos, LinkIdle event) {
            this.idleNanos = idleNanos;
            this.event = event;
        }

        void start() {
            if (check == null && idleNanos > 0) {
                lastNanos = now();
                schedule(idleNanos);
            }
        }

        void stop() {
            if (check != null) {
                check.cancel(false);
                check = null;
            }
        }

        void activity() {
            lastNanos = now();
        }

        @Override
        public void run() {
            if (check == null || !ctx.channel().isOpen()) {
                return;
            }
            long leftNanos = idleNanos - (now() - lastNanos);
            if (leftNanos > 0) {
                schedule(leftNanos);
                return;
            }
            schedule(idleNanos);
            ctx.fireUserEventTriggered(event);
        }

        private void schedule(long delayNanos) {
            check = ctx.executor().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
        }
    }
}
