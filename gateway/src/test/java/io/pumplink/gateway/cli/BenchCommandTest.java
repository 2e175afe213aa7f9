package io.pumplink.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code pumplink bench} end to end on a real mosquitto, short and small. It holds the run to what must be true on
 * any machine (nothing lost, alarms measured, the JSON complete), never to a speed.
 */
class BenchCommandTest {
    private static final List<String> KEYS = List.of("frames_per_s", "offered_per_s", "baseline_publish_per_s",
            "ratio", "alarm_latency_p50_ms", "alarm_latency_p99_ms", "ack_latency_p99_ms",
            "cold_alarm_latency_p99_ms", "cold_ack_latency_p99_ms", "links", "rate", "alarms", "heap_peak_mb", "lost",
            "seconds");

    @Test
    void shortRunLosesNothingAndEndsWithTheFiguresAsJson() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.launch()) {
            Cli.Run run = Cli.run("bench", "--mqtt", broker.uri().toString(), "--seconds", "2", "--warmup", "1",
                    "--links", "2", "--rate", "200");

            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            List<String> lines = run.lines();
            JsonNode figures = new ObjectMapper().readTree(lines.get(lines.size() - 1));
            assertThat(figures.fieldNames()).toIterable().containsAll(KEYS);
            assertThat(figures.get("lost").asLong()).isZero();
            assertThat(figures.get("alarms").asLong()).isPositive();
            assertThat(figures.get("frames_per_s").asDouble()).isPositive();
            assertThat(figures.get("baseline_publish_per_s").asDouble()).isPositive();
            assertThat(figures.get("alarm_latency_p99_ms").isNumber()).isTrue();
            assertThat(figures.get("cold_ack_latency_p99_ms").isNumber()).isTrue();
            assertThat(figures.get("links").asInt()).isEqualTo(2);
            assertThat(figures.get("seconds").asInt()).isEqualTo(2);
        }
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() {
        Cli.Run noLinks = Cli.run("bench", "--mqtt", "tcp://127.0.0.1:1", "--seconds", "2", "--links", "0");
        assertThat(noLinks.exitCode()).isEqualTo(2);
        assertThat(noLinks.stderr()).contains("--links must be within 1..4096: 0");

        Cli.Run negativeRate = Cli.run("bench", "--mqtt", "tcp://127.0.0.1:1", "--seconds", "2", "--rate", "-5");
        assertThat(negativeRate.exitCode()).isEqualTo(2);
        assertThat(negativeRate.stderr()).contains("--rate must be 0");

        Cli.Run noSeconds = Cli.run("bench", "--mqtt", "tcp://127.0.0.1:1");
        assertThat(noSeconds.exitCode()).isEqualTo(2);
        assertThat(noSeconds.stderr()).contains("--seconds");
    }
}
