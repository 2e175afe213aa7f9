package io.pumplink.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pumplink.protocol.frame.Cobs;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.frame.FrameDecoder;
import io.pumplink.protocol.frame.FrameResult;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.frame.InvalidFrame;
import io.pumplink.protocol.frame.InvalidReason;
import io.pumplink.protocol.message.Ack;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.HelloAck;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.Nak;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.PumpIdentity;
import io.pumplink.protocol.message.RequestInterrogation;
import io.pumplink.protocol.message.RequestStatus;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import io.pumplink.protocol.message.TherapySummary;
import io.pumplink.testsupport.LeakCheckExtension;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/** Round trips of the message codecs, COBS, and the stream decoder, over generated input. */
class RoundTripProperties {

    /** jqwik does not run JUnit Jupiter extensions, so the leak check of the other test classes runs here. */
    @AfterContainer
    static void noBufferLeaked() throws InterruptedException {
        assertThat(LeakCheckExtension.collectLeaks()).isEmpty();
    }

    // (a) messages

    @Property
    void everyMessageSurvivesEncodeToWireAndDecode(@ForAll("packets") Packet packet) {
        Statistics.label("type").collect(packet.type());
        Statistics.label("type").coverage(checker -> {
            for (MessageType type : MessageType.values()) {
                checker.check(type).count(n -> n > 0);
            }
        });
        byte[] wire = wire(MessageCodec.encode(packet));
        assertThat(Arrays.copyOf(wire, wire.length - 1)).doesNotContain((byte) 0);
        assertThat(MessageCodec.decode(decodeRun(wire))).isEqualTo(packet);
    }

    @Provide
    Arbitrary<Packet> packets() {
        Arbitrary<Message> messages = Arbitraries.of(MessageType.class).flatMap(RoundTripProperties::messages);
        return Combinators.combine(u16(), Arbitraries.integers().between(0, 3), messages).as(Packet::new);
    }

    /** Every field over its full range; the switch is exhaustive, so a new type cannot go untested. */
    private static Arbitrary<Message> messages(MessageType type) {
        Arbitrary<? extends Message> messages = switch (type) {
            case HELLO -> Combinators.combine(u8(), ascii16(), u8(), u8(), u16(), u32(), u16()).as(Hello::new);
            case HELLO_ACK -> Combinators.combine(u64(), u8(), u16()).as(HelloAck::new);
            case HEARTBEAT -> u32().map(Heartbeat::new);
            case ACK -> u16().map(Ack::new);
            case NAK -> Combinators.combine(u16(), u8()).as(Nak::new);
            case PROGRAMMER_STATUS -> Combinators.combine(u64(), u8(), u8(), i8()).as(ProgrammerStatus::new);
            case PUMP_IDENTITY -> Combinators.combine(u64(), ascii16(), u16(), u32(), u16(), u32(), u16())
                    .as(PumpIdentity::new);
            case RESERVOIR_STATUS -> Combinators.combine(u64(), ascii16(), u32(), u32(), u8(), u32(), u64())
                    .as(ReservoirStatus::new);
            case FLOW_STATUS -> Combinators.combine(u64(), ascii16(), u8(), u32(), u32(), u32(), u8(), u8())
                    .as(FlowStatus::new);
            case BATTERY_STATUS -> Combinators.combine(u64(), ascii16(), u16(), u8(), u16()).as(BatteryStatus::new);
            // states other than RAISED and CLEARED are NAK 3 (MalformedFrameTest), so they do not round-trip
            case ALARM -> Combinators.combine(u64(), ascii16(), u32(), u16(), u8(),
                            Arbitraries.of(AlarmState.values()).map(AlarmState::code), Arbitraries.integers())
                    .as(Alarm::new);
            case SESSION_BEGIN -> Combinators.combine(u64(), ascii16(), u32(), ascii16()).as(SessionBegin::new);
            case LOG_ENTRY -> Combinators.combine(u64(), ascii16(), u32(), u16(), u8(), Arbitraries.integers(),
                    Arbitraries.integers(), Arbitraries.integers()).as(LogEntry::new);
            case SESSION_END -> Combinators.combine(u64(), ascii16(), u32(), u16(), u8()).as(SessionEnd::new);
            case THERAPY_SUMMARY -> Combinators.combine(u64(), ascii16(), u8(), u32(), u32(), u32(), u64())
                    .as(TherapySummary::new);
            case REQUEST_INTERROGATION -> u32().map(RequestInterrogation::new);
            case REQUEST_STATUS -> u32().map(RequestStatus::new);
            case COMMAND_RESULT -> Combinators.combine(u32(), u8()).as(CommandResult::new);
        };
        return messages.map(m -> m); // widens to Arbitrary<Message>
    }

    private static Arbitrary<Integer> u8() {
        return Arbitraries.integers().between(0, 0xFF);
    }

    private static Arbitrary<Integer> i8() {
        return Arbitraries.integers().between(Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    private static Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xFFFF);
    }

    private static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xFFFFFFFFL);
    }

    /** A u64 lives in a long: every bit pattern is a value. */
    private static Arbitrary<Long> u64() {
        return Arbitraries.longs();
    }

    private static Arbitrary<String> ascii16() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(16);
    }

    // (b) COBS

    @Property
    void cobsRoundTripsWithoutZeroBytes(@ForAll("cobsInputs") byte[] data) {
        ByteBuf encoded = Unpooled.buffer(Cobs.maxEncodedLength(data.length));
        try {
            Cobs.encode(data, data.length, encoded);
            byte[] bytes = ByteBufUtil.getBytes(encoded);
            assertThat(bytes).doesNotContain((byte) 0).hasSizeLessThanOrEqualTo(Cobs.maxEncodedLength(data.length));
            assertThat(cobsDecode(bytes, data.length)).isEqualTo(data);
            boolean fullBlocksAtEnd = endsWithFullBlocks(data);
            Statistics.label("ends with full 254-byte blocks").collect(fullBlocksAtEnd)
                    .coverage(checker -> checker.check(true).count(n -> n > 0));
            if (fullBlocksAtEnd) {
                // the reference encoder's final 0x01, and the decoder's acceptance of the form without it
                assertThat(bytes[bytes.length - 1]).isEqualTo((byte) 1);
                assertThat(cobsDecode(Arrays.copyOf(bytes, bytes.length - 1), data.length)).isEqualTo(data);
            }
        } finally {
            encoded.release();
        }
    }

    /** Decodes into a buffer of exactly the original size: the decoder must not need slack. */
    private static byte[] cobsDecode(byte[] encoded, int originalLength) {
        byte[] out = new byte[originalLength];
        ByteBuf in = Unpooled.wrappedBuffer(encoded);
        try {
            assertThat(Cobs.decode(in, out)).isEqualTo(originalLength);
            return out;
        } finally {
            in.release();
        }
    }

    /** Whether the data ends with a non-zero run that is a whole number of 254-byte COBS blocks. */
    private static boolean endsWithFullBlocks(byte[] data) {
        int run = 0;
        while (run < data.length && data[data.length - 1 - run] != 0) {
            run++;
        }
        return run > 0 && run % 254 == 0;
    }

    /** Zero bursts between non-zero runs, with runs at and around the 254-byte block size. */
    @Provide
    Arbitrary<byte[]> cobsInputs() {
        Arbitrary<Integer> runLength = Arbitraries.oneOf(Arbitraries.integers().between(0, 600),
                Arbitraries.of(253, 254, 255, 507, 508, 509, 762));
        Arbitrary<byte[]> run = runLength.flatMap(n -> nonZeroBytes(n, n));
        Arbitrary<byte[]> zeros = Arbitraries.integers().between(1, 3).map(byte[]::new);
        Arbitrary<byte[]> segments = Arbitraries.oneOf(run, zeros).list().ofMaxSize(10)
                .map(RoundTripProperties::concat);
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(1100);
        return Arbitraries.oneOf(segments, any).map(b -> Arrays.copyOf(b, Math.min(b.length, 1100)));
    }

    private static Arbitrary<byte[]> nonZeroBytes(int min, int max) {
        return Arbitraries.bytes().filter(b -> b != 0).array(byte[].class).ofMinSize(min).ofMaxSize(max);
    }

    // (c) stream decoding in chunks

    @Property
    void streamDecodesTheSameInAnyChunking(@ForAll("streams") StreamModel stream,
                                           @ForAll @Size(max = 40) List<@IntRange(max = 1_000_000) Integer> cuts) {
        FrameStats wholeStats = new FrameStats();
        FrameStats chunkedStats = new FrameStats();
        List<FrameResult> whole = feed(wholeStats, List.of(stream.bytes()));
        List<FrameResult> chunked = feed(chunkedStats, split(stream.bytes(), cuts));

        assertThat(whole).isEqualTo(stream.expected());
        assertThat(chunked).isEqualTo(stream.expected());
        assertThat(chunkedStats.valid()).isEqualTo(wholeStats.valid());
        assertThat(chunkedStats.resyncs()).isEqualTo(wholeStats.resyncs());
        for (InvalidReason reason : InvalidReason.values()) {
            assertThat(chunkedStats.invalid(reason)).as(reason.name()).isEqualTo(wholeStats.invalid(reason));
        }
    }

    private static List<FrameResult> feed(FrameStats stats, List<byte[]> chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(stats));
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        }
        channel.finish(); // end of stream: a trailing partial frame is reported as TRUNCATED
        List<FrameResult> results = new ArrayList<>();
        for (FrameResult r = channel.readInbound(); r != null; r = channel.readInbound()) {
            results.add(r);
        }
        return results;
    }

    /** Splits at the cut positions (taken modulo the length, so any list of numbers is a valid cut set). */
    private static List<byte[]> split(byte[] bytes, List<Integer> cuts) {
        int[] points = cuts.stream().mapToInt(c -> c % (bytes.length + 1)).sorted().toArray();
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int to : points) {
            chunks.add(Arrays.copyOfRange(bytes, from, to));
            from = to;
        }
        chunks.add(Arrays.copyOfRange(bytes, from, bytes.length));
        return chunks;
    }

    @Provide
    Arbitrary<StreamModel> streams() {
        Arbitrary<Integer> anyPosition = Arbitraries.integers().greaterOrEqual(0);
        Arbitrary<StreamModel> piece = Arbitraries.frequencyOf(List.of(
                Tuple.of(6, frames().map(StreamModel::valid)),
                Tuple.of(2, Combinators.combine(frames(), anyPosition).as(StreamModel::corrupted)),
                Tuple.of(1, Arbitraries.just(StreamModel.IDLE)),
                Tuple.of(1, nonZeroBytes(FrameDecoder.ICD_MAX_RUN_LENGTH + 1, 1500).map(StreamModel::overlong))));
        Arbitrary<StreamModel> end = Arbitraries.oneOf(Arbitraries.just(StreamModel.EMPTY),
                Combinators.combine(frames(), anyPosition).as(StreamModel::truncated));
        return Combinators.combine(piece.list().ofMinSize(1).ofMaxSize(8), end).as(StreamModel::concat);
    }

    /** Bytes of a stream and what the frame decoder must make of them, built piece by piece. */
    record StreamModel(byte[] bytes, List<FrameResult> expected) {
        static final StreamModel EMPTY = new StreamModel(new byte[0], List.of());
        /** A lone delimiter: idle line, no result. */
        static final StreamModel IDLE = new StreamModel(new byte[] {0}, List.of());

        static StreamModel valid(Frame frame) {
            return new StreamModel(wire(frame), List.of(frame));
        }

        /** One flipped bit anywhere in the decoded frame: the size stays valid, so the CRC must catch it. */
        static StreamModel corrupted(Frame frame, int position) {
            byte[] raw = FrameCodec.toBytes(frame);
            int bit = position % (raw.length * 8);
            raw[bit / 8] ^= (byte) (1 << bit % 8);
            byte[] run = cobs(raw);
            return new StreamModel(Arrays.copyOf(run, run.length + 1),
                    List.of(new InvalidFrame(InvalidReason.CRC_MISMATCH, run.length)));
        }

        static StreamModel overlong(byte[] run) {
            return new StreamModel(Arrays.copyOf(run, run.length + 1),
                    List.of(new InvalidFrame(InvalidReason.TOO_LONG, run.length)));
        }

        /** The stream ends inside a frame, before its delimiter. */
        static StreamModel truncated(Frame frame, int position) {
            byte[] wire = wire(frame);
            int length = 1 + position % (wire.length - 1); // up to all but the delimiter
            return new StreamModel(Arrays.copyOf(wire, length),
                    List.of(new InvalidFrame(InvalidReason.TRUNCATED, length)));
        }

        static StreamModel concat(List<StreamModel> pieces, StreamModel end) {
            List<StreamModel> all = new ArrayList<>(pieces);
            all.add(end);
            return new StreamModel(RoundTripProperties.concat(all.stream().map(StreamModel::bytes).toList()),
                    all.stream().flatMap(m -> m.expected().stream()).toList());
        }

        @Override
        public String toString() {
            return "StreamModel[%d bytes, expected=%s]".formatted(bytes.length, expected);
        }
    }

    private static Arbitrary<Frame> frames() {
        return Combinators.combine(u8(), Arbitraries.integers().between(0, 3), u16(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(Frame.MAX_PAYLOAD_LENGTH)).as(Frame::new);
    }

    // shared helpers

    private static byte[] wire(Frame frame) {
        ByteBuf out = Unpooled.buffer();
        try {
            FrameCodec.encode(frame, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** Decodes one delimited run as the frame decoder does, and requires a valid frame. */
    private static Frame decodeRun(byte[] wire) {
        ByteBuf run = Unpooled.wrappedBuffer(wire, 0, wire.length - 1);
        try {
            FrameResult result = FrameCodec.decode(run, new byte[wire.length]);
            assertThat(result).isInstanceOf(Frame.class);
            return (Frame) result;
        } finally {
            run.release();
        }
    }

    private static byte[] cobs(byte[] raw) {
        ByteBuf out = Unpooled.buffer(Cobs.maxEncodedLength(raw.length));
        try {
            Cobs.encode(raw, raw.length, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
