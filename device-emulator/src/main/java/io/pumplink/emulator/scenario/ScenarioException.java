package io.pumplink.emulator.scenario;

import java.util.List;

/** A scenario file that cannot be used; the message has one line per problem, each naming the file and key path. */
public final class ScenarioException extends IllegalArgumentException {
    private final transient List<String> problems;

    public ScenarioException(String sourceName, List<String> problems) {
        this(problems.stream().map(problem -> sourceName + ": " + problem).toList());
    }

    private ScenarioException(List<String> lines) {
        super(String.join("\n", lines));
        this.problems = lines;
    }

    /** The lines of the message: {@code source: key.path: reason}. */
    public List<String> problems() {
        return problems;
    }
}
