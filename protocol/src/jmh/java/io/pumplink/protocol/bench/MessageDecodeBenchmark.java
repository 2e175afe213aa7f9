package io.pumplink.protocol.bench;

import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.message.MessageCodec;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Message layer: {@code Frame} to the message model with {@link MessageCodec#decode} (type lookup, length check,
 * field reads, the message and {@code Packet} records), one op = one frame. Input: the five frames of a
 * {@link StatusRound}, built once with {@link MessageCodec#encode}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MessageDecodeBenchmark {
    private Frame[] frames;

    @Setup
    public void setUp() {
        frames = StatusRound.frames().toArray(Frame[]::new);
    }

    @Benchmark
    @OperationsPerInvocation(StatusRound.FRAMES)
    public void decode(Blackhole bh) {
        for (Frame frame : frames) {
            bh.consume(MessageCodec.decode(frame));
        }
    }
}
