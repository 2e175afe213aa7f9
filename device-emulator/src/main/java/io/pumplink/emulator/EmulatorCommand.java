package io.pumplink.emulator;

import io.pumplink.cli.Lifetime;
import io.pumplink.config.DurationText;
import io.pumplink.emulator.scenario.FaultOverrides;
import io.pumplink.emulator.scenario.ProgrammerSpec;
import io.pumplink.emulator.scenario.ProtocolRevision;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioEvent;
import io.pumplink.emulator.scenario.ScenarioLoader;
import io.pumplink.protocol.transport.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pumplink emulator}: simulated programmers and pumps for gateways and device labs. */
@Command(name = "emulator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run emulated PTL v1 programmers with simulated pumps, scenarios and fault injection.",
            "Without --scenario: one programmer with one baclofen pump in range (interrogations always work)."},
        footer = {"", "Examples:",
            "  pumplink emulator                      # tcp:127.0.0.1:7410, real time",
            "  pumplink emulator --scenario config/scenarios/demo.yaml --speed 600",
            "  pumplink emulator --scenario config/scenarios/flex-schedule.yaml --ptl-revision 1.0",
            "  socat -d -d pty,raw,echo=0,link=/tmp/prg pty,raw,echo=0,link=/tmp/gw &",
            "  pumplink emulator --serial /tmp/prg:115200    # the gateway opens /tmp/gw",
            "  pumplink emulator --programmers 200 --listen tcp:0.0.0.0:7410",
            "  pumplink emulator --bit-error-rate 1e-4 --fault motor-stall@10m:30m --record lab.ptlcap",
            "  pumplink emulator --replay lab.ptlcap     # plays the programmer side back"})
public final class EmulatorCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "tcp:HOST:PORT", description = "listen for the gateway"
            + " (default tcp:127.0.0.1:7410; with --programmers N, ports PORT..PORT+N-1)")
    private String listen;

    @Option(names = "--serial", paramLabel = "PATH[:BAUD]",
            description = "open a serial port instead: socat PTY end, USB-UART or /dev/rfcommN")
    private String serial;

    @Option(names = "--programmers", paramLabel = "N", defaultValue = "1", description = "programmers to run")
    private int programmers;

    @Option(names = "--scenario", paramLabel = "FILE", description = "scenario YAML (see config/scenarios)")
    private Path scenarioFile;

    @Option(names = "--seed", description = "seed for every random choice (default: the scenario's, else 1)")
    private Long seed;

    @Option(names = "--speed", description = "simulated seconds per real second (default: the scenario's, else 1)")
    private Double speed;

    @Option(names = "--ptl-revision", paramLabel = "1.0|1.1", converter = RevisionConverter.class,
            description = "PTL revision the programmers speak (default: the scenario's, else 1.0); 1.1 adds"
                    + " THERAPY_SUMMARY and REFILL_ACCOUNTING (ICD section 6)")
    private ProtocolRevision ptlRevision;

    @Option(names = "--record", paramLabel = "FILE", description = "capture both directions (docs/capture-format.md)")
    private Path record;

    @Option(names = "--replay", paramLabel = "FILE",
            description = "play back the programmer-to-gateway bytes of a capture instead of emulating")
    private Path replay;

    @Option(names = "--duration", description = "stop after this real time, e.g. 90s (default: until Ctrl-C)")
    private String duration;

    @Option(names = "--bit-error-rate", description = "probability a bit is flipped, both directions")
    private Double bitErrorRate;

    @Option(names = "--drop-byte-rate", description = "probability a byte is lost, both directions")
    private Double dropByteRate;

    @Option(names = "--garbage-per-minute", description = "bursts of random bytes per real minute")
    private Double garbagePerMinute;

    @Option(names = "--garbage-max-bytes", description = "largest garbage burst")
    private Integer garbageMaxBytes;

    @Option(names = "--duplicate-frame-rate", description = "probability a frame is sent twice")
    private Double duplicateFrameRate;

    @Option(names = "--fault", paramLabel = "KIND@AT[:ARG]",
            description = "scheduled fault at simulated time AT, repeatable; KIND: " + FaultFlag.KINDS)
    private List<String> faults = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Endpoint transport = Endpoint.parse(serial != null ? serial : listen != null ? listen : "tcp:127.0.0.1");
        Optional<Duration> runFor = Optional.ofNullable(duration).map(DurationText::parse);
        if (replay != null) {
            return Replay.run(replay, transport, speed == null ? 1 : speed, runFor);
        }
        Scenario scenario = scenario();
        Emulator.Options options = new Emulator.Options(scenario, transport, programmers,
                seed != null ? seed : scenario.seed().orElse(1),
                speed != null ? speed : scenario.speed().orElse(1), Optional.ofNullable(record));
        try (Lifetime lifetime = new Lifetime(); Emulator emulator = new Emulator(options).start()) {
            System.err.printf("emulator: %d programmer(s), scenario %s, PTL %s, speed %s, seed %d, on %s%s%n",
                    programmers, scenario.name(), scenario.programmer().protocolRevision(), options.speed(),
                    options.seed(), transport,
                    emulator.ports().isEmpty() ? "" : " ports " + emulator.ports());
            lifetime.await(runFor);
        }
        return 0;
    }

    /** The scenario file (or the default scenario) with what the flags change. */
    Scenario scenario() {
        Scenario scenario = scenarioFile == null ? Scenario.defaultScenario() : ScenarioLoader.load(scenarioFile);
        FaultOverrides overrides = new FaultOverrides(optional(bitErrorRate), optional(dropByteRate),
                optional(garbagePerMinute), garbageMaxBytes == null ? OptionalInt.empty()
                : OptionalInt.of(garbageMaxBytes), optional(duplicateFrameRate));
        List<ScenarioEvent> events = new ArrayList<>(scenario.events());
        faults.stream().map(FaultFlag::parse).forEach(events::add);
        ProgrammerSpec programmer = ptlRevision == null ? scenario.programmer()
                : scenario.programmer().withProtocolRevision(ptlRevision);
        return new Scenario(scenario.name(), scenario.description(), scenario.seed(), scenario.speed(),
                scenario.start(), programmer, scenario.pumps(), scenario.faults().merge(overrides), events);
    }

    /** A revision other than 1.0 or 1.1 is a usage error, reported before anything starts. */
    static final class RevisionConverter implements CommandLine.ITypeConverter<ProtocolRevision> {
        @Override
        public ProtocolRevision convert(String text) {
            try {
                return ProtocolRevision.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private static OptionalDouble optional(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
