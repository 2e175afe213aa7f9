package io.pumplink.gateway.cli;

import io.pumplink.gateway.cli.bench.BenchPlan;
import io.pumplink.gateway.cli.bench.BenchReport;
import io.pumplink.gateway.cli.bench.BenchRun;
import io.pumplink.gateway.publish.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pumplink bench}: an end-to-end load benchmark of the real gateway in this JVM, against a real broker.
 *
 * <p>{@code frames_per_s} is the number of frames the load programmers wrote during the measured window, less any
 * status frames the gateway dropped (full journal), divided by the time from the start of that window until the
 * gateway had decoded every frame written and its journal was empty, that is until the broker had acknowledged
 * every publication made from them. A gateway that falls behind therefore scores what it published, not what it
 * was offered; a backlog left from the warm-up is counted against it. When the gateway has not drained within
 * {@code --drain-timeout}, it is the journal entries released from the window's start until then, divided by that
 * time, and the run fails.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the whole gateway (TCP links -> journal with fsync -> MQTT 5 -> broker) in this"
                + " process, against the broker given, and compare it with a bare MQTT client on the same broker.",
            "",
            "1. Baseline: a bare Paho MQTT 5 client publishes the gateway's own pre-encoded envelopes at QoS 1, with"
                    + " the gateway's in-flight window (mqtt.maxInFlight 100, lowered by the broker's Receive"
                    + " Maximum), for min(S, 5) s, under bench/baseline/; it then clears the retained topics it set.",
            "2. The real gateway, its journal in a temporary directory, links over TCP to N load programmers in"
                    + " this process, each sending R frames/s: status rounds for 3 pumps and, every"
                    + " --alarm-every frames, a reliable ALARM for a new pump, with the ICD window of 8.",
            "3. A subscriber on <prefix>/pumps/+/alarm notes when each alarm arrives.",
            "After --warmup s (reported as cold-start figures) and --seconds s of measured load, the load stops and"
                    + " the bench waits until the gateway published everything it was sent.",
            "",
            "Figures (the last line of output is one JSON object with them):",
            "  frames_per_s     frames written in the measured window (less status frames dropped on a full"
                    + " journal) / time from the window's start until all were published and released (not drained"
                    + " in time: entries released by then / that time)",
            "  offered_per_s    links x rate (with --rate 0: what the links took during the window)",
            "  baseline_publish_per_s  PUBACKed publishes/s of the bare client; ratio = frames_per_s / it",
            "  alarm_latency_*  from when an alarm was due at the programmer (its window full counts) to its"
                    + " arrival at the subscriber; ack_latency_*: from writing a reliable frame to the gateway's ACK",
            "  cold_*           the same over the warm-up",
            "  heap_peak_mb     peak used heap of this JVM (gateway, programmers and clients), sampled every 100 ms",
            "  lost             alarms ACKed but never delivered + reliable frames refused with NAK; must be 0"
                    + " (late_alarms: ACKed, still in the journal of a gateway that did not drain in time)",
            "",
            "Exit code 0 when nothing was lost and everything was published within --drain-timeout, 1 otherwise,"
                    + " 2 for bad options. Topics retained by the gateway stay on the broker under --topic-prefix."},
        footer = {"", "Examples:",
            "  pumplink bench --mqtt tcp://127.0.0.1:1883 --seconds 10 --links 4 --rate 250",
            "  pumplink bench --mqtt tcp://127.0.0.1:1883 --seconds 10 --links 4 --rate 0 --alarm-every 0"})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--mqtt", required = true, paramLabel = "URI", description = "the broker, e.g. tcp://127.0.0.1:1883")
    private URI mqtt;

    @Option(names = "--seconds", required = true, paramLabel = "S", description = "measured load, in seconds")
    private int seconds;

    @Option(names = "--links", paramLabel = "N", defaultValue = "4",
            description = "TCP links, one load programmer each (default: ${DEFAULT-VALUE})")
    private int links;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "250",
            description = "frames/s per link; 0: as fast as each link takes them (default: ${DEFAULT-VALUE})")
    private double ratePerS;

    @Option(names = "--alarm-every", paramLabel = "K", defaultValue = "10",
            description = "every K-th frame is an ALARM for a new pump; 0: none (default: ${DEFAULT-VALUE})")
    private int alarmEvery;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "5",
            description = "seconds of the same load before measuring (default: ${DEFAULT-VALUE})")
    private int warmupSeconds;

    @Option(names = "--journal", paramLabel = "DIR",
            description = "the gateway's journal directory, kept afterwards (default: a temporary one, deleted)")
    private Path journal;

    @Option(names = "--json-mirror", description = "publish the JSON mirror too, as jsonMirror: true does")
    private boolean jsonMirror;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "bench/" + Topics.DEFAULT_PREFIX,
            description = "the gateway's topic prefix (default: ${DEFAULT-VALUE})")
    private String topicPrefix;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "how long the gateway may take after the load to publish it all (default: ${DEFAULT-VALUE})")
    private Duration drainTimeout;

    @Override
    public Integer call() throws Exception {
        BenchPlan plan;
        try {
            new Topics(topicPrefix); // its check, with the option's name
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--topic-prefix: " + e.getMessage());
        }
        try {
            plan = new BenchPlan(mqtt, seconds, warmupSeconds, links, ratePerS, alarmEvery, Optional.ofNullable(journal),
                    jsonMirror, topicPrefix, drainTimeout);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        BenchReport report = new BenchRun(plan, VersionProvider.version(), System.err).run();
        report.lines().forEach(System.out::println);
        System.out.println(report.json());
        System.out.flush();
        return report.passed() ? 0 : 1;
    }
}
