package io.pumplink.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pumplink.config.Values.Invalid;
import io.pumplink.config.Values.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one YAML mapping at a key path and reports every problem instead of stopping at the first. The keys a
 * reader asks for are the keys it knows: any other key in the file is reported as unknown once the body is done,
 * so the list of allowed keys is never written twice.
 */
public final class MapReader {
    private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

    private final JsonNode node;
    private final String path;
    private final Problems problems;
    private final Set<String> askedKeys = new LinkedHashSet<>();
    private final Set<String> invalidKeys = new HashSet<>();

    private MapReader(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * Runs {@code body} over the mapping at {@code path}, then reports unknown keys. An absent or null node reads as
     * an empty mapping (all defaults). Anything else that is not a mapping is one problem; the body then runs over
     * an empty mapping whose own problems are dropped, as "required" there would only repeat it.
     */
    public static <T> T read(JsonNode node, String path, Problems problems, Function<MapReader, T> body) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return new MapReader(EMPTY, path, problems).readWith(body);
        }
        if (!node.isObject()) {
            problems.add(path, "must be a mapping, got " + Values.describe(node));
            return new MapReader(EMPTY, path, new Problems()).readWith(body);
        }
        return new MapReader(node, path, problems).readWith(body);
    }

    /** Whether the key is given with a non-null value; a null value (a key with nothing after it) counts as absent. */
    public boolean has(String key) {
        askedKeys.add(key);
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** The value, or empty when absent or invalid (then reported). */
    public <T> Optional<T> optional(String key, Value<T> value) {
        if (!has(key)) {
            return Optional.empty();
        }
        try {
            return Optional.of(value.from(node.get(key)));
        } catch (Invalid e) {
            problem(key, e.getMessage());
            return Optional.empty();
        }
    }

    public <T> T orDefault(String key, Value<T> value, T defaultValue) {
        return optional(key, value).orElse(defaultValue);
    }

    /** The value; when absent or invalid, a problem and {@code placeholder}, which only keeps reading going. */
    public <T> T required(String key, Value<T> value, T placeholder) {
        if (!has(key)) {
            problem(key, "required");
        }
        return orDefault(key, value, placeholder);
    }

    /** Reads the nested mapping at {@code key}; absent reads as empty. */
    public <T> T mapping(String key, Function<MapReader, T> body) {
        askedKeys.add(key);
        return read(node.get(key), path(key), problems, body);
    }

    /** Reads each item of the list at {@code key} as a mapping; empty when the key is absent. */
    public <T> Optional<List<T>> list(String key, Function<MapReader, T> itemBody) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode items = node.get(key);
        if (!items.isArray()) {
            problem(key, "must be a list, got " + Values.describe(items));
            return Optional.of(List.of());
        }
        List<T> read = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            read.add(read(items.get(i), path(key) + "[" + i + "]", problems, itemBody));
        }
        return Optional.of(read);
    }

    /** Reports {@code value > limit}, unless the key already has a problem. */
    public void checkAtMost(String key, long value, long limit, String limitName) {
        if (valid(key) && value > limit) {
            problem(key, value + " exceeds " + limitName + " " + limit);
        }
    }

    /** Reports {@code value < limit}, unless the key already has a problem. */
    public void checkAtLeast(String key, long value, long limit, String limitName) {
        if (valid(key) && value < limit) {
            problem(key, value + " is less than " + limitName + " " + limit);
        }
    }

    /** A problem with the key's value; later checks on the key are skipped (see {@link #valid}). */
    public void problem(String key, String reason) {
        invalidKeys.add(key);
        problems.add(path(key), reason);
    }

    /** A problem with this mapping as a whole. */
    public void problem(String reason) {
        problems.add(path, reason);
    }

    /** Whether the key has no problem, so that a check across keys does not compare against a placeholder. */
    public boolean valid(String key) {
        return !invalidKeys.contains(key);
    }

    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private <T> T readWith(Function<MapReader, T> body) {
        T result = body.apply(this);
        node.fieldNames().forEachRemaining(key -> {
            if (!askedKeys.contains(key)) {
                problems.add(path(key), "unknown key " + Spelling.closest(key, askedKeys)
                        .map(known -> "(did you mean " + known + "?)")
                        .orElse(askedKeys.isEmpty() ? "(this mapping takes no keys)"
                                : "(known keys: " + String.join(", ", askedKeys) + ")"));
            }
        });
        return result;
    }
}
