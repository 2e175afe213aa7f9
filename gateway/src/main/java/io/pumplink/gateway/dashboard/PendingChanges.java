package io.pumplink.gateway.dashboard;

import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.gateway.publish.Dispatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Publications on their way to the dashboard, taken from the publish loop in O(1) and without being parsed (the
 * parsing, redaction and JSON printing happen on the dashboard's own thread, {@link #take() a batch} at a time):
 * latest state is kept per topic, since the page shows only the latest (at high rates a reservoir curve then
 * gets fewer points); events (alarms, active sets, records) are kept in order, the newest {@code maxEvents}.
 * The JSON mirror is left out at once: it is the same data again. Thread-safe.
 */
final class PendingChanges {
    private final int maxEvents;
    private LinkedHashMap<String, Publication> latest = new LinkedHashMap<>();
    private ArrayDeque<Publication> events = new ArrayDeque<>();
    private long merged;
    private long dropped;

    /** @param maxEvents events kept between two batches; older ones are dropped (counted) */
    PendingChanges(int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be positive: " + maxEvents);
        }
        this.maxEvents = maxEvents;
    }

    synchronized void add(Publication publication) {
        if (!Dispatcher.CONTENT_TYPE.equals(publication.contentType())) {
            return;
        }
        if (publication.latestWins()) {
            if (latest.put(publication.topic(), publication) != null) {
                merged++;
            }
            return;
        }
        if (events.size() == maxEvents) {
            events.removeFirst();
            dropped++;
        }
        events.addLast(publication);
    }

    /** Everything added since the last batch: events in order, then each topic's latest state. */
    synchronized List<Publication> take() {
        List<Publication> batch = new ArrayList<>(events.size() + latest.size());
        batch.addAll(events);
        batch.addAll(latest.values());
        events = new ArrayDeque<>();
        latest = new LinkedHashMap<>();
        return batch;
    }

    /** Latest-state publications replaced by a newer one before the dashboard saw them. */
    synchronized long merged() {
        return merged;
    }

    /** Events dropped because more than {@code maxEvents} came between two batches. */
    synchronized long dropped() {
        return dropped;
    }
}
