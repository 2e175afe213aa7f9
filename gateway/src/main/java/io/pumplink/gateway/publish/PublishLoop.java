package io.pumplink.gateway.publish;

import io.pumplink.gateway.journal.Entry;
import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.mqtt.MqttPublisher;
import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.gateway.store.JournalRecord;
import io.pumplink.gateway.store.JournalRecords;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread between journal and broker: reads entries in append order (on restart: every unreleased
 * entry first), dispatches them, publishes, and releases an entry only when the broker acknowledged everything
 * it produced, every alert the gateway concluded from it is in the journal (an alert is appended as an entry of
 * its own, and published when the loop reaches it) and the active-alarm set it changed is on disk.
 *
 * <p>Dispatching runs ahead of the broker by at most {@code queueLimit} events and {@code queueLimit} topics of
 * latest state (see {@link MqttPublisher#awaitRoom}); beyond that, entries wait in the journal, on disk, not in
 * memory. Within that window the publisher sends events (alarms, active sets, records) before latest state, and
 * merges latest state per topic while the broker is slow, so an alarm does not queue behind a backlog of
 * status frames.
 */
public final class PublishLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PublishLoop.class);
    /** Entries per step; urgent ones are looked for between steps, so this bounds how long an alarm waits. */
    private static final int BATCH = 64;
    private static final Duration POLL = Duration.ofMillis(200);
    /**
     * How often the clock-driven rules run while caught up: they visit every pump (O(pumps)), and their own
     * periods are seconds to days, so running them after every batch would only burn the thread.
     */
    private static final long TICK_PERIOD_MS = 250;

    private final Journal journal;
    private final Dispatcher dispatcher;
    private final MqttPublisher mqtt;
    private final LongSupplier wallClockMs;
    private final long sessionIdleMs;
    private final int queueLimit;
    private final Thread thread;
    private final LongAdder unreadable = new LongAdder();
    private final AlertAppender alerts;
    private volatile boolean running = true;
    private volatile Consumer<Publication> tap = publication -> { };
    private long cursor = -1;
    private long urgentCursor = -1;
    /** Unreleased entries whose alarm went ahead: their release also waits for those publications. */
    private final Map<Long, CompletableFuture<Void>> ahead = new HashMap<>();
    private long tickedAtMs;

    /**
     * @param queueLimit how far dispatching may run ahead of the broker: events queued or in flight, and topics
     *                   with latest state waiting, each
     */
    public PublishLoop(Journal journal, Dispatcher dispatcher, MqttPublisher mqtt, LongSupplier wallClockMs,
                       Duration sessionIdle, int queueLimit) {
        if (queueLimit < 1) {
            throw new IllegalArgumentException("queueLimit must be positive: " + queueLimit);
        }
        this.queueLimit = queueLimit;
        this.journal = journal;
        this.dispatcher = dispatcher;
        this.mqtt = mqtt;
        this.wallClockMs = wallClockMs;
        this.sessionIdleMs = sessionIdle.toMillis();
        this.alerts = new AlertAppender(journal);
        this.thread = new Thread(this::run, "publish-loop");
        this.thread.setDaemon(true);
    }

    /** Shows every publication, as it goes to the broker, to {@code tap} (the dashboard); must be quick. */
    public void tap(Consumer<Publication> tap) {
        this.tap = Objects.requireNonNull(tap, "tap");
    }

    public void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                step();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("publish loop step failed; retrying", e);
            }
        }
    }

    private void step() throws InterruptedException {
        if (!mqtt.awaitRoom(queueLimit, POLL)) {
            return;
        }
        alarmsAhead();
        List<Entry> entries = journal.readAfter(cursor, BATCH);
        alerts.retry();
        dispatcher.saveStateIfDue(wallClockMs.getAsLong());
        if (entries.isEmpty()) {
            // only when caught up: while a backlog is replayed, old receive times would look idle or silent
            long nowMs = wallClockMs.getAsLong();
            if (nowMs - tickedAtMs >= TICK_PERIOD_MS) {
                tickedAtMs = nowMs;
                submit(dispatcher.tick(nowMs, sessionIdleMs));
            }
            journal.awaitNewerThan(cursor, POLL);
            return;
        }
        for (Entry entry : entries) {
            cursor = entry.sequence();
            decode(entry).ifPresent(record ->
                    submit(dispatcher.accept(entry.sequence(), record, ahead.containsKey(entry.sequence()))));
        }
    }

    /** The priority lane: ALARMs journaled after the cursor are published now, ahead of the entries before them. */
    private void alarmsAhead() {
        for (Entry entry : journal.readUrgentAfter(Math.max(cursor, urgentCursor), BATCH)) {
            urgentCursor = entry.sequence();
            JournalRecord record;
            try {
                record = JournalRecords.decode(entry.payload());
            } catch (IllegalArgumentException unreadable) {
                continue; // reported and released when the cursor reaches it
            }
            if (record instanceof JournalRecord.Frame frame) {
                List<CompletableFuture<?>> done = published(dispatcher.alarmAhead(frame));
                ahead.put(entry.sequence(), CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)));
            }
        }
    }

    private Optional<JournalRecord> decode(Entry entry) {
        try {
            return Optional.of(JournalRecords.decode(entry.payload()));
        } catch (IllegalArgumentException e) {
            unreadable.increment();
            LOG.error("journal entry {} cannot be read ({}); released", entry.sequence(), e.getMessage());
            journal.release(entry.sequence());
            return Optional.empty();
        }
    }

    private void submit(Dispatch dispatch) {
        List<CompletableFuture<?>> done = published(dispatch);
        dispatch.alerts().forEach(alert -> done.add(alerts.append(alert)));
        dispatch.releases().forEach(sequence -> {
            CompletableFuture<Void> alarmAhead = ahead.remove(sequence);
            if (alarmAhead != null) {
                done.add(alarmAhead);
            }
        });
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                .thenRun(() -> dispatch.releases().forEach(journal::release));
    }

    /** Publishes what the dispatch holds; the futures of the publications and of the active-alarm set's write. */
    private List<CompletableFuture<?>> published(Dispatch dispatch) {
        List<CompletableFuture<?>> done = new ArrayList<>();
        dispatch.publications().forEach(publication -> done.add(publish(publication)));
        done.add(dispatch.stateDurable());
        return done;
    }

    private CompletableFuture<Void> publish(Publication publication) {
        CompletableFuture<Void> acked = mqtt.publish(publication);
        try {
            tap.accept(publication);
        } catch (RuntimeException e) {
            LOG.warn("publication tap failed on {}: {}", publication.topic(), e.toString());
        }
        return acked;
    }

    /** Journal entries that could not be decoded (released so they do not block the rest). */
    public long unreadable() {
        return unreadable.sum();
    }

    /**
     * Stops taking entries; what is in flight completes or stays unreleased in the journal for next time. Then
     * saves the clinical state, which only this loop's thread touched.
     */
    @Override
    public void close() throws InterruptedException, IOException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(5));
        if (!thread.isAlive()) {
            dispatcher.close();
        }
    }
}
