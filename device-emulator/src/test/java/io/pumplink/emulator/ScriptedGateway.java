package io.pumplink.emulator;

import static org.awaitility.Awaitility.await;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.ReferenceCountUtil;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.frame.InvalidFrame;
import io.pumplink.protocol.frame.InvalidReason;
import io.pumplink.protocol.link.LinkIdle;
import io.pumplink.protocol.link.PtlPipeline;
import io.pumplink.protocol.message.Ack;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.HelloAck;
import io.pumplink.protocol.message.Inbound;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.Nak;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.transport.Endpoint;
import io.pumplink.protocol.transport.LinkConnector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A minimal gateway peer for emulator tests, built on the protocol module's real codec stack ({@link PtlPipeline}),
 * over TCP or a serial PTY end opened through {@link LinkConnector}. It records every {@link Packet} and
 * {@link io.pumplink.protocol.message.RejectedFrame} it receives (with the receive time), counts
 * {@link InvalidFrame}s by reason, numbers its own frames from 0 (again from 0 with each HELLO_ACK, ICD section 3),
 * and sends HEARTBEAT when it has sent nothing for its heartbeat interval so the emulator never declares it silent.
 *
 * <p>Auto mode (the default) answers HELLO with HELLO_ACK and ACKs every other reliable frame; a test switches
 * either off to withhold them. Every frame is written on the channel's event loop, so seq order is wire order.
 */
final class ScriptedGateway implements AutoCloseable {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final int DEFAULT_HEARTBEAT_MS = 100;
    private static final int MAX_PAYLOAD = 1024;

    /** One received frame, in arrival order. */
    record Received(Inbound inbound, long nanos, int link) {
        Optional<Packet> packet() {
            return inbound instanceof Packet p ? Optional.of(p) : Optional.empty();
        }
    }

    private final LinkConnector connector = new LinkConnector(Duration.ofSeconds(2));
    private final FrameStats frameStats = new FrameStats();
    private final MessageStats messageStats = new MessageStats();
    private final List<Received> received = new ArrayList<>();
    private final List<Packet> sent = new ArrayList<>();
    private final Map<InvalidReason, AtomicLong> invalid = new EnumMap<>(InvalidReason.class);
    private final AtomicInteger nextSeq = new AtomicInteger();
    private final AtomicInteger links = new AtomicInteger();
    private final Set<Integer> outstanding = new HashSet<>();
    private final Set<Integer> acked = new HashSet<>();
    private final int heartbeatMs;
    private volatile boolean autoHelloAck = true;
    private volatile boolean autoAck = true;
    private volatile Channel channel;
    private int maxOutstanding;

    ScriptedGateway() {
        this(DEFAULT_HEARTBEAT_MS);
    }

    ScriptedGateway(int heartbeatMs) {
        this.heartbeatMs = heartbeatMs;
        for (InvalidReason reason : InvalidReason.values()) {
            invalid.put(reason, new AtomicLong());
        }
    }

    // ---- links

    ScriptedGateway connectTcp(int port) throws InterruptedException {
        open(Endpoint.parse("tcp:127.0.0.1:" + port));
        return this;
    }

    /** One connection attempt; false when it failed (nothing listening yet). */
    boolean tryConnectTcp(int port) throws InterruptedException {
        ChannelFuture future = connector.connect(Endpoint.parse("tcp:127.0.0.1:" + port), initializer());
        if (!future.await(5, TimeUnit.SECONDS) || !future.isSuccess()) {
            future.channel().close();
            return false;
        }
        channel = future.channel();
        return true;
    }

    ScriptedGateway openSerial(Path pty) throws InterruptedException {
        open(Endpoint.parse(pty.toString()));
        return this;
    }

    private void open(Endpoint endpoint) throws InterruptedException {
        ChannelFuture future = connector.connect(endpoint, initializer());
        if (!future.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("open " + endpoint + " timed out");
        }
        if (!future.isSuccess()) {
            throw new AssertionError("open " + endpoint + " failed", future.cause());
        }
        channel = future.channel();
    }

    /** Closes the current link (keeping everything recorded); a later connect starts a new one. */
    void disconnect() {
        Channel ch = channel;
        if (ch != null) {
            ch.close().awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    boolean isActive() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** Links that became active so far; {@link Received#link()} tells on which one a frame came. */
    int links() {
        return links.get();
    }

    @Override
    public void close() {
        disconnect();
        connector.close();
    }

    private ChannelInitializer<Channel> initializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                PtlPipeline.install(ch.pipeline(), frameStats, messageStats, heartbeatMs).addLast(new Handler());
            }
        };
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private final long startNanos = System.nanoTime();
        private int link;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            link = links.incrementAndGet();
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof InvalidFrame bad) {
                    invalid.get(bad.reason()).incrementAndGet();
                } else if (msg instanceof Inbound inbound) {
                    onInbound(ctx.channel(), inbound);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onInbound(Channel ch, Inbound inbound) {
            synchronized (ScriptedGateway.this) {
                received.add(new Received(inbound, System.nanoTime(), link));
                if (inbound instanceof Packet p && p.reliable() && !(p.message() instanceof Hello)
                        && !acked.contains(p.seq())) {
                    outstanding.add(p.seq());
                    maxOutstanding = Math.max(maxOutstanding, outstanding.size());
                }
            }
            if (inbound instanceof Packet p && p.reliable()) {
                if (p.message() instanceof Hello) {
                    if (autoHelloAck) {
                        writeOnLoop(ch, new HelloAck(System.currentTimeMillis(), HelloAck.ACCEPTED, MAX_PAYLOAD));
                    }
                } else if (autoAck) {
                    writeOnLoop(ch, new Ack(p.seq()));
                }
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == LinkIdle.HEARTBEAT_DUE) {
                long uptime = ((System.nanoTime() - startNanos) / 1_000_000) & 0xFFFFFFFFL;
                writeOnLoop(ctx.channel(), new Heartbeat(uptime));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    // ---- sending

    /** A new frame, RELIABLE exactly when the ICD says so ({@link Packet#of}); returns it as sent. */
    Packet send(Message message) {
        return onLoop(() -> writeOnLoop(requireChannel(), message));
    }

    /** Writes a packet exactly as given (its own seq and flags), e.g. a retransmission of an earlier one. */
    Packet sendRaw(Packet packet) {
        return onLoop(() -> {
            Channel ch = requireChannel();
            synchronized (this) {
                sent.add(packet);
            }
            ch.writeAndFlush(packet);
            return packet;
        });
    }

    Packet ack(Packet packet) {
        return send(new Ack(packet.seq()));
    }

    /** HELLO_ACK (accepted); the gateway's numbering restarts at 0 with it. */
    Packet helloAck() {
        return send(new HelloAck(System.currentTimeMillis(), HelloAck.ACCEPTED, MAX_PAYLOAD));
    }

    Packet nak(int seq, int reason) {
        return send(new Nak(seq, reason));
    }

    /** ACKs every reliable frame received and not yet ACKed. */
    void ackAllOutstanding() {
        List<Integer> seqs;
        synchronized (this) {
            seqs = List.copyOf(outstanding);
        }
        onLoop(() -> {
            for (int seq : seqs) {
                writeOnLoop(requireChannel(), new Ack(seq));
            }
            return null;
        });
    }

    /** Numbers and writes one new frame; HELLO_ACK restarts the numbering at 0 (ICD section 3). */
    private Packet writeOnLoop(Channel ch, Message message) {
        int seq;
        if (message instanceof HelloAck) {
            seq = 0;
            nextSeq.set(1);
        } else {
            seq = nextSeq.getAndIncrement() & 0xFFFF;
        }
        Packet packet = Packet.of(seq, message);
        synchronized (this) {
            sent.add(packet);
            if (message instanceof Ack a) {
                outstanding.remove(a.ackedSeq());
                acked.add(a.ackedSeq());
            }
        }
        ch.writeAndFlush(packet);
        return packet;
    }

    private Channel requireChannel() {
        Channel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("no link open");
        }
        return ch;
    }

    private <T> T onLoop(Callable<T> task) {
        Channel ch = requireChannel();
        if (ch.eventLoop().inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return ch.eventLoop().submit(task).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("write on the gateway's event loop failed", e);
        }
    }

    // ---- auto mode

    ScriptedGateway autoAck(boolean on) {
        autoAck = on;
        return this;
    }

    ScriptedGateway autoHelloAck(boolean on) {
        autoHelloAck = on;
        return this;
    }

    // ---- what was received

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    List<Packet> packets() {
        return received().stream().flatMap(r -> r.packet().stream()).toList();
    }

    List<Inbound> inbound() {
        return received().stream().map(Received::inbound).toList();
    }

    /** Everything this gateway wrote, in wire order. */
    synchronized List<Packet> sent() {
        return List.copyOf(sent);
    }

    /** The index of the next frame to arrive: pass to the {@code after} methods. */
    synchronized int mark() {
        return received.size();
    }

    List<Received> receivedAfter(int mark) {
        List<Received> all = received();
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    List<Packet> packetsAfter(int mark) {
        return receivedAfter(mark).stream().flatMap(r -> r.packet().stream()).toList();
    }

    Optional<Received> find(int mark, Predicate<Packet> matching) {
        return receivedAfter(mark).stream().filter(r -> r.packet().filter(matching).isPresent()).findFirst();
    }

    Packet awaitPacket(Predicate<Packet> matching, Duration timeout) {
        return awaitReceived(0, matching, timeout).packet().orElseThrow();
    }

    Packet awaitPacketAfter(int mark, Predicate<Packet> matching, Duration timeout) {
        return awaitReceived(mark, matching, timeout).packet().orElseThrow();
    }

    /** The first frame at or after {@code mark} that matches, waiting for it. */
    Received awaitReceived(int mark, Predicate<Packet> matching, Duration timeout) {
        return await("a matching frame").atMost(timeout).pollInterval(Duration.ofMillis(5))
                .until(() -> find(mark, matching), Optional::isPresent).orElseThrow();
    }

    /** Waits until {@code count} frames at or after {@code mark} match; returns them. */
    List<Packet> awaitPackets(int mark, Predicate<Packet> matching, int count, Duration timeout) {
        await(count + " matching frames").atMost(timeout).pollInterval(Duration.ofMillis(5))
                .until(() -> packetsAfter(mark).stream().filter(matching).count() >= count);
        return packetsAfter(mark).stream().filter(matching).toList();
    }

    // ---- counters

    long invalidCount(InvalidReason... reasons) {
        long sum = 0;
        for (InvalidReason reason : reasons) {
            sum += invalid.get(reason).get();
        }
        return sum;
    }

    long invalidTotal() {
        return invalidCount(InvalidReason.values());
    }

    FrameStats frameStats() {
        return frameStats;
    }

    /** Reliable frames received (HELLO aside) and not ACKed by this gateway. */
    synchronized Set<Integer> outstanding() {
        return Set.copyOf(outstanding);
    }

    /** The most reliable frames that were ever outstanding at once. */
    synchronized int maxOutstanding() {
        return maxOutstanding;
    }

    // ---- predicates

    static Predicate<Packet> type(Class<? extends Message> type) {
        return p -> type.isInstance(p.message());
    }

    static Predicate<Packet> fresh(Class<? extends Message> type) {
        return p -> type.isInstance(p.message()) && !p.retransmit();
    }
}
