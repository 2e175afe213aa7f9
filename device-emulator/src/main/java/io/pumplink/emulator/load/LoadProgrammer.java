package io.pumplink.emulator.load;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.ReferenceCountUtil;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.link.LinkIdle;
import io.pumplink.protocol.link.PtlPipeline;
import io.pumplink.protocol.message.Ack;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.HelloAck;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.Nak;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.transport.LinkConnector;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A programmer for load and latency measurements, written against the ICD on the protocol module's
 * {@link PtlPipeline}: it listens on a TCP port of 127.0.0.1 (the gateway's TCP link connects out to it, as to a
 * serial device server), says HELLO, and once {@link #run} is called sends the frames of a {@link FrameSource},
 * either on a fixed schedule or as fast as the link takes them. Reliable frames respect the ICD window of 8
 * unacknowledged frames (section 3.3); the {@link LoadListener} hears of every write, ACK and NAK.
 *
 * <p>It never retransmits, so it suits a healthy loopback link only, and it serves one connection at a time. All
 * state lives on the connection's event loop; the counters are readable from any thread.
 */
public final class LoadProgrammer implements AutoCloseable {
    /** ICD section 3.3: reliable frames unacknowledged at a time. */
    public static final int WINDOW = 8;
    private static final int HEARTBEAT_MS = PtlPipeline.DEFAULT_HEARTBEAT_MS;
    /** A schedule never wakes the event loop more often than this; what fell due meanwhile goes out together. */
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Frames written in one go before the event loop serves its other channels (many links share a loop). */
    private static final int BATCH = 256;
    private static final int FLUSH_EVERY = 64;
    private static final int FIRST_SEQ = 0x4000;

    private final Channel server;
    private final String serial;
    private final LoadListener listener;
    private final CompletableFuture<Channel> up = new CompletableFuture<>();

    // confined to the connection's event loop
    private Channel link;
    private int nextSeq = FIRST_SEQ;
    private final Map<Integer, InFlight> inFlight = new HashMap<>();
    private FrameSource source;
    private double ratePerS;
    private long startNanos;
    private Message held;
    private boolean running;
    private boolean sourceEnded;
    private boolean continuationQueued;
    private ScheduledFuture<?> tick;
    private CompletableFuture<Void> finished;

    // written on the event loop only, read anywhere
    private volatile long framesWritten;
    private volatile int unacknowledged;
    private volatile long refused;

    private record InFlight(Packet packet, long writtenNanos) {
    }

    private LoadProgrammer(LinkConnector connector, String serial, LoadListener listener)
            throws InterruptedException {
        this.serial = serial;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.server = connector.listenTcp("127.0.0.1", 0, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                PtlPipeline.install(ch.pipeline(), new FrameStats(), new MessageStats(), HEARTBEAT_MS)
                        .addLast(new Handler());
            }
        }).sync().channel();
    }

    /**
     * A programmer listening on a free port of 127.0.0.1, on {@code connector}'s event loops (the caller closes
     * the connector after the programmers).
     */
    public static LoadProgrammer listen(LinkConnector connector, String serial, LoadListener listener)
            throws InterruptedException {
        return new LoadProgrammer(connector, serial, listener);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String serial() {
        return serial;
    }

    /** Completes once the gateway answered the HELLO. */
    public CompletableFuture<Channel> up() {
        return up;
    }

    /**
     * Starts sending {@code source}'s frames: {@code ratePerS} a second on a schedule that starts now (frame k is
     * due k / rate seconds from now; when the window or the socket held frames back, the ones due since go out
     * together), or with 0 as fast as the window and the socket allow. The future completes when the source has
     * ended and every reliable frame was ACKed or NAKed; {@link #stop()} ends a source that never does.
     */
    public CompletableFuture<Void> run(FrameSource source, double ratePerS) {
        Objects.requireNonNull(source, "source");
        if (!(ratePerS >= 0) || Double.isInfinite(ratePerS)) {
            throw new IllegalArgumentException("rate must be >= 0 frames/s: " + ratePerS);
        }
        Channel ch = up.getNow(null);
        if (ch == null) {
            throw new IllegalStateException("programmer " + serial + " is not linked yet");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        ch.eventLoop().execute(() -> {
            if (running) {
                done.completeExceptionally(new IllegalStateException("programmer " + serial + " is already running"));
                return;
            }
            this.source = source;
            this.ratePerS = ratePerS;
            this.startNanos = System.nanoTime();
            this.held = null;
            this.sourceEnded = false;
            this.running = true;
            this.finished = done;
            pump();
        });
        return done;
    }

    /** Stops taking frames from the source; completes on the event loop with {@link #framesWritten()} then. */
    public CompletableFuture<Long> stop() {
        Channel ch = up.getNow(null);
        if (ch == null) {
            return CompletableFuture.completedFuture(framesWritten);
        }
        CompletableFuture<Long> stopped = new CompletableFuture<>();
        ch.eventLoop().execute(() -> {
            running = false;
            if (tick != null) {
                tick.cancel(false);
                tick = null;
            }
            stopped.complete(framesWritten);
        });
        return stopped;
    }

    /** Frames written since the programmer was created, HELLO and heartbeats not counted. */
    public long framesWritten() {
        return framesWritten;
    }

    /** Reliable frames written and neither ACKed nor NAKed yet. */
    public int unacknowledged() {
        return unacknowledged;
    }

    /** NAKs received: each one refuses a frame for good, since this programmer never sends it again. */
    public long refused() {
        return refused;
    }

    /** Writes what is due while the window and the socket take it, then arranges to be called again. */
    private void pump() {
        if (!running || link == null) {
            return;
        }
        int batch = 0;
        long now = System.nanoTime();
        while (batch < BATCH && link.isWritable() && (ratePerS == 0 || framesWritten < dueCount(now))) {
            if (held == null) {
                held = source.next();
                if (held == null) {
                    sourceEnded = true;
                    running = false;
                    break;
                }
            }
            if (held.type().reliable() && inFlight.size() >= WINDOW) {
                break; // an ACK continues
            }
            long due = ratePerS == 0 ? System.nanoTime() : dueNanos(framesWritten);
            write(held, due);
            held = null;
            if (++batch % FLUSH_EVERY == 0) {
                link.flush();
            }
        }
        link.flush();
        if (batch == BATCH) {
            continueSoon();
        } else if (ratePerS > 0) {
            scheduleTick();
        }
        checkFinished();
    }

    /** Frames due by {@code nanos}: frame k is due at start + k / rate, so frame 0 at once. */
    private long dueCount(long nanos) {
        return (long) ((nanos - startNanos) * ratePerS / 1e9) + 1;
    }

    private long dueNanos(long frame) {
        return startNanos + (long) (frame * 1e9 / ratePerS);
    }

    private void continueSoon() {
        if (!continuationQueued) {
            continuationQueued = true;
            link.eventLoop().execute(() -> {
                continuationQueued = false;
                pump();
            });
        }
    }

    private void scheduleTick() {
        if (!running || tick != null) {
            return;
        }
        long delay = Math.max(MIN_TICK_NANOS, dueNanos(framesWritten) - System.nanoTime());
        tick = link.eventLoop().schedule(() -> {
            tick = null;
            pump();
        }, delay, TimeUnit.NANOSECONDS);
    }

    private void checkFinished() {
        if (sourceEnded && held == null && inFlight.isEmpty() && finished != null) {
            CompletableFuture<Void> done = finished;
            finished = null;
            done.complete(null);
        }
    }

    private void write(Message message, long dueNanos) {
        Packet packet = Packet.of(nextSeq, message);
        nextSeq = (nextSeq + 1) & 0xFFFF;
        long now = System.nanoTime();
        if (packet.reliable()) {
            inFlight.put(packet.seq(), new InFlight(packet, now));
            unacknowledged = inFlight.size();
        }
        link.write(packet);
        framesWritten++;
        listener.written(packet, dueNanos, now);
    }

    /** Closes the connection and stops listening; the connector stays open. */
    @Override
    public void close() {
        Channel ch = up.getNow(null);
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
        server.close().syncUninterruptibly();
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private final long createdNanos = System.nanoTime(); // HEARTBEAT carries the uptime

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            link = ctx.channel();
            ctx.writeAndFlush(Packet.of(nextSeq, new Hello(1, serial, 3, 0, 0,
                    Hello.CAP_INTERROGATION | Hello.CAP_STATUS_STREAMING | Hello.CAP_EVENT_LOG, HEARTBEAT_MS)));
            nextSeq = (nextSeq + 1) & 0xFFFF;
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Packet packet) {
                    onPacket(ctx.channel(), packet.message());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onPacket(Channel ch, Message message) {
            if (message instanceof HelloAck) {
                up.complete(ch);
            } else if (message instanceof Ack ack) {
                InFlight acked = inFlight.remove(ack.ackedSeq());
                if (acked != null) {
                    unacknowledged = inFlight.size();
                    listener.acknowledged(acked.packet(), acked.writtenNanos(), System.nanoTime() - acked.writtenNanos());
                    pump();
                    checkFinished();
                }
            } else if (message instanceof Nak nak) {
                refused++; // whatever it answers: a healthy link sees none
                InFlight naked = inFlight.remove(nak.nakSeq());
                if (naked != null) {
                    unacknowledged = inFlight.size();
                    listener.refused(naked.packet(), nak.reasonCode());
                    pump();
                    checkFinished();
                }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                pump();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == LinkIdle.HEARTBEAT_DUE) {
                ctx.writeAndFlush(Packet.of(nextSeq,
                        new Heartbeat(((System.nanoTime() - createdNanos) / 1_000_000) & 0xFFFFFFFFL)));
                nextSeq = (nextSeq + 1) & 0xFFFF;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
