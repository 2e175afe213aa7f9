package io.pumplink.protocol.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.TherapySummary;
import java.util.List;

/**
 * The benchmarks' input: what a PTL 1.1 programmer streams for one pump in one status round, RESERVOIR_STATUS,
 * FLOW_STATUS, BATTERY_STATUS, THERAPY_SUMMARY, plus an ALARM; built with the production encoders
 * ({@link MessageCodec#encode}, {@link FrameCodec#encode}), so every frame is valid and decodes to a message.
 * Field values are realistic: none is 0 where a pump would not send 0, so COBS blocks are of typical length.
 */
public final class StatusRound {
    public static final int FRAMES = 5;
    private static final String PUMP = "NGP-4711";
    private static final long TS = 1_767_225_600_000L;

    private StatusRound() {
    }

    public static List<Packet> packets() {
        List<Message> messages = List.of(
                new ReservoirStatus(TS, PUMP, 14_250, 2_000, 1, 2_000, TS - 30L * 86_400_000),
                new FlowStatus(TS + 40, PUMP, 1, 41_667, 0, 7_655, 0, 1),
                new Alarm(TS + 80, PUMP, 1_234, 0x0001, 2, 1, 1_900),
                new BatteryStatus(TS + 120, PUMP, 2_870, 1, 1_462),
                new TherapySummary(TS + 160, PUMP, 1, 2_000, 1_000_008, 2_000, TS + 45L * 86_400_000));
        return messages.stream().map(m -> Packet.of(messages.indexOf(m) + 17, m)).toList();
    }

    public static List<Frame> frames() {
        return packets().stream().map(MessageCodec::encode).toList();
    }

    /** The round's wire bytes, each frame COBS-encoded and delimited, in one buffer from {@code alloc}. */
    public static ByteBuf wire(ByteBufAllocator alloc) {
        ByteBuf wire = alloc.buffer();
        frames().forEach(frame -> FrameCodec.encode(frame, wire));
        return wire;
    }

    /** Each frame's COBS run without its delimiter, as the frame decoder hands it to {@link FrameCodec#decode}. */
    public static ByteBuf[] runs(ByteBufAllocator alloc) {
        return frames().stream().map(frame -> {
            ByteBuf encoded = Unpooled.buffer();
            FrameCodec.encode(frame, encoded);
            ByteBuf run = alloc.buffer(encoded.readableBytes() - 1);
            run.writeBytes(encoded, encoded.readableBytes() - 1);
            encoded.release();
            return run;
        }).toArray(ByteBuf[]::new);
    }
}
