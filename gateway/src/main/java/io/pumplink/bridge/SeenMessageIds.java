package io.pumplink.bridge;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The message ids a bridge has finished with, newest last, at most {@code capacity}: a redelivery of one of them
 * (the broker resends what was not acknowledged, the gateway republishes after a restart) is not sent again. Used by
 * the delivering thread only.
 */
final class SeenMessageIds {
    private final int capacity;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    SeenMessageIds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    boolean contains(String messageId) {
        return ids.contains(messageId);
    }

    void add(String messageId) {
        if (ids.add(messageId) && ids.size() > capacity) {
            Iterator<String> oldest = ids.iterator();
            oldest.next();
            oldest.remove();
        }
    }
}
