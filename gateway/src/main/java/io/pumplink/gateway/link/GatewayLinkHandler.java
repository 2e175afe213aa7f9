package io.pumplink.gateway.link;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.link.LinkIdle;
import io.pumplink.protocol.link.Outbox;
import io.pumplink.protocol.link.PtlPipeline;
import io.pumplink.protocol.link.SeqCounter;
import io.pumplink.protocol.message.Ack;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.HelloAck;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.Nak;
import io.pumplink.protocol.message.NakReason;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.PumpMessage;
import io.pumplink.protocol.message.RejectedFrame;
import io.pumplink.protocol.message.Request;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway side of ICD section 3 for one connection: HELLO/HELLO_ACK, NAK 4 before HELLO, heartbeats and
 * loss after three silent intervals, sequence-gap counting, NAK 1–3 for unusable reliable frames, and
 * <b>ACK only after durable store</b>: a reliable frame is ACKed when the {@link FrameStore} says it is on disk.
 * Also carries the gateway's read-only requests (REQUEST_INTERROGATION, REQUEST_STATUS) until ACKed.
 * Runs on the channel's event loop, above {@link PtlPipeline}'s codecs and heartbeat timer.
 */
public final class GatewayLinkHandler extends ChannelDuplexHandler {
    /** HELLO_ACK max_payload: this gateway takes every frame size the ICD allows. */
    static final int MAX_PAYLOAD = Frame.MAX_PAYLOAD_LENGTH;
    /**
     * The shortest HELLO heartbeat_interval_ms accepted (NAK 3 below it): the ICD sets no floor, but an interval
     * of 0 or a few ms would have both sides send HEARTBEATs flat out and call the link lost after 3 of them.
     */
    static final int MIN_HEARTBEAT_INTERVAL_MS = 100;
    private static final long RETRANSMIT_CHECK_MS = 100;
    private static final int HALF_SEQ_SPACE = 0x8000;
    private static final Logger LOG = LoggerFactory.getLogger(GatewayLinkHandler.class);

    private final String linkId;
    private final FrameStore store;
    private final LinkListener listener;
    private final LinkCounters counters;
    private final LongSupplier wallClockMs;
    private final boolean closeOnSilence;
    private final SeqCounter seq = new SeqCounter(0);
    private final Outbox requests = new Outbox(Outbox.ICD_WINDOW, Outbox.ICD_RETRANSMIT_NANOS);
    private final Map<Long, CompletableFuture<CommandResult>> pendingRequests = new HashMap<>();
    private ChannelHandlerContext ctx;
    private Hello hello;
    private int expectedPeerSeq = -1;
    private long startNanos;
    private ScheduledFuture<?> retransmitTask;
    private boolean faulted;

    /**
     * @param closeOnSilence close the connection when the link is lost (TCP: a half-open socket never recovers);
     *                       a serial port stays open and waits for the programmer's next HELLO
     */
    public GatewayLinkHandler(String linkId, FrameStore store, LinkListener listener, LinkCounters counters,
                              LongSupplier wallClockMs, boolean closeOnSilence) {
        this.linkId = linkId;
        this.store = store;
        this.listener = listener;
        this.counters = counters;
        this.wallClockMs = wallClockMs;
        this.closeOnSilence = closeOnSilence;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.startNanos = ctx.executor().ticker().nanoTime();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        state(LinkState.AWAITING_HELLO, "byte stream open");
        retransmitTask = ctx.executor().scheduleAtFixedRate(this::retransmitRequests, RETRANSMIT_CHECK_MS,
                RETRANSMIT_CHECK_MS, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (retransmitTask != null) {
            retransmitTask.cancel(false);
        }
        pendingRequests.values().forEach(f -> f.completeExceptionally(new LinkDownException(linkId)));
        pendingRequests.clear();
        state(LinkState.LOST, "byte stream closed");
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Packet packet) {
            onPacket(packet);
        } else if (msg instanceof RejectedFrame rejected) {
            onRejected(rejected);
        }
        // an InvalidFrame was counted by the frame layer; there is nothing to answer
    }

    private void onPacket(Packet packet) {
        Message message = packet.message();
        long nowMs = wallClockMs.getAsLong();
        counters.frameReceived(nowMs);
        if (!packet.retransmit() && message instanceof ProgrammerStatus status) {
            counters.clockOffset(status.tsMs() - nowMs);
        } else if (!packet.retransmit() && message instanceof PumpMessage pump && pump.statusSnapshot()) {
            counters.clockOffset(pump.tsMs() - nowMs);
        }
        if (message instanceof Hello h) {
            onHello(packet, h);
            return;
        }
        if (hello == null) {
            if (!(message instanceof Heartbeat)) {
                counters.rejectedBeforeHello.increment();
                nak(packet.seq(), NakReason.NO_HELLO_YET);
            }
            return;
        }
        countSequence(packet);
        if (message instanceof Ack ack) {
            requests.ack(ack.ackedSeq());
            flushRequests();
        } else if (message instanceof Nak nak) {
            counters.naksReceived.increment();
            Packet refused = requests.refuse(nak.nakSeq());
            if (refused != null && refused.message() instanceof Request request) {
                failRequest(request, nak);
            }
        } else if (message.type().kind() == MessageType.Kind.DATA) {
            storeData(packet);
        } else if (packet.reliable()) {
            nak(packet.seq(), NakReason.UNKNOWN_TYPE); // a gateway-to-programmer type sent our way
        }
    }

    private void onHello(Packet packet, Hello h) {
        counters.hellos.increment();
        if (h.heartbeatIntervalMs() < MIN_HEARTBEAT_INTERVAL_MS) {
            hello = null; // refused like an unsupported version: data waits for an acceptable HELLO
            nak(packet.seq(), NakReason.INVALID_FIELD);
            state(LinkState.REJECTED, "programmer " + h.programmerSerial() + " asks for heartbeats every "
                    + h.heartbeatIntervalMs() + " ms, below " + MIN_HEARTBEAT_INTERVAL_MS + " ms");
            return;
        }
        seq.restart(0); // a HELLO restarts numbering on both sides; ours starts with this HELLO_ACK
        boolean supported = h.protocolVersion() == 1;
        write(new HelloAck(wallClockMs.getAsLong(), supported ? HelloAck.ACCEPTED : HelloAck.VERSION_UNSUPPORTED,
                MAX_PAYLOAD));
        if (!supported) {
            hello = null;
            state(LinkState.REJECTED, "programmer " + h.programmerSerial() + " speaks PTL version "
                    + h.protocolVersion());
            return;
        }
        boolean restart = hello != null;
        hello = h;
        expectedPeerSeq = (packet.seq() + 1) & 0xFFFF;
        PtlPipeline.retime(ctx.pipeline(), h.heartbeatIntervalMs());
        state(LinkState.UP, (restart ? "link restarted by HELLO from " : "HELLO from ") + h.programmerSerial());
        requests.retransmitAll(now()).forEach(this::writePacket);
        flushRequests();
    }

    /** Among frames without RETRANSMIT, a forward jump in the programmer's seq means frames were lost. */
    private void countSequence(Packet packet) {
        if (packet.retransmit()) {
            counters.retransmitsSeen.increment();
            return;
        }
        int gap = (packet.seq() - expectedPeerSeq) & 0xFFFF;
        if (gap != 0 && gap < HALF_SEQ_SPACE) {
            counters.seqGaps.increment();
            counters.framesMissed.add(gap);
        }
        expectedPeerSeq = (packet.seq() + 1) & 0xFFFF;
    }

    private void storeData(Packet packet) {
        if (packet.message() instanceof CommandResult result) {
            Optional.ofNullable(pendingRequests.remove(result.requestId())).ifPresent(f -> f.complete(result));
        }
        CompletableFuture<FrameStore.Stored> stored = store.store(
                new ReceivedFrame(linkId, hello.programmerSerial(), hello.capabilities(), wallClockMs.getAsLong(),
                        packet));
        stored.whenComplete((how, failure) -> {
            if (failure != null) {
                ctx.executor().execute(() -> fault(failure));
            } else if (packet.reliable()) {
                ctx.executor().execute(() -> acknowledge(packet, how));
            }
        });
    }

    /** The ACK is the promise that the frame reaches subscribers: only for a frame that is on disk. */
    private void acknowledge(Packet packet, FrameStore.Stored how) {
        if (how == FrameStore.Stored.FULL) {
            counters.acksWithheld.increment();
            LOG.warn("link {}: {} seq {} NOT acknowledged, the journal is full", linkId, packet.type(), packet.seq());
            return;
        }
        if (how == FrameStore.Stored.DUPLICATE) {
            counters.duplicates.increment();
        }
        counters.acksSent.increment();
        write(new Ack(packet.seq()));
    }

    private void onRejected(RejectedFrame rejected) {
        counters.frameReceived(wallClockMs.getAsLong());
        if (hello == null) {
            if (rejected.type() != MessageType.HEARTBEAT.code()) {
                counters.rejectedBeforeHello.increment();
                nak(rejected.seq(), NakReason.NO_HELLO_YET);
            }
        } else if (rejected.reliable()) {
            nak(rejected.seq(), rejected.nakReason());
        }
    }

    /** A handler below or this one failed (I/O error, decoder bug), or the journal did: see {@link #fault}. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fault(cause);
    }

    /**
     * Nothing on this connection can be trusted after an unexpected failure: it is counted, logged once (link id
     * and exception type only: a message may quote payload bytes), reported LOST, and the connection closed so
     * the supervisor reconnects. Unacknowledged frames stay with the programmer, which sends them again.
     */
    private void fault(Throwable failure) {
        if (faulted) {
            return;
        }
        faulted = true;
        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : failure;
        counters.faults.increment();
        LOG.error("link {}: closing the connection after {}", linkId, cause.getClass().getName());
        state(LinkState.LOST, "closed after " + cause.getClass().getSimpleName());
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == LinkIdle.HEARTBEAT_DUE) {
            write(new Heartbeat(((now() - startNanos) / 1_000_000L) & 0xFFFFFFFFL));
        } else if (evt == LinkIdle.PEER_SILENT) {
            counters.linkLosses.increment();
            state(LinkState.LOST, "nothing received for " + PtlPipeline.SILENT_INTERVALS + " heartbeat intervals");
            if (closeOnSilence) {
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * Sends a read-only request (REQUEST_INTERROGATION or REQUEST_STATUS), retransmitted until ACKed; completes
     * with the programmer's COMMAND_RESULT. Callable from any thread; the caller bounds the wait, and completing the
     * future itself (a timeout) withdraws the request from the outbox.
     */
    public CompletableFuture<CommandResult> request(Request request) {
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        // a caller that stops waiting (its timeout) has told its requester "failed": the frame must not go after that
        result.whenComplete((answer, failure) -> {
            if (failure != null) {
                ctx.executor().execute(() -> withdraw(request));
            }
        });
        ctx.executor().execute(() -> {
            if (hello == null) {
                result.completeExceptionally(new LinkDownException(linkId));
                return;
            }
            pendingRequests.put(request.requestId(), result);
            requests.enqueue(request);
            flushRequests();
        });
        return result;
    }

    private void withdraw(Request request) {
        pendingRequests.remove(request.requestId());
        requests.withdraw(request);
    }

    private void failRequest(Request refused, Nak nak) {
        Optional.ofNullable(pendingRequests.remove(refused.requestId())).ifPresent(f -> f.completeExceptionally(
                new IllegalStateException("programmer refused the request with NAK reason " + nak.reasonCode())));
    }

    private void retransmitRequests() {
        if (hello != null) {
            var due = requests.dueForRetransmit(now());
            counters.requestsRetransmitted.add(due.size());
            due.forEach(this::writePacket);
        }
    }

    private void flushRequests() {
        requests.take(seq, now()).forEach(this::writePacket);
    }

    private void nak(int nakSeq, NakReason reason) {
        counters.naksSent.increment();
        write(new Nak(nakSeq, reason));
    }

    private void write(Message message) {
        writePacket(Packet.of(seq.next(), message));
    }

    private void writePacket(Packet packet) {
        ctx.writeAndFlush(packet);
    }

    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    private void state(LinkState state, String reason) {
        listener.stateChanged(linkId, state, reason, Optional.ofNullable(hello));
    }
}
