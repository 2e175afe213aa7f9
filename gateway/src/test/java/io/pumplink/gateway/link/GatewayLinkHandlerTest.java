package io.pumplink.gateway.link;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.link.Outbox;
import io.pumplink.protocol.link.PtlPipeline;
import io.pumplink.protocol.message.Ack;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.HelloAck;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.Nak;
import io.pumplink.protocol.message.NakReason;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.RejectedFrame;
import io.pumplink.protocol.message.RequestInterrogation;
import io.pumplink.protocol.message.RequestStatus;
import io.pumplink.protocol.message.ReservoirStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every link rule of ICD section 3, on the gateway side, in an EmbeddedChannel with controlled time. */
class GatewayLinkHandlerTest {
    private static final long GATEWAY_TIME_MS = 1_767_225_600_000L;
    private static final String PROGRAMMER = "PRG-000123";
    private static final int HELLO_SEQ = 100;

    private final FakeStore store = new FakeStore();
    private final List<LinkState> states = new ArrayList<>();
    private final LinkCounters counters = new LinkCounters();
    private EmbeddedChannel channel = open(true);

    private EmbeddedChannel open(boolean closeOnSilence) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(PtlPipeline.HEARTBEAT, PtlPipeline.heartbeat(PtlPipeline.DEFAULT_HEARTBEAT_MS));
        ch.pipeline().addLast(new GatewayLinkHandler("bench-1", store, (link, state, reason, hello) -> states.add(state),
                counters, () -> GATEWAY_TIME_MS, closeOnSilence));
        ch.pipeline().fireChannelActive();
        return ch;
    }

    @AfterEach
    void close() {
        ((Logger) LoggerFactory.getLogger(GatewayLinkHandler.class)).detachAndStopAllAppenders();
        channel.finishAndReleaseAll();
    }

    @Test
    void framesBeforeHelloAreAnsweredWithNak4AndNotStored() {
        receive(reliable(7, alarm(1)));

        assertThat(sent()).containsExactly(new Packet(0, 0, new Nak(7, NakReason.NO_HELLO_YET)));
        assertThat(store.frames).isEmpty();
        assertThat(counters.rejectedBeforeHello()).isEqualTo(1);
    }

    @Test
    void heartbeatBeforeHelloIsNotAnswered() {
        receive(Packet.of(3, new Heartbeat(10)));
        assertThat(sent()).isEmpty();
    }

    @Test
    void rejectedFrameBeforeHelloGetsNak4() {
        receive(new RejectedFrame(0x7F, 9, Frame.RELIABLE, NakReason.UNKNOWN_TYPE, "unknown type 0x7f"));
        assertThat(sent()).extracting(Packet::message).containsExactly(new Nak(9, NakReason.NO_HELLO_YET));
    }

    @Test
    void helloIsAnsweredWithHelloAckNumberedFromZero() {
        assertThat(hello()).containsExactly(new Packet(0, 0,
                new HelloAck(GATEWAY_TIME_MS, HelloAck.ACCEPTED, Frame.MAX_PAYLOAD_LENGTH)));
        assertThat(states).containsExactly(LinkState.AWAITING_HELLO, LinkState.UP);
    }

    @Test
    void unsupportedProtocolVersionIsRefusedAndDataStaysUnanswered() {
        receive(Packet.of(0, new Hello(2, PROGRAMMER, 3, 0, 0, 7, 1000)));
        receive(reliable(1, alarm(1)));

        assertThat(sent()).extracting(Packet::message).containsExactly(
                new HelloAck(GATEWAY_TIME_MS, HelloAck.VERSION_UNSUPPORTED, Frame.MAX_PAYLOAD_LENGTH),
                new Nak(1, NakReason.NO_HELLO_YET));
        assertThat(states).contains(LinkState.REJECTED);
    }

    @Test
    void reliableFrameIsAckedOnlyOnceDurable() {
        hello();
        CompletableFuture<FrameStore.Stored> durable = store.next();
        receive(reliable(HELLO_SEQ + 1, alarm(9)));

        assertThat(store.frames).hasSize(1);
        assertThat(sent()).as("no ACK before the journal's fsync").isEmpty();

        durable.complete(FrameStore.Stored.NEW);
        channel.runPendingTasks();

        assertThat(sent()).extracting(Packet::message).containsExactly(new Ack(HELLO_SEQ + 1));
        assertThat(store.frames.get(0).programmerSerial()).isEqualTo(PROGRAMMER);
        assertThat(store.frames.get(0).receiveTimeMs()).isEqualTo(GATEWAY_TIME_MS);
    }

    @Test
    void fullJournalWithholdsTheAck() {
        hello();
        store.next().complete(FrameStore.Stored.FULL);
        receive(reliable(HELLO_SEQ + 1, alarm(9)));
        channel.runPendingTasks();

        assertThat(sent()).isEmpty();
        assertThat(counters.acksWithheld()).isEqualTo(1);
        assertThat(channel.isOpen()).as("a full journal is flow control, not a fault").isTrue();
    }

    @Test
    void exceptionInThePipelineIsCountedLoggedByTypeAndClosesTheLink() {
        hello();
        ListAppender<ILoggingEvent> log = captureLog();

        channel.pipeline().fireExceptionCaught(new DecoderException("payload 0xDEADBEEF of NGP-4711"));

        assertThat(counters.faults()).isEqualTo(1);
        assertThat(channel.isOpen()).as("closed: the supervisor reconnects").isFalse();
        assertThat(states).last().isEqualTo(LinkState.LOST);
        assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("bench-1", DecoderException.class.getName())
                .doesNotContain("DEADBEEF", "NGP-4711");
    }

    @Test
    void brokenJournalClosesTheLinkOnceWithoutAck() {
        hello();
        ListAppender<ILoggingEvent> log = captureLog();
        CompletableFuture<FrameStore.Stored> first = store.next();
        CompletableFuture<FrameStore.Stored> second = store.next();
        receive(reliable(HELLO_SEQ + 1, alarm(9)));
        receive(reliable(HELLO_SEQ + 2, alarm(10)));
        first.completeExceptionally(new IOException("journal write failed"));
        second.completeExceptionally(new IOException("journal write failed earlier, reopen it"));
        channel.runPendingTasks();

        assertThat(sent()).isEmpty();
        assertThat(counters.acksWithheld()).as("not full: broken").isZero();
        assertThat(counters.faults()).isEqualTo(1);
        assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains(IOException.class.getName());
        assertThat(channel.isOpen()).isFalse();
        assertThat(states).last().isEqualTo(LinkState.LOST);
    }

    @Test
    void storeThatThrowsClosesTheLinkToo() {
        hello();
        store.throwing = new IllegalStateException("journal closed");
        receive(Packet.of(HELLO_SEQ + 1, reservoir()));

        assertThat(counters.faults()).isEqualTo(1);
        assertThat(channel.isOpen()).isFalse();
        channel.checkException(); // handled here: nothing reached the pipeline's tail
    }

    @Test
    void duplicateIsAckedAgainAndCounted() {
        hello();
        store.next().complete(FrameStore.Stored.DUPLICATE);
        receive(new Packet(HELLO_SEQ + 1, Frame.RELIABLE | Frame.RETRANSMIT, alarm(9)));
        channel.runPendingTasks();

        assertThat(sent()).extracting(Packet::message).containsExactly(new Ack(HELLO_SEQ + 1));
        assertThat(counters.duplicates()).isEqualTo(1);
    }

    @Test
    void unreliableStatusIsStoredWithoutAck() {
        hello();
        receive(Packet.of(HELLO_SEQ + 1, reservoir()));
        channel.runPendingTasks();

        assertThat(store.frames).hasSize(1);
        assertThat(sent()).isEmpty();
    }

    @Test
    void forwardJumpInSequenceCountsMissedFrames() {
        hello();
        receive(Packet.of(HELLO_SEQ + 1, reservoir()));
        receive(Packet.of(HELLO_SEQ + 4, reservoir()));

        assertThat(counters.seqGaps()).isEqualTo(1);
        assertThat(counters.framesMissed()).isEqualTo(2);
    }

    @Test
    void retransmissionIsNeverAGap() {
        hello();
        receive(Packet.of(HELLO_SEQ + 1, reservoir()));
        receive(Packet.of(HELLO_SEQ + 2, reservoir()));
        receive(new Packet(HELLO_SEQ - 40, Frame.RELIABLE | Frame.RETRANSMIT, alarm(3)));
        receive(Packet.of(HELLO_SEQ + 3, reservoir()));

        assertThat(counters.seqGaps()).isZero();
        assertThat(counters.retransmitsSeen()).isEqualTo(1);
    }

    @Test
    void sequenceWrapsAtU16() {
        receive(Packet.of(0xFFFE, new Hello(1, PROGRAMMER, 2, 4, 17, 7, 1000)));
        receive(Packet.of(0xFFFF, reservoir()));
        receive(Packet.of(0x0000, reservoir()));

        assertThat(counters.seqGaps()).isZero();
    }

    /** Issue 11 item 7: a tiny interval would have both sides send HEARTBEATs flat out. */
    @Test
    void helloWithAHeartbeatIntervalBelowTheMinimumIsRefusedWithNak3() {
        int tooShortMs = GatewayLinkHandler.MIN_HEARTBEAT_INTERVAL_MS - 1;
        receive(Packet.of(HELLO_SEQ, new Hello(1, PROGRAMMER, 2, 4, 17, 7, tooShortMs)));
        receive(reliable(HELLO_SEQ + 1, alarm(1)));

        assertThat(sent()).extracting(Packet::message).containsExactly(
                new Nak(HELLO_SEQ, NakReason.INVALID_FIELD), new Nak(HELLO_SEQ + 1, NakReason.NO_HELLO_YET));
        assertThat(states).containsExactly(LinkState.AWAITING_HELLO, LinkState.REJECTED);
        assertThat(store.frames).isEmpty();
    }

    @Test
    void unusableReliableFramesGetNakWithTheirReason() {
        hello();
        receive(new RejectedFrame(0x7F, 201, Frame.RELIABLE, NakReason.UNKNOWN_TYPE, "unknown"));
        receive(new RejectedFrame(MessageType.ALARM.code(), 202, Frame.RELIABLE, NakReason.PAYLOAD_TOO_SHORT, "short"));
        receive(new RejectedFrame(MessageType.ALARM.code(), 203, Frame.RELIABLE, NakReason.INVALID_FIELD, "serial"));
        receive(new RejectedFrame(MessageType.RESERVOIR_STATUS.code(), 204, 0, NakReason.INVALID_FIELD, "unreliable"));

        assertThat(sent()).extracting(Packet::message).containsExactly(
                new Nak(201, NakReason.UNKNOWN_TYPE), new Nak(202, NakReason.PAYLOAD_TOO_SHORT),
                new Nak(203, NakReason.INVALID_FIELD));
    }

    @Test
    void gatewayTypesSentToTheGatewayAreNakedAsUnknownAndNotStored() {
        hello();
        receive(reliable(HELLO_SEQ + 1, new RequestStatus(5)));
        receive(reliable(HELLO_SEQ + 2, new HelloAck(GATEWAY_TIME_MS, HelloAck.ACCEPTED, 1024)));

        assertThat(sent()).extracting(Packet::message).containsExactly(
                new Nak(HELLO_SEQ + 1, NakReason.UNKNOWN_TYPE), new Nak(HELLO_SEQ + 2, NakReason.UNKNOWN_TYPE));
        assertThat(store.frames).isEmpty();
    }

    @Test
    void helloOnALiveLinkRestartsIt() {
        hello();
        receive(Packet.of(HELLO_SEQ + 1, reservoir()));
        sent();
        receive(Packet.of(5000, new Hello(1, PROGRAMMER, 2, 4, 17, 7, 1000)));
        receive(Packet.of(5001, reservoir()));

        assertThat(sent()).extracting(Packet::seq).containsExactly(0);
        assertThat(counters.hellos()).isEqualTo(2);
        assertThat(counters.seqGaps()).as("numbering restarted at the new HELLO").isZero();
        assertThat(states).containsSubsequence(LinkState.UP, LinkState.UP);
    }

    @Test
    void heartbeatAfterAnIntervalWithoutSending() {
        receive(Packet.of(HELLO_SEQ, new Hello(1, PROGRAMMER, 2, 4, 17, 7, 200)));
        sent();

        channel.advanceTimeBy(210, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(sent()).extracting(Packet::message).singleElement().isInstanceOf(Heartbeat.class);
    }

    @Test
    void silenceForThreeIntervalsLosesTheLink() {
        hello();
        for (int i = 0; i < 4; i++) {
            channel.advanceTimeBy(1000, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
        }

        assertThat(states).contains(LinkState.LOST);
        assertThat(counters.linkLosses()).isEqualTo(1);
        assertThat(channel.isOpen()).as("TCP: a silent socket is closed and reconnected").isFalse();
    }

    @Test
    void silentSerialLinkStaysOpenForTheNextHello() {
        channel.finishAndReleaseAll();
        channel = open(false);
        hello();
        for (int i = 0; i < 4; i++) {
            channel.advanceTimeBy(1000, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
        }

        assertThat(states).contains(LinkState.LOST);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void requestIsRetransmittedUntilAckedAndAnsweredByCommandResult() {
        hello();
        GatewayLinkHandler handler = channel.pipeline().get(GatewayLinkHandler.class);
        CompletableFuture<CommandResult> result = handler.request(new RequestInterrogation(77));
        channel.runPendingTasks();
        Packet request = sent().get(0);
        assertThat(request.message()).isEqualTo(new RequestInterrogation(77));
        assertThat(request.reliable()).isTrue();

        channel.advanceTimeBy(600, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent()).extracting(Packet::seq, Packet::retransmit).contains(
                org.assertj.core.groups.Tuple.tuple(request.seq(), true));

        receive(Packet.of(HELLO_SEQ + 1, new Ack(request.seq())));
        channel.advanceTimeBy(600, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent()).as("no retransmission after the ACK").isEmpty();

        store.next().complete(FrameStore.Stored.NEW);
        receive(reliable(HELLO_SEQ + 2, new CommandResult(77, 0)));
        assertThat(result).isCompletedWithValue(new CommandResult(77, 0));
    }

    /**
     * Issue 11: a request whose caller gave up (the MQTT side timed out and told its requester so) leaves the
     * outbox: a queued one is never sent, an in-flight one is not retransmitted, when the programmer answers again.
     */
    @Test
    void aRequestItsCallerGaveUpOnIsNeverSentNorRetransmitted() {
        hello();
        GatewayLinkHandler handler = channel.pipeline().get(GatewayLinkHandler.class);
        List<CompletableFuture<CommandResult>> inFlight = new ArrayList<>();
        for (int id = 0; id < Outbox.ICD_WINDOW; id++) {
            inFlight.add(handler.request(new RequestStatus(id)));
        }
        CompletableFuture<CommandResult> queued = handler.request(new RequestInterrogation(99));
        channel.runPendingTasks();
        List<Packet> window = sent();
        assertThat(window).hasSize(Outbox.ICD_WINDOW);

        inFlight.get(0).completeExceptionally(new TimeoutException("requester told: no answer"));
        queued.completeExceptionally(new TimeoutException("requester told: no answer"));
        channel.runPendingTasks();
        int seq = HELLO_SEQ + 1;
        for (Packet request : window.subList(1, window.size())) {
            receive(Packet.of(seq++, new Ack(request.seq())));
        }
        channel.advanceTimeBy(600, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(sent()).extracting(Packet::message)
                .doesNotContain(new RequestInterrogation(99), new RequestStatus(0));
    }

    @Test
    void requestWithoutHelloFailsAtOnce() {
        GatewayLinkHandler handler = channel.pipeline().get(GatewayLinkHandler.class);
        CompletableFuture<CommandResult> result = handler.request(new RequestInterrogation(1));
        channel.runPendingTasks();
        assertThat(result).isCompletedExceptionally();
    }

    /**
     * Defect 7: LinkStatus.last_frame_received_ms and clock_offset_ms were documented but never filled. The offset
     * comes from frames whose ts is the device's "now" (status frames), not from an alarm's or a log entry's event
     * time: a RESERVOIR_STATUS stamped 90 s after the gateway's clock gives +90 000 ms.
     */
    @Test
    void defect7LastFrameTimeAndClockOffsetAreKept() {
        assertThat(counters.lastFrameReceivedMs()).isEmpty();
        hello();
        assertThat(counters.lastFrameReceivedMs()).hasValue(GATEWAY_TIME_MS);
        assertThat(counters.clockOffsetMs()).as("HELLO has no ts").isEmpty();

        receive(Packet.of(HELLO_SEQ + 1, new ReservoirStatus(GATEWAY_TIME_MS + 90_000, "NGP-4711", 12_345, 2000, 1,
                2000, 0)));
        receive(reliable(HELLO_SEQ + 2, new Alarm(GATEWAY_TIME_MS - 3_600_000, "NGP-4711", 4, 1, 2, 1, 0)));

        assertThat(counters.clockOffsetMs()).hasValue(90_000);
    }

    private static ListAppender<ILoggingEvent> captureLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(GatewayLinkHandler.class)).addAppender(appender);
        return appender;
    }

    /** Brings the link up; returns what the gateway answered. */
    private List<Packet> hello() {
        receive(Packet.of(HELLO_SEQ, new Hello(1, PROGRAMMER, 2, 4, 17, 7, 1000)));
        return sent();
    }

    private void receive(Object inbound) {
        channel.writeInbound(inbound);
        channel.runPendingTasks();
    }

    private List<Packet> sent() {
        List<Packet> out = new ArrayList<>();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            out.add((Packet) o);
        }
        return out;
    }

    private static Packet reliable(int seq, Message message) {
        return new Packet(seq, Frame.RELIABLE, message);
    }

    private static Alarm alarm(long id) {
        return new Alarm(GATEWAY_TIME_MS, "NGP-4711", id, 1, 2, 1, 1998);
    }

    private static ReservoirStatus reservoir() {
        return new ReservoirStatus(GATEWAY_TIME_MS, "NGP-4711", 12_345, 2000, 1, 2000, 0);
    }

    /** Records frames; each store returns the next prepared future, or a completed one. */
    private static final class FakeStore implements FrameStore {
        final List<ReceivedFrame> frames = new ArrayList<>();
        private final List<CompletableFuture<Stored>> prepared = new ArrayList<>();
        RuntimeException throwing;

        CompletableFuture<Stored> next() {
            CompletableFuture<Stored> future = new CompletableFuture<>();
            prepared.add(future);
            return future;
        }

        @Override
        public CompletableFuture<Stored> store(ReceivedFrame frame) {
            if (throwing != null) {
                throw throwing;
            }
            frames.add(frame);
            return prepared.isEmpty() ? CompletableFuture.completedFuture(Stored.NEW) : prepared.remove(0);
        }
    }
}
