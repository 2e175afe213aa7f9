package io.pumplink.protocol.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pumplink.protocol.frame.FrameCounts;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.MessageCounts;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one codec stack: what one end writes, the other reads; heartbeat timing as ICD section 3 has it. */
class PtlPipelineTest {
    private static final int HEARTBEAT_MS = 200;

    private final FrameStats frameStats = new FrameStats();
    private final MessageStats messageStats = new MessageStats();
    private final Recorder recorder = new Recorder();
    private final EmbeddedChannel sender = link(new FrameStats(), new MessageStats(), new Recorder());
    private final EmbeddedChannel receiver = link(frameStats, messageStats, recorder);

    private static EmbeddedChannel link(FrameStats frames, MessageStats messages, Recorder handler) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        PtlPipeline.install(channel.pipeline(), frames, messages, HEARTBEAT_MS).addLast(handler);
        return channel;
    }

    @AfterEach
    void close() {
        sender.finishAndReleaseAll();
        receiver.finishAndReleaseAll();
    }

    @Test
    void aPacketWrittenAtOneEndIsReadAndCountedAtTheOther() {
        FrameCounts framesBefore = frameStats.snapshot();
        MessageCounts messagesBefore = messageStats.snapshot();
        Packet alarm = Packet.of(7, new Alarm(1_767_225_600_000L, "NGP-4711", 3, 1, 2, 1, 0));
        sender.writeOutbound(alarm);
        ByteBuf wire = sender.readOutbound();

        receiver.writeInbound(wire);

        assertThat(recorder.read).containsExactly(alarm);
        assertThat(frameStats.valid()).isEqualTo(1);
        assertThat(messageStats.decoded(MessageType.ALARM)).isEqualTo(1);
        assertThat(frameStats.snapshot().valid()).isEqualTo(1);
        assertThat(messageStats.snapshot().decoded(MessageType.ALARM)).isEqualTo(1);
        assertThat(framesBefore.valid()).as("a snapshot keeps its values").isZero();
        assertThat(messagesBefore.decoded(MessageType.ALARM)).isZero();
    }

    @Test
    void heartbeatIsDueAfterOneQuietIntervalAndSilenceAfterThree() {
        receiver.advanceTimeBy(HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        receiver.runScheduledPendingTasks();
        assertThat(recorder.idle).containsExactly(LinkIdle.HEARTBEAT_DUE);

        receiver.advanceTimeBy(2L * HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        receiver.runScheduledPendingTasks();
        assertThat(recorder.idle).endsWith(LinkIdle.PEER_SILENT);
    }

    @Test
    void trafficEachWayPostponesItsEvent() {
        Packet heartbeat = Packet.of(1, new Heartbeat(0));
        for (int i = 0; i < 5; i++) {
            receiver.advanceTimeBy(HEARTBEAT_MS - 1, TimeUnit.MILLISECONDS);
            receiver.runScheduledPendingTasks();
            receiver.writeOutbound(heartbeat);
            sender.writeOutbound(heartbeat);
            receiver.writeInbound((ByteBuf) sender.readOutbound());
            receiver.runScheduledPendingTasks();
        }
        receiver.releaseOutbound();

        assertThat(recorder.idle).isEmpty();
        assertThat(recorder.read).hasSize(5);
    }

    @Test
    void retimeRestartsTheHeartbeatWithTheHellosInterval() {
        PtlPipeline.retime(receiver.pipeline(), 5 * HEARTBEAT_MS);

        receiver.advanceTimeBy(4L * HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        receiver.runScheduledPendingTasks();
        assertThat(recorder.idle).isEmpty();

        receiver.advanceTimeBy(HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        receiver.runScheduledPendingTasks();
        assertThat(recorder.idle).containsExactly(LinkIdle.HEARTBEAT_DUE);
        assertThat(receiver.pipeline().names()).containsSubsequence(PtlPipeline.FRAME_DECODER,
                PtlPipeline.MESSAGE_DECODER, PtlPipeline.HEARTBEAT);
    }

    /** The side's protocol handler: what reaches the top of the stack. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Object> read = new ArrayList<>();
        final List<LinkIdle> idle = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            read.add(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof LinkIdle event) {
                idle.add(event);
            }
        }
    }
}
