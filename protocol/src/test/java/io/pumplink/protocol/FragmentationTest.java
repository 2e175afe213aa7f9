package io.pumplink.protocol;

import static io.pumplink.protocol.MalformedFrameTest.anyGarbage;
import static io.pumplink.protocol.MalformedFrameTest.bytes;
import static io.pumplink.protocol.MalformedFrameTest.concat;
import static io.pumplink.protocol.MalformedFrameTest.nonZeroGarbage;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.pumplink.protocol.MalformedFrameTest.Link;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.frame.FrameDecoder;
import io.pumplink.protocol.frame.InvalidFrame;
import io.pumplink.protocol.frame.InvalidReason;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.Ack;
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
import io.pumplink.protocol.message.NakReason;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.PumpIdentity;
import io.pumplink.protocol.message.RequestInterrogation;
import io.pumplink.protocol.message.RequestStatus;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import io.pumplink.protocol.message.TherapySummary;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder's results must not depend on how the byte stream is cut into reads. One long stream mixing valid
 * frames of every type with garbage, bit flips, truncations and oversized runs is fed one byte per read, in a
 * single read and in random reads; all must give the same ordered results and the same counters.
 */
class FragmentationTest {
    private static final int FRAMES = 200;
    private static final MixedStream STREAM = MixedStream.build(new Random(0x5EED), FRAMES);

    @Test
    void singleReadDecodesEveryFrameExceptThoseRunIntoByUndelimitedGarbage() {
        Fed fed = Fed.in(STREAM.bytes(), () -> STREAM.bytes().length);

        assertThat(fed.results().stream().filter(Packet.class::isInstance).toList()).isEqualTo(STREAM.survivors());
        assertThat(STREAM.survivors()).as("most frames survive").hasSizeGreaterThan(FRAMES * 3 / 4)
                .extracting(Packet::type).as("of every type").containsAll(EnumSet.allOf(MessageType.class));
        assertThat(STREAM.damage()).as("every kind of damage").isEqualTo(EnumSet.allOf(Damage.class));
        assertThat(fed.counters()).containsEntry(Link.RESYNCS, (long) STREAM.oversizedRuns());
        assertThat(fed.results()).last().isInstanceOfSatisfying(InvalidFrame.class,
                last -> assertThat(last.reason()).isEqualTo(InvalidReason.TRUNCATED));
    }

    @Test
    void oneBytePerReadGivesTheSameResultsAsASingleRead() {
        assertSameAsSingleRead(Fed.in(STREAM.bytes(), () -> 1));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomReadsGiveTheSameResultsAsASingleRead(long seed) {
        Random random = new Random(seed);
        assertSameAsSingleRead(Fed.in(STREAM.bytes(), () -> 1 + random.nextInt(1500)));
    }

    private static void assertSameAsSingleRead(Fed fed) {
        Fed single = Fed.in(STREAM.bytes(), () -> STREAM.bytes().length);

        assertThat(fed.results()).isEqualTo(single.results());
        assertThat(fed.counters()).isEqualTo(single.counters());
    }

    /** What one link made of the whole stream, read by read, closed at the end. */
    private record Fed(List<Object> results, Map<String, Long> counters) {
        static Fed in(byte[] stream, IntSupplier readSizes) {
            try (Link link = new Link()) {
                List<Object> results = new ArrayList<>();
                for (int offset = 0; offset < stream.length; ) {
                    int end = Math.min(stream.length, offset + readSizes.getAsInt());
                    link.write(Arrays.copyOfRange(stream, offset, end));
                    results.addAll(link.drain());
                    offset = end;
                }
                results.addAll(link.finish());
                return new Fed(results, link.counters());
            }
        }
    }

    /**
     * Valid frames, each preceded now and then by damage. Damage that ends in a delimiter never costs the next
     * frame; damage without one runs into the next frame, which is lost with it ({@link #survivors} leaves it out).
     * The stream ends with a frame cut short, so that closing it gives TRUNCATED.
     */
    private record MixedStream(byte[] bytes, List<Packet> survivors, Set<Damage> damage, int oversizedRuns) {
        static MixedStream build(Random random, int frames) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Packet> survivors = new ArrayList<>();
            Set<Damage> kinds = EnumSet.noneOf(Damage.class);
            int oversizedRuns = 0;
            MessageType[] types = MessageType.values();
            for (int i = 0; i < frames; i++) {
                Packet packet = packet(types[i % types.length], i);
                Damage damage = random.nextInt(3) == 0 ? Damage.values()[random.nextInt(Damage.values().length)] : null;
                if (damage != null) {
                    out.writeBytes(damage.sample(random));
                    kinds.add(damage);
                    oversizedRuns += damage.oversized ? 1 : 0;
                }
                out.writeBytes(wire(packet));
                if (damage == null || damage.delimited) {
                    survivors.add(packet);
                }
            }
            out.writeBytes(Damage.CUT_SHORT.sample(random));
            return new MixedStream(out.toByteArray(), survivors, kinds, oversizedRuns);
        }
    }

    private enum Damage {
        /** Line noise, zeros included, then a delimiter. */
        NOISE(true, false) {
            @Override
            byte[] sample(Random random) {
                return concat(anyGarbage(random, 1 + random.nextInt(200)), bytes(0x00));
            }
        },
        /** A whole frame with one bit flipped anywhere but in its delimiter. */
        BIT_FLIP(true, false) {
            @Override
            byte[] sample(Random random) {
                byte[] frame = wire(packet(MessageType.ALARM, random.nextInt(0x10000)));
                frame[random.nextInt(frame.length - 1)] ^= (byte) (1 << random.nextInt(8));
                return frame;
            }
        },
        /** Lone delimiters a sender may use to flush the line. */
        IDLE(true, false) {
            @Override
            byte[] sample(Random random) {
                return new byte[1 + random.nextInt(3)];
            }
        },
        /** More than a run may hold, delimited. */
        OVERSIZED(true, true) {
            @Override
            byte[] sample(Random random) {
                return concat(oversizedRun(random), bytes(0x00));
            }
        },
        /** More than a run may hold, never delimited: the next frame's delimiter ends it. */
        OVERSIZED_UNDELIMITED(false, true) {
            @Override
            byte[] sample(Random random) {
                return oversizedRun(random);
            }
        },
        /** The first part of a frame, as when the sender resets mid-frame. */
        CUT_SHORT(false, false) {
            @Override
            byte[] sample(Random random) {
                byte[] frame = wire(packet(MessageType.LOG_ENTRY, random.nextInt(0x10000)));
                return Arrays.copyOf(frame, 1 + random.nextInt(frame.length - 2));
            }
        };

        final boolean delimited;
        final boolean oversized;

        Damage(boolean delimited, boolean oversized) {
            this.delimited = delimited;
            this.oversized = oversized;
        }

        abstract byte[] sample(Random random);

        private static byte[] oversizedRun(Random random) {
            return nonZeroGarbage(random, FrameDecoder.ICD_MAX_RUN_LENGTH + 1 + random.nextInt(3000));
        }
    }

    static byte[] wire(Packet packet) {
        ByteBuf out = Unpooled.buffer();
        try {
            FrameCodec.encode(MessageCodec.encode(packet), out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** A packet of the given type as its sender would send it, fields varying with {@code n}. */
    static Packet packet(MessageType type, int n) {
        long ts = 1_767_225_600_000L + n * 1000L;
        String pump = "NGP-" + (4700 + n % 100);
        Message message = switch (type) {
            case HELLO -> new Hello(1, "PRG-" + n, 2, 4, 17, 0b111, 1000);
            case HELLO_ACK -> new HelloAck(ts, n % 2 == 0 ? HelloAck.ACCEPTED : HelloAck.VERSION_UNSUPPORTED, 1024);
            case HEARTBEAT -> new Heartbeat(n * 1000L);
            case ACK -> new Ack(n);
            case NAK -> new Nak(n, NakReason.NO_HELLO_YET);
            case PROGRAMMER_STATUS -> new ProgrammerStatus(ts, n % 101, n % 3, -60 - n % 40);
            case PUMP_IDENTITY -> new PumpIdentity(ts, pump, 8637, 40_000, 0x0102, 19_000, 250);
            case RESERVOIR_STATUS -> new ReservoirStatus(ts, pump, 12_345 - n, 2000, 1, 2000, ts - 86_400_000L);
            case FLOW_STATUS -> new FlowStatus(ts, pump, 1, 20_833, 0, 7655 + n, 0, 0);
            case BATTERY_STATUS -> new BatteryStatus(ts, pump, 3050, 0, BatteryStatus.DAYS_TO_ERI_UNKNOWN);
            case ALARM -> new Alarm(ts, pump, n, 0x0001, 2, 1, 1998);
            case SESSION_BEGIN -> new SessionBegin(ts, pump, n, n % 2 == 0 ? "" : "REF-" + n);
            case LOG_ENTRY -> new LogEntry(ts, pump, 77, n, 2, 20_833, 25_000, 2000);
            case SESSION_END -> new SessionEnd(ts, pump, 77, n, 0);
            case THERAPY_SUMMARY -> new TherapySummary(ts, pump, 1, 2000, 300_000 + n, 600, ts + 86_400_000L);
            case REQUEST_INTERROGATION -> new RequestInterrogation(n);
            case REQUEST_STATUS -> new RequestStatus(n);
            case COMMAND_RESULT -> new CommandResult(n, 0);
        };
        Packet packet = Packet.of(n & 0xFFFF, message);
        return n % 7 == 0 ? packet.asRetransmit() : packet;
    }
}
