package io.pumplink.protocol.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.frame.FrameDecoder;
import io.pumplink.protocol.frame.FrameStats;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Frame layer: wire bytes (COBS-encoded, 0x00-delimited) to {@code Frame} objects, one op = one frame. The input is
 * a {@link StatusRound} (RESERVOIR_STATUS, FLOW_STATUS, ALARM, BATTERY_STATUS, THERAPY_SUMMARY) in pooled direct
 * buffers, as the serial channel's default allocator gives them.
 * <ul>
 * <li>{@code codec}: {@link FrameCodec#decode} on each frame's delimited run, what {@link FrameDecoder} calls per
 *     frame: COBS decode, length, CRC-32C and header checks, the {@code Frame} record.</li>
 * <li>{@code pipeline}: the whole {@link FrameDecoder} (delimiter search, slicing, counting, Netty's
 *     {@code ByteToMessageDecoder}) in an {@link EmbeddedChannel}, the round arriving as one read.</li>
 * <li>{@code crc32cOnly}: the floor, a bare {@link java.util.zip.CRC32C} over each decoded frame's bytes.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FrameDecodeBenchmark {
    private ByteBuf[] runs;
    private ByteBuf wire;
    private byte[][] decoded;
    private final byte[] scratch = new byte[FrameDecoder.ICD_MAX_RUN_LENGTH];
    private EmbeddedChannel channel;

    @Setup
    public void setUp() {
        runs = StatusRound.runs(PooledByteBufAllocator.DEFAULT);
        wire = StatusRound.wire(PooledByteBufAllocator.DEFAULT);
        decoded = StatusRound.frames().stream().map(FrameCodec::toBytes).toArray(byte[][]::new);
        channel = new EmbeddedChannel(new FrameDecoder(new FrameStats()));
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
        wire.release();
        for (ByteBuf run : runs) {
            run.release();
        }
    }

    @Benchmark
    @OperationsPerInvocation(StatusRound.FRAMES)
    public void codec(Blackhole bh) {
        for (ByteBuf run : runs) {
            bh.consume(FrameCodec.decode(run, scratch));
        }
    }

    @Benchmark
    @OperationsPerInvocation(StatusRound.FRAMES)
    public void pipeline(Blackhole bh) {
        channel.writeInbound(wire.retainedDuplicate());
        for (Object frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
            bh.consume(frame);
        }
    }

    @Benchmark
    @OperationsPerInvocation(StatusRound.FRAMES)
    public void crc32cOnly(Blackhole bh) {
        for (byte[] frame : decoded) {
            bh.consume(FrameCodec.crc(frame, frame.length - 4));
        }
    }
}
