package io.pumplink.gateway.config;

import java.util.List;

/** A configuration that cannot run, with every problem as {@code key.path: reason}, one per line. */
public final class ConfigException extends IllegalArgumentException {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(source + ": invalid configuration\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
