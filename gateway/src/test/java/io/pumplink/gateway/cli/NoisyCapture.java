package io.pumplink.gateway.cli;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pumplink.gateway.model.MessageIds;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ReservoirStatus;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded capture of one programmer's traffic with the damage a real link does: garbage bursts, bit flips,
 * truncated frames and oversized undelimited runs. Remembers the ids of the frames that stayed intact.
 */
record NoisyCapture(byte[] bytes, List<String> intactMessageIds, int corruptions, int oversizedRuns) {
    private static final String PROGRAMMER = "PRG-000123";
    private static final String PUMP = "NGP-4711";
    private static final long START_MS = 1_767_225_600_000L;

    static NoisyCapture generate(long seed, int minBytes) {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(minBytes + 4096);
        List<String> intact = new ArrayList<>();
        int corruptions = 0;
        int oversized = 0;
        Packet hello = Packet.of(0, new Hello(1, PROGRAMMER, 2, 4, 17, 7, 1000));
        out.writeBytes(wire(hello));
        intact.add(MessageIds.of(PROGRAMMER, hello));
        for (int i = 1; out.size() < minBytes; i++) {
            Packet packet = Packet.of(i & 0xFFFF, message(random, i));
            byte[] wire = wire(packet);
            switch (random.nextInt(10)) {
                case 0 -> { // bit flip inside the frame, never in its delimiter
                    wire[random.nextInt(wire.length - 1)] ^= (byte) (1 << random.nextInt(8));
                    out.writeBytes(wire);
                    corruptions++;
                }
                case 1 -> { // truncated frame, then the line is flushed with a delimiter
                    out.write(wire, 0, 1 + random.nextInt(wire.length - 2));
                    out.write(0);
                    corruptions++;
                }
                case 2 -> { // garbage burst
                    out.writeBytes(noise(random, 1 + random.nextInt(64)));
                    out.write(0);
                    out.writeBytes(wire);
                    intact.add(MessageIds.of(PROGRAMMER, packet));
                    corruptions++;
                }
                case 3 -> { // oversized run: more than 1100 bytes without a delimiter
                    out.writeBytes(noise(random, 1101 + random.nextInt(3000)));
                    out.write(0);
                    out.writeBytes(wire);
                    intact.add(MessageIds.of(PROGRAMMER, packet));
                    corruptions++;
                    oversized++;
                }
                default -> {
                    out.writeBytes(wire);
                    intact.add(MessageIds.of(PROGRAMMER, packet));
                }
            }
        }
        return new NoisyCapture(out.toByteArray(), intact, corruptions, oversized);
    }

    private static Message message(Random random, int i) {
        long ts = START_MS + i * 1000L;
        return switch (random.nextInt(5)) {
            case 0 -> new ReservoirStatus(ts, PUMP, 20_000 - i % 20_000, 2000, 1, 2000, START_MS);
            case 1 -> new FlowStatus(ts, PUMP, 1, 20_833, 0, i, 0, 0);
            case 2 -> new Alarm(ts, PUMP, i, 1, 2, 1 + i % 2, 1998);
            case 3 -> new LogEntry(ts, PUMP, i / 100, i % 100, 2, 20_833, 25_000, 2000);
            default -> new Heartbeat(i);
        };
    }

    private static byte[] noise(Random random, int length) {
        byte[] noise = new byte[length];
        for (int i = 0; i < length; i++) {
            noise[i] = (byte) (1 + random.nextInt(255));
        }
        return noise;
    }

    private static byte[] wire(Packet packet) {
        ByteBuf buf = Unpooled.buffer();
        try {
            FrameCodec.encode(MessageCodec.encode(packet), buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }
}
