package io.pumplink.gateway.e2e;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.link.LinkIdle;
import io.pumplink.protocol.link.PtlPipeline;
import io.pumplink.protocol.message.Ack;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.HelloAck;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.Nak;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.transport.LinkConnector;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A programmer for measurements, written against the ICD on the protocol module's {@link PtlPipeline}: it listens
 * on a TCP port (the gateway's TCP link connects out to it, as to a serial device server), says HELLO, and then
 * sends what a test gives it. Reliable frames respect the ICD window of 8 unacknowledged frames; the time from
 * writing each one to the gateway's ACK is recorded. Everything runs on the connection's event loop.
 */
final class ProgrammerPeer implements AutoCloseable {
    private static final int WINDOW = 8;
    private static final int HEARTBEAT_MS = 1000;

    private final LinkConnector connector = new LinkConnector(Duration.ofSeconds(5));
    private final Channel server;
    private final String serial;
    private final CompletableFuture<Channel> up = new CompletableFuture<>();
    // confined to the connection's event loop
    private int nextSeq = 0x4000;
    private final Map<Integer, Long> inFlight = new HashMap<>();
    private final List<Long> ackNanos = new ArrayList<>();
    private final Deque<Message> queue = new ArrayDeque<>();
    private CompletableFuture<Void> drained;
    private long naks;

    ProgrammerPeer(String serial) throws InterruptedException {
        this.serial = serial;
        this.server = connector.listenTcp("127.0.0.1", 0, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                PtlPipeline.install(ch.pipeline(), new FrameStats(), new MessageStats(), HEARTBEAT_MS)
                        .addLast(new Handler());
            }
        }).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The link after the gateway's HELLO_ACK. */
    Channel awaitUp(Duration timeout) throws Exception {
        return up.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends {@code count} ALARMs (distinct alarm ids) one every {@code interval}, each when the window has room
     * (a tick that finds it full sends nothing); returns each frame's send-to-ACK time in nanoseconds.
     */
    long[] steadyAlarms(String pumpSerial, int count, Duration interval, Duration timeout) throws Exception {
        Channel ch = up.getNow(null);
        CompletableFuture<long[]> result = new CompletableFuture<>();
        ch.eventLoop().execute(() -> {
            ackNanos.clear();
            int[] sent = {0};
            ScheduledFuture<?>[] ticker = new ScheduledFuture<?>[1];
            ticker[0] = ch.eventLoop().scheduleAtFixedRate(() -> {
                if (sent[0] < count && inFlight.size() < WINDOW) {
                    send(ch, alarm(pumpSerial, sent[0]++));
                }
                if (ackNanos.size() >= count) {
                    ticker[0].cancel(false);
                    result.complete(ackNanos.stream().mapToLong(Long::longValue).toArray());
                }
            }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        });
        return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends {@code messages} in order as fast as the socket and the window allow; completes when the last was
     * written and every reliable one ACKed. Returns the nanoTime of the first write.
     */
    long blast(List<Message> messages, Duration timeout) throws Exception {
        Channel ch = up.getNow(null);
        CompletableFuture<Long> started = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ch.eventLoop().execute(() -> {
            queue.addAll(messages);
            drained = done;
            started.complete(System.nanoTime());
            pump(ch);
        });
        long start = started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return start;
    }

    /** Writes queued frames while the window and the socket take them. */
    private void pump(Channel ch) {
        int batch = 0;
        while (!queue.isEmpty() && ch.isWritable()) {
            Message next = queue.peekFirst();
            if (next.type().reliable() && inFlight.size() >= WINDOW) {
                break; // an ACK continues
            }
            queue.removeFirst();
            write(ch, next);
            if (++batch == 64) {
                ch.flush();
                batch = 0;
            }
        }
        ch.flush();
        checkDrained();
    }

    private void checkDrained() {
        if (drained != null && queue.isEmpty() && inFlight.isEmpty()) {
            CompletableFuture<Void> done = drained;
            drained = null;
            done.complete(null);
        }
    }

    long naks() {
        return naks;
    }

    /** The {@code i}-th MOTOR_STALL RAISED of a pump: alarm id i + 1, so each one is a new frame to store. */
    static Alarm alarm(String pumpSerial, long i) {
        return new Alarm(1_767_225_600_000L + i, pumpSerial, i + 1, 0x0003, 3, 1, 0);
    }

    private void send(Channel ch, Message message) {
        write(ch, message);
        ch.flush();
    }

    private void write(Channel ch, Message message) {
        Packet packet = Packet.of(nextSeq, message);
        nextSeq = (nextSeq + 1) & 0xFFFF;
        if (packet.reliable()) {
            inFlight.put(packet.seq(), System.nanoTime());
        }
        ch.write(packet);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        connector.close();
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private final long startNanos = System.nanoTime();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Packet.of(nextSeq, new Hello(1, serial, 3, 0, 0,
                    Hello.CAP_INTERROGATION | Hello.CAP_STATUS_STREAMING | Hello.CAP_EVENT_LOG, HEARTBEAT_MS)));
            nextSeq = (nextSeq + 1) & 0xFFFF;
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Packet packet) {
                    onPacket(ctx.channel(), packet);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onPacket(Channel ch, Packet packet) {
            Message message = packet.message();
            if (message instanceof HelloAck) {
                up.complete(ch);
            } else if (message instanceof Ack ack) {
                Long sentAt = inFlight.remove(ack.ackedSeq());
                if (sentAt != null) {
                    ackNanos.add(System.nanoTime() - sentAt);
                    pump(ch);
                }
            } else if (message instanceof Nak) {
                naks++;
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                pump(ctx.channel());
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == LinkIdle.HEARTBEAT_DUE) {
                send(ctx.channel(), new Heartbeat(((System.nanoTime() - startNanos) / 1_000_000) & 0xFFFFFFFFL));
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
