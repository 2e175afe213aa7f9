package io.pumplink.config;

import java.util.ArrayList;
import java.util.List;

/** Every problem found in one file, so that its author sees all of them in one run, not one per attempt. */
public final class Problems {
    private final List<String> lines = new ArrayList<>();

    /** @param path the key path, e.g. {@code events[3].bolus.kind}; empty for the document itself */
    public void add(String path, String reason) {
        lines.add(path.isEmpty() ? reason : path + ": " + reason);
    }

    /** Each problem as {@code path: reason}, in the order found. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }
}
