package io.pumplink.gateway.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.pumplink.gateway.link.LinkSnapshot;
import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.gateway.publish.Dispatcher;
import io.pumplink.gateway.publish.GatewayMessages;
import io.pumplink.proto.v1.Envelope;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's live feed, fed by the very envelopes the gateway publishes to MQTT (a tap on the publish loop) and
 * by the link supervisors' snapshots (every second): keeps the {@link DashboardView} up to date and sends each
 * change to the subscribers as one Server-Sent Event, {@code change} (the parts it changed) or {@code links}; a new
 * subscriber first gets a {@code snapshot} of all of it.
 *
 * <p>Patient references never leave the gateway through here: every {@code patient_ref} field is cleared before
 * an envelope becomes JSON. Each subscriber has a bounded queue; one that falls behind (a slow or stalled browser)
 * is dropped, so the publish loop never waits for a browser. A subscriber's callbacks never run under the feed's
 * lock, and run on the subscriber's own executor, so one that is slow or throws holds up neither the gateway nor the
 * other subscribers ({@link Subscribers}). Thread-safe.
 */
public final class LiveFeed implements AutoCloseable {
    public static final int DEFAULT_CLIENT_QUEUE = 512;
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String gatewayId;
    private final Supplier<List<LinkSnapshot>> links;
    private final LongSupplier wallClockMs;
    private final Subscribers subscribers;
    /** Each change to the view and its queueing for every subscriber happen as one, in the same order for all. */
    private final Object lock = new Object();
    private final DashboardView view;

    /**
     * @param links       the gateway's links as they stand now (read by {@link #refreshLinks})
     * @param clientQueue events a subscriber may have waiting before it is dropped
     */
    public LiveFeed(String gatewayId, String version, long startedAtMs, Supplier<List<LinkSnapshot>> links,
                    LongSupplier wallClockMs, int clientQueue) {
        this.gatewayId = gatewayId;
        this.links = links;
        this.wallClockMs = wallClockMs;
        this.subscribers = new Subscribers(clientQueue);
        this.view = new DashboardView(gatewayId, version, startedAtMs);
    }

    /**
     * A publication the gateway sent to the broker, as the dashboard hands them over. The Protobuf ones are read
     * back into their envelope; the JSON mirror (the same data again) and anything unreadable are skipped. Never
     * throws.
     */
    public void accept(Publication publication) {
        if (!Dispatcher.CONTENT_TYPE.equals(publication.contentType())) {
            return;
        }
        try {
            accept(publication.topic(), Envelope.parseFrom(publication.payload()));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            LOG.warn("dashboard skipped a publication on {}: {}", publication.topic(), e.toString());
        }
    }

    /** One envelope as published on {@code topic}. */
    public void accept(String topic, Envelope published) {
        Envelope envelope = Redaction.strip(published);
        Subscribers.Delivery delivery;
        synchronized (lock) {
            ObjectNode change = view.apply(topic, envelope);
            delivery = change == null ? Subscribers.Delivery.NONE : broadcast("change", change);
        }
        delivery.run();
    }

    /** Reads every link's snapshot and sends it: state, reason, HELLO and counters, as the MQTT link topic has them. */
    public void refreshLinks() {
        try {
            long now = wallClockMs.getAsLong();
            ArrayNode array = NODES.arrayNode();
            for (LinkSnapshot link : links.get()) {
                array.add(DashboardView.json(GatewayMessages.linkStatus(gatewayId, link, now)));
            }
            Subscribers.Delivery delivery;
            synchronized (lock) {
                view.links(array);
                delivery = broadcast("links", NODES.objectNode().put("atMs", now).set("links", array));
            }
            delivery.run();
        } catch (RuntimeException e) {
            LOG.warn("dashboard link refresh failed: {}", e.toString());
        }
    }

    /**
     * A new subscriber: its queue starts with the snapshot of everything known, then every change in order.
     *
     * @param executor runs the callbacks, never under the feed's lock; a browser's channel runs them on its event loop
     * @param wake     there are events: {@link Subscription#poll} until none is left; what comes meanwhile wakes again
     * @param dropped  run once if the subscriber is dropped for falling {@code clientQueue} events behind, or because
     *                 a callback threw
     */
    public Subscription subscribe(Executor executor, Runnable wake, Runnable dropped) {
        Subscription subscription;
        synchronized (lock) {
            subscription = subscribers.add(EventStream.frame("snapshot", view.snapshot()), executor, wake, dropped);
        }
        subscription.signal();
        return subscription;
    }

    /** Everything known now, as the {@code snapshot} event carries it. */
    public String snapshotJson() {
        synchronized (lock) {
            return view.snapshot().toString();
        }
    }

    /** Queues the event for every subscriber, under the lock: each sees every change once, and in order. */
    private Subscribers.Delivery broadcast(String event, ObjectNode data) {
        return subscribers.offer(() -> EventStream.frame(event, data));
    }

    /** Subscribers dropped since start, for falling behind or for a callback that threw. */
    public long droppedClients() {
        return subscribers.dropped();
    }

    public int subscribers() {
        return subscribers.size();
    }

    /** Reservoir readings kept for a pump. */
    int reservoirPoints(String pumpSerial) {
        synchronized (lock) {
            return view.reservoirPoints(pumpSerial);
        }
    }

    @Override
    public void close() {
        subscribers.closeAll();
    }
}
