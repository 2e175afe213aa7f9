package io.pumplink.emulator;

import io.pumplink.emulator.scenario.ScenarioEvent;
import io.pumplink.emulator.scenario.ScenarioException;
import io.pumplink.emulator.scenario.ScenarioLoader;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A scheduled fault from the command line, {@code KIND@AT[:ARG]} with AT in simulated time, e.g.
 * {@code motor-stall@10m:30m}, {@code memory-error@1h:17}, {@code reset@2h:2}, {@code clock-jump@3h:3600},
 * {@code telemetry-lost@4h:3} (abort the next session after 3 log entries), {@code link-drop@5m:20s} (real
 * seconds), {@code out-of-range@6h:10m}. The flag becomes one scenario event checked by the scenario loader, so
 * flags and files share one set of rules and limits.
 */
final class FaultFlag {
    static final String KINDS = "motor-stall, memory-error, reset, clock-jump, telemetry-lost, link-drop, out-of-range";
    private static final Pattern SHAPE = Pattern.compile("([a-z-]+)@([^:]+)(?::(.+))?");
    private static final Pattern SAFE_ARG = Pattern.compile("[A-Za-z0-9.+-]+");

    /** Scenario event key, its one setting, and the setting's value when the flag gives none. */
    private record Kind(String event, String setting, String byDefault) {
    }

    private static final Map<String, Kind> KIND = Map.of(
            "motor-stall", new Kind("motorStall", "duration", "30m"),
            "memory-error", new Kind("criticalMemoryError", "code", "1"),
            "reset", new Kind("pumpReset", "cause", "1"),
            "clock-jump", new Kind("clockJump", "driftS", "3600"),
            "telemetry-lost", new Kind("abortNextSession", "afterEntries", "0"),
            "link-drop", new Kind("linkDrop", "duration", "10s"),
            "out-of-range", new Kind("pumpOutOfRange", "duration", "10m"));

    private FaultFlag() {
    }

    static ScenarioEvent parse(String text) {
        var shape = SHAPE.matcher(text);
        if (!shape.matches()) {
            throw new IllegalArgumentException("--fault '" + text + "': expected KIND@AT[:ARG], KIND one of " + KINDS);
        }
        if (!KIND.containsKey(shape.group(1))) {
            throw new IllegalArgumentException("--fault '" + text + "': unknown kind '" + shape.group(1)
                    + "', expected one of " + KINDS);
        }
        Kind kind = KIND.get(shape.group(1));
        String at = shape.group(2);
        String arg = shape.group(3) == null ? kind.byDefault() : shape.group(3);
        if (!SAFE_ARG.matcher(at).matches() || !SAFE_ARG.matcher(arg).matches()) {
            throw new IllegalArgumentException("--fault '" + text + "': AT and ARG are durations or numbers");
        }
        String yaml = "name: fault-flag\nevents:\n  - at: \"%s\"\n    %s: { %s: %s }\n"
                .formatted(at, kind.event(), kind.setting(), numeric(arg) ? arg : "\"" + arg + "\"");
        try {
            return ScenarioLoader.parse(yaml, "--fault '" + text + "'").events().get(0);
        } catch (ScenarioException e) {
            throw new IllegalArgumentException("--fault '" + text + "': " + String.join("; ", e.problems()), e);
        }
    }

    private static boolean numeric(String arg) {
        return arg.matches("-?\\d+");
    }
}
