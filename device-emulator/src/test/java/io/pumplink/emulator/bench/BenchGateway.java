package io.pumplink.emulator.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.ReferenceCountUtil;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.frame.InvalidFrame;
import io.pumplink.protocol.link.LinkIdle;
import io.pumplink.protocol.link.PtlPipeline;
import io.pumplink.protocol.message.Ack;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.HelloAck;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.NakReason;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.RejectedFrame;
import io.pumplink.protocol.transport.Endpoint;
import io.pumplink.protocol.transport.LinkConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lean gateway peers for the benchmark: as many TCP links as wanted on one Netty NIO event loop group (the one
 * {@link LinkConnector} owns), each decoding every frame with the protocol module's real codec stack
 * ({@link PtlPipeline}). Unlike {@code ScriptedGateway} it records nothing but counters, so it can keep up with one
 * programmer at full speed or a thousand at once.
 *
 * <p>Each peer answers HELLO with HELLO_ACK (numbering its own frames from 0 again), ACKs every reliable frame
 * as it arrives (written at once, flushed at the end of each read), sends HEARTBEAT after a heartbeat interval
 * without sending, counts frames by kind, and checks the programmer's sequence: among frames without RETRANSMIT
 * each must carry the previous seq + 1 (ICD section 3), so a lost or reordered frame shows as a gap.
 */
final class BenchGateway implements AutoCloseable {
    private static final int MAX_PAYLOAD = 1024;

    private final LinkConnector connector = new LinkConnector(Duration.ofSeconds(10));
    private final FrameStats frameStats = new FrameStats();
    private final MessageStats messageStats = new MessageStats();
    private final int heartbeatMs;

    /** @param heartbeatMs the programmers' heartbeat interval (from their HELLO); peers send HEARTBEAT as often */
    BenchGateway(int heartbeatMs) {
        this.heartbeatMs = heartbeatMs;
    }

    /** Connects one peer per port; fails when any connection is not up within {@code timeout}. */
    List<Peer> connectAll(List<Integer> ports, Duration timeout) throws InterruptedException {
        List<Peer> peers = new ArrayList<>(ports.size());
        List<ChannelFuture> futures = new ArrayList<>(ports.size());
        for (int port : ports) {
            Peer peer = new Peer(port);
            peers.add(peer);
            futures.add(connector.connect(Endpoint.parse("tcp:127.0.0.1:" + port), initializer(peer)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < futures.size(); i++) {
            ChannelFuture future = futures.get(i);
            long left = Math.max(1, deadline - System.nanoTime());
            if (!future.await(left, TimeUnit.NANOSECONDS) || !future.isSuccess()) {
                throw new AssertionError("peer could not connect to port " + ports.get(i), future.cause());
            }
        }
        return peers;
    }

    Peer connect(int port, Duration timeout) throws InterruptedException {
        return connectAll(List.of(port), timeout).get(0);
    }

    /** Frames the frame layer found invalid, over every peer (bad CRC, COBS, length...). */
    long invalidFrames() {
        return frameStats.invalidTotal();
    }

    /** Valid frames whose message could not be used, over every peer. */
    long rejectedMessages() {
        long sum = 0;
        for (NakReason reason : NakReason.values()) {
            sum += messageStats.rejected(reason);
        }
        return sum;
    }

    /** Messages decoded of one type, over every peer. */
    long decoded(MessageType type) {
        return messageStats.decoded(type);
    }

    @Override
    public void close() {
        connector.close(); // closes every link with the event loops
    }

    private ChannelInitializer<Channel> initializer(Peer peer) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                PtlPipeline.install(ch.pipeline(), frameStats, messageStats, heartbeatMs).addLast(peer);
            }
        };
    }

    /**
     * One link's gateway end. Counters are written only by the link's event loop and read from any thread
     * (volatile, single writer).
     */
    static final class Peer extends ChannelInboundHandlerAdapter {
        private final int port;
        private final long startNanos = System.nanoTime();
        private volatile Channel channel;
        private volatile boolean up;
        private volatile long hellos;
        private volatile long helloRetransmits;
        private volatile long frames;
        private volatile long statusFrames;
        private volatile long statusRounds;
        private volatile long lastStatusNanos;
        private volatile long freshReliable;
        private volatile long retransmits;
        private volatile long acksSent;
        private volatile long heartbeatsSent;
        private volatile long seqGaps;
        private volatile long alarmIdGaps;
        private volatile long invalid;
        private volatile long inactive;
        private int expectedSeq = -1;
        private long lastAlarmId = -1;
        private int nextSeq;
        private boolean unflushed;

        Peer(int port) {
            this.port = port;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive++;
            up = false;
            ctx.fireChannelInactive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Packet packet) {
                    onPacket(ctx, packet);
                } else if (msg instanceof InvalidFrame || msg instanceof RejectedFrame) {
                    invalid++;
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onPacket(ChannelHandlerContext ctx, Packet packet) {
            frames++;
            Message message = packet.message();
            if (message instanceof Hello) {
                // a retransmitted HELLO (our HELLO_ACK was slow) is answered again; only a new one restarts the link
                if (packet.retransmit()) {
                    helloRetransmits++;
                } else {
                    hellos++;
                    expectedSeq = (packet.seq() + 1) & 0xFFFF; // a HELLO's seq is the programmer's new base
                }
                nextSeq = 0;
                write(ctx, new HelloAck(System.currentTimeMillis(), HelloAck.ACCEPTED, MAX_PAYLOAD));
                up = true;
                return;
            }
            if (packet.retransmit()) {
                retransmits++;
            } else {
                if (expectedSeq >= 0 && packet.seq() != expectedSeq) {
                    seqGaps++;
                }
                expectedSeq = (packet.seq() + 1) & 0xFFFF;
                if (packet.reliable()) {
                    freshReliable++;
                }
                if (message instanceof Alarm alarm) {
                    if (lastAlarmId >= 0 && alarm.alarmId() != lastAlarmId + 1) {
                        alarmIdGaps++;
                    }
                    lastAlarmId = alarm.alarmId();
                }
            }
            if (packet.reliable()) {
                write(ctx, new Ack(packet.seq()));
                acksSent++;
            }
            switch (packet.type()) {
                case PROGRAMMER_STATUS -> {
                    statusRounds++;
                    statusFrames++;
                    lastStatusNanos = System.nanoTime();
                }
                case RESERVOIR_STATUS, FLOW_STATUS, BATTERY_STATUS -> {
                    statusFrames++;
                    lastStatusNanos = System.nanoTime();
                }
                default -> {
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (unflushed) {
                unflushed = false;
                ctx.channel().flush();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == LinkIdle.HEARTBEAT_DUE && up) {
                long uptime = ((System.nanoTime() - startNanos) / 1_000_000) & 0xFFFFFFFFL;
                write(ctx, new Heartbeat(uptime));
                heartbeatsSent++;
                unflushed = false;
                ctx.channel().flush();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        /** Numbers a new frame (HELLO_ACK is 0, ICD section 3) and writes it through the whole pipeline. */
        private void write(ChannelHandlerContext ctx, Message message) {
            int seq = nextSeq;
            nextSeq = (nextSeq + 1) & 0xFFFF;
            ctx.channel().write(Packet.of(seq, message), ctx.channel().voidPromise());
            unflushed = true;
        }

        int port() {
            return port;
        }

        boolean active() {
            Channel ch = channel;
            return ch != null && ch.isActive();
        }

        /** HELLO answered on the current link. */
        boolean up() {
            return up;
        }

        /** New HELLOs: 1 unless the programmer restarted the link. */
        long hellos() {
            return hellos;
        }

        /** HELLOs sent again because no HELLO_ACK came within 500 ms. */
        long helloRetransmits() {
            return helloRetransmits;
        }

        long frames() {
            return frames;
        }

        /** PROGRAMMER_STATUS, RESERVOIR_STATUS, FLOW_STATUS and BATTERY_STATUS frames. */
        long statusFrames() {
            return statusFrames;
        }

        /** PROGRAMMER_STATUS frames: one per status round. */
        long statusRounds() {
            return statusRounds;
        }

        /** {@link System#nanoTime()} of the last status frame, 0 before the first. */
        long lastStatusNanos() {
            return lastStatusNanos;
        }

        /** Reliable frames received without RETRANSMIT (HELLO aside). */
        long freshReliable() {
            return freshReliable;
        }

        long retransmits() {
            return retransmits;
        }

        long acksSent() {
            return acksSent;
        }

        long heartbeatsSent() {
            return heartbeatsSent;
        }

        /** New frames whose seq was not the previous one + 1: lost or reordered on the way. */
        long seqGaps() {
            return seqGaps;
        }

        /** New ALARMs whose id was not the previous one + 1. */
        long alarmIdGaps() {
            return alarmIdGaps;
        }

        /** Invalid frames and rejected messages on this link. */
        long invalid() {
            return invalid;
        }

        /** Times this link closed. */
        long inactive() {
            return inactive;
        }

        @Override
        public String toString() {
            return "peer of port " + port + " [active=" + active() + " closed=" + inactive + " hellos=" + hellos
                    + " helloRetransmits=" + helloRetransmits + " frames=" + frames + " status=" + statusFrames
                    + " retransmits=" + retransmits + " seqGaps=" + seqGaps + " invalid=" + invalid + "]";
        }
    }
}
