package io.pumplink.emulator.scenario;

import io.pumplink.config.Problems;
import io.pumplink.config.MapReader;
import io.pumplink.config.Values;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a scenario file. Jackson only builds the YAML tree; every rule is checked here by hand, so that each
 * problem names its key path and reason, and all of them are reported together in one {@link ScenarioException}.
 */
public final class ScenarioLoader {
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ScenarioLoader() {
    }

    /** @throws ScenarioException naming the path when the file cannot be read or is not a valid scenario */
    public static Scenario load(Path path) {
        String yaml;
        try {
            yaml = Files.readString(path);
        } catch (IOException e) {
            throw new ScenarioException(path.toString(), List.of("cannot read: " + e));
        }
        return parse(yaml, path.toString());
    }

    /** @param sourceName how messages name the text, usually its file */
    public static Scenario parse(String yaml, String sourceName) {
        JsonNode root = tree(yaml, sourceName);
        Problems problems = new Problems();
        Scenario scenario = MapReader.read(root, "", problems, ScenarioLoader::scenario);
        if (!problems.isEmpty()) {
            throw new ScenarioException(sourceName, problems.lines());
        }
        return scenario;
    }

    private static JsonNode tree(String yaml, String sourceName) {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line %d, column %d: ".formatted(at.getLineNr(), at.getColumnNr());
            throw new ScenarioException(sourceName, List.of(where + explanation(e.getOriginalMessage())));
        }
    }

    /** SnakeYAML quotes the source under each mark, indented; the lines flush left are the explanation. */
    private static String explanation(String message) {
        return message.lines().filter(line -> !line.isBlank() && !line.startsWith(" "))
                .collect(Collectors.joining(": "));
    }

    private static Scenario scenario(MapReader file) {
        String name = file.required("name", Values.matching(NAME), "");
        String description = file.orDefault("description", Values.text(), "");
        OptionalLong seed = file.optional("seed", Values.longWithin(Long.MIN_VALUE, Long.MAX_VALUE))
                .map(OptionalLong::of).orElseGet(OptionalLong::empty);
        OptionalDouble speed = file.optional("speed", Values.decimalWithin(0.001, 1_000_000))
                .map(OptionalDouble::of).orElseGet(OptionalDouble::empty);
        Instant start = file.orDefault("start", Values.instant(), Scenario.DEFAULT_START);
        ProgrammerSpec programmer = file.mapping("programmer", ScenarioLoader::programmer);
        List<PumpSpec> pumps = PumpReader.pumps(file);
        FaultSettings faults = FaultSettings.NONE.merge(file.mapping("faults", FaultsReader::overrides));
        List<ScenarioEvent> events = EventReader.events(file, PumpSpec.firstInRange(pumps));
        return new Scenario(name, description, seed, speed, start, programmer, pumps, faults, events);
    }

    private static ProgrammerSpec programmer(MapReader programmer) {
        ProgrammerSpec defaults = ProgrammerSpec.DEFAULT;
        return new ProgrammerSpec(
                programmer.orDefault("serial", Values.ascii16(), defaults.serial()),
                programmer.orDefault("firmware", FirmwareVersion.value(), defaults.firmware()),
                programmer.orDefault("heartbeatIntervalMs", Values.intWithin(100, 60_000),
                        defaults.heartbeatIntervalMs()),
                programmer.orDefault("batteryPct", Values.PERCENT, defaults.batteryPct()),
                programmer.mapping("statusStreaming",
                        streaming -> statusStreaming(streaming, defaults.statusStreaming())),
                programmer.orDefault("protocolRevision", ProtocolRevision.value(), defaults.protocolRevision()));
    }

    private static StatusStreaming statusStreaming(MapReader streaming, StatusStreaming defaults) {
        return new StatusStreaming(
                streaming.orDefault("enabled", Values.bool(), defaults.enabled()),
                streaming.orDefault("interval", Values.durationWithin(Duration.ofSeconds(1), Duration.ofDays(1)),
                        defaults.interval()));
    }
}
