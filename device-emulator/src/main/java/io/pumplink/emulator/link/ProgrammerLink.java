package io.pumplink.emulator.link;

import io.pumplink.protocol.link.SeqCounter;
import io.pumplink.protocol.link.Outbox;
import io.netty.channel.Channel;
import io.pumplink.protocol.message.Ack;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.HelloAck;
import io.pumplink.protocol.message.Inbound;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Nak;
import io.pumplink.protocol.message.NakReason;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.RejectedFrame;
import io.pumplink.protocol.message.Request;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The programmer side of ICD section 3 for one programmer, across any number of successive links (TCP
 * connections or serial outages): HELLO until HELLO_ACK, HELLO again on NAK 4, reliable frames kept in the
 * {@link Outbox} and retransmitted until ACKed, gateway requests ACKed and handed on once per request id.
 * Single-threaded: every method runs on the programmer's executor.
 */
public final class ProgrammerLink {
    private static final Logger LOG = LoggerFactory.getLogger(ProgrammerLink.class);
    private static final int REMEMBERED_REQUESTS = 1024;

    /** Where the link stands. */
    public enum State { DISCONNECTED, HELLO_SENT, UP, REJECTED }

    /** What the programmer's device does with the link. */
    public interface Listener {
        /** A new (not duplicate) REQUEST_INTERROGATION or REQUEST_STATUS. */
        void onRequest(Request request);
    }

    private final Hello hello;
    private final Outbox outbox;
    private final SeqCounter seq;
    private final LongSupplier nanoClock;
    private final Listener listener;
    private final LinkStats stats = new LinkStats();
    private final Set<Long> answeredRequestIds = new LinkedHashSet<>();
    private final long startNanos;
    private Channel channel;
    private State state = State.DISCONNECTED;
    private Packet helloInFlight;
    private long lastHelloNanos;

    public ProgrammerLink(Hello hello, Outbox outbox, int firstSeq, LongSupplier nanoClock, Listener listener) {
        this.hello = hello;
        this.outbox = outbox;
        this.seq = new SeqCounter(firstSeq);
        this.nanoClock = nanoClock;
        this.listener = listener;
        this.startNanos = nanoClock.getAsLong();
    }

    /** A byte stream to the gateway opened (or came back after an outage). */
    public void attach(Channel newChannel) {
        channel = newChannel;
        stats.linksOpened.increment();
        sendHello();
    }

    /** The byte stream closed or went silent. Unacknowledged frames stay in the outbox. */
    public void detach(Channel closed) {
        if (channel == closed) {
            channel = null;
            helloInFlight = null;
            if (state != State.REJECTED) {
                state = State.DISCONNECTED;
            }
        }
    }

    /** The gateway was silent for three heartbeat intervals: the link is lost; ask again with HELLO. */
    public void peerSilent() {
        if (channel != null && state != State.REJECTED) {
            stats.linkLosses.increment();
            sendHello();
        }
    }

    public void send(Message message) {
        outbox.enqueue(message);
        flush();
    }

    /** Nothing sent for a heartbeat interval. */
    public void heartbeatDue() {
        if (channel != null) {
            write(Packet.of(seq.next(), new Heartbeat(uptimeMs())));
        }
    }

    /** Periodic: retransmits what waited too long for its ACK or HELLO_ACK. */
    public void tick() {
        if (channel == null) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (state == State.HELLO_SENT && helloInFlight != null) {
            if (now - lastHelloNanos >= Outbox.ICD_RETRANSMIT_NANOS) {
                helloInFlight = helloInFlight.asRetransmit();
                lastHelloNanos = now;
                stats.retransmitted.increment();
                write(helloInFlight);
            }
        } else if (state == State.UP) {
            List<Packet> due = outbox.dueForRetransmit(now);
            stats.retransmitted.add(due.size());
            due.forEach(this::write);
        }
    }

    public void onInbound(Inbound inbound) {
        if (inbound instanceof RejectedFrame rejected) {
            stats.rejected.increment();
            if (rejected.reliable()) {
                write(Packet.of(seq.next(), new Nak(rejected.seq(), rejected.nakReason())));
            }
            return;
        }
        Packet packet = (Packet) inbound;
        Message message = packet.message();
        if (message instanceof HelloAck ack) {
            onHelloAck(ack);
        } else if (message instanceof Ack ack) {
            if (outbox.ack(ack.ackedSeq())) {
                stats.acked.increment();
                flush();
            }
        } else if (message instanceof Nak nak) {
            onNak(nak);
        } else if (message instanceof Request request) {
            onRequest(packet, request);
        }
    }

    private void onHelloAck(HelloAck ack) {
        if (helloInFlight == null) {
            return; // a late answer to a HELLO already answered
        }
        helloInFlight = null;
        if (!ack.accepted()) {
            state = State.REJECTED;
            LOG.error("gateway refused PTL version {} of programmer {}", hello.protocolVersion(),
                    hello.programmerSerial());
            return;
        }
        state = State.UP;
        List<Packet> again = outbox.retransmitAll(nanoClock.getAsLong());
        stats.retransmitted.add(again.size());
        again.forEach(this::write);
        flush();
    }

    private void onNak(Nak nak) {
        stats.naksReceived.increment();
        if (nak.reasonCode() == NakReason.NO_HELLO_YET.code()) {
            sendHello(); // the gateway restarted: make ourselves known, then retransmit (on HELLO_ACK)
        } else if (outbox.refuse(nak.nakSeq()) != null) {
            LOG.warn("gateway refused frame seq {} with NAK reason {}; dropped", nak.nakSeq(), nak.reasonCode());
        }
    }

    private void onRequest(Packet packet, Request request) {
        write(Packet.of(seq.next(), new Ack(packet.seq())));
        if (!answeredRequestIds.add(request.requestId())) {
            stats.duplicateRequests.increment();
            return;
        }
        if (answeredRequestIds.size() > REMEMBERED_REQUESTS) {
            answeredRequestIds.remove(answeredRequestIds.iterator().next());
        }
        listener.onRequest(request);
    }

    private void sendHello() {
        state = State.HELLO_SENT;
        helloInFlight = Packet.of(seq.next(), hello);
        lastHelloNanos = nanoClock.getAsLong();
        write(helloInFlight);
    }

    private void flush() {
        if (state == State.UP && channel != null) {
            outbox.take(seq, nanoClock.getAsLong()).forEach(this::write);
        }
    }

    private void write(Packet packet) {
        stats.sent.increment();
        channel.writeAndFlush(packet);
    }

    private long uptimeMs() {
        return ((nanoClock.getAsLong() - startNanos) / 1_000_000L) & 0xFFFFFFFFL;
    }

    /** The byte stream currently attached, if any. */
    public Optional<Channel> channel() {
        return Optional.ofNullable(channel);
    }

    public State state() {
        return state;
    }

    public LinkStats stats() {
        return stats;
    }

    public Outbox outbox() {
        return outbox;
    }
}
