package io.pumplink.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The last {@code capacity} items, oldest first, as the JSON array the page draws: the oldest go first. */
final class History {
    private final int capacity;
    private final ArrayNode items = JsonNodeFactory.instance.arrayNode();

    History(int capacity) {
        this.capacity = capacity;
    }

    void add(JsonNode item) {
        items.add(item);
        while (items.size() > capacity) {
            items.remove(0);
        }
    }

    /** The newest item, or null when there is none. */
    JsonNode last() {
        return items.isEmpty() ? null : items.get(items.size() - 1);
    }

    void replaceLast(JsonNode item) {
        items.set(items.size() - 1, item);
    }

    int size() {
        return items.size();
    }

    /** The items themselves, not a copy: serialize it before the history changes again. */
    ArrayNode json() {
        return items;
    }
}
