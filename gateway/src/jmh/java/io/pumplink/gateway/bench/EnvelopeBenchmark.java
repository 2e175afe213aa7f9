package io.pumplink.gateway.bench;

import io.pumplink.gateway.model.Observation;
import io.pumplink.gateway.publish.EnvelopeMapper;
import io.pumplink.proto.v1.Envelope;
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
 * The MQTT edge: an {@link Observation} to the published Protobuf bytes, one op = one message, as the dispatcher
 * does for every publication. Input: the five observations of a {@link Round}, with derived values.
 * <ul>
 * <li>{@code toBytes}: {@link EnvelopeMapper#toEnvelope} then {@code toByteArray()}, the whole edge.</li>
 * <li>{@code serializeOnly}: {@code toByteArray()} of envelopes mapped once, to split the cost.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EnvelopeBenchmark {
    private Observation[] observations;
    private Envelope[] envelopes;

    @Setup
    public void setUp() {
        observations = Round.observations().toArray(Observation[]::new);
        envelopes = Round.observations().stream().map(EnvelopeMapper::toEnvelope).toArray(Envelope[]::new);
    }

    @Benchmark
    @OperationsPerInvocation(Round.FRAMES)
    public void toBytes(Blackhole bh) {
        for (Observation observation : observations) {
            bh.consume(EnvelopeMapper.toEnvelope(observation).toByteArray());
        }
    }

    @Benchmark
    @OperationsPerInvocation(Round.FRAMES)
    public void serializeOnly(Blackhole bh) {
        for (Envelope envelope : envelopes) {
            bh.consume(envelope.toByteArray());
        }
    }
}
