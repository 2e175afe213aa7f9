package io.pumplink.protocol.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.frame.FrameDecoder;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.MessageDecoder;
import io.pumplink.protocol.message.MessageStats;
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
 * Both layers: wire bytes to the message model, one op = one frame; the figure behind the performance target
 * "decode at least 2 M frames/s per core" (single thread). Input: a {@link StatusRound} in pooled direct buffers.
 * <ul>
 * <li>{@code codec}: {@link FrameCodec#decode} then {@link MessageCodec#decode} on each delimited run.</li>
 * <li>{@code pipeline}: {@link FrameDecoder} and {@link MessageDecoder} in an {@link EmbeddedChannel}, as
 *     installed by {@code PtlPipeline}; the round arrives as one read.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BytesToMessageBenchmark {
    private ByteBuf[] runs;
    private ByteBuf wire;
    private final byte[] scratch = new byte[FrameDecoder.ICD_MAX_RUN_LENGTH];
    private EmbeddedChannel channel;

    @Setup
    public void setUp() {
        runs = StatusRound.runs(PooledByteBufAllocator.DEFAULT);
        wire = StatusRound.wire(PooledByteBufAllocator.DEFAULT);
        channel = new EmbeddedChannel(new FrameDecoder(new FrameStats()), new MessageDecoder(new MessageStats()));
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
            bh.consume(MessageCodec.decode((Frame) FrameCodec.decode(run, scratch)));
        }
    }

    @Benchmark
    @OperationsPerInvocation(StatusRound.FRAMES)
    public void pipeline(Blackhole bh) {
        channel.writeInbound(wire.retainedDuplicate());
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            bh.consume(message);
        }
    }
}
