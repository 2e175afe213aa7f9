package io.pumplink.gateway.dashboard;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.pumplink.gateway.link.LinkSnapshot;
import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.gateway.ops.OpsHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The read-only live dashboard on the gateway's HTTP port: a static page ({@code /}, {@code /app.js},
 * {@code /style.css}, from the jar, no build step) that draws what {@code /events} streams (Server-Sent Events
 * from the {@link LiveFeed}: the same envelopes the gateway publishes to MQTT, patient references removed).
 */
public final class Dashboard implements AutoCloseable {
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** How often publications reach the page: often enough to look live, seldom enough to merge a flood. */
    static final Duration REFRESH = Duration.ofMillis(250);
    /** Alarm events and records kept between two refreshes (the page's history holds fewer). */
    static final int MAX_EVENTS_PER_REFRESH = 1000;
    private static final String RESOURCES = "/dashboard/";

    private final LiveFeed feed;
    private final Duration keepAlive;
    private final PendingChanges pending = new PendingChanges(MAX_EVENTS_PER_REFRESH);
    private ScheduledExecutorService timer;

    public Dashboard(LiveFeed feed, Duration keepAlive) {
        this.feed = feed;
        this.keepAlive = keepAlive;
    }

    /** A dashboard over the gateway's publications and links, sending link state every second once started. */
    public static Dashboard of(String gatewayId, String version, long startedAtMs, Supplier<List<LinkSnapshot>> links,
                               LongSupplier wallClockMs) {
        return new Dashboard(new LiveFeed(gatewayId, version, startedAtMs, links, wallClockMs,
                LiveFeed.DEFAULT_CLIENT_QUEUE), KEEP_ALIVE);
    }

    /**
     * For the publish loop's tap: sees every publication on its way to the broker. Only queues it (O(1)); the
     * feed gets it on the dashboard's thread within {@link #REFRESH}.
     */
    public void published(Publication publication) {
        pending.add(publication);
    }

    /** Adds the page, its assets and the event stream to {@code server} (before it starts). */
    public OpsHttpServer register(OpsHttpServer server) {
        OpsHttpServer.Reply page = asset("index.html", "text/html; charset=utf-8");
        OpsHttpServer.Reply script = asset("app.js", "text/javascript; charset=utf-8");
        OpsHttpServer.Reply style = asset("style.css", "text/css; charset=utf-8");
        return server
                .route("/", query -> page)
                .route("/index.html", query -> page)
                .route("/app.js", query -> script)
                .route("/style.css", query -> style)
                .eventStream("/events", (query, channel) -> EventStream.open(channel, feed, keepAlive));
    }

    /** From now on: hands what was published to the feed every {@link #REFRESH}, the links' state every second. */
    public Dashboard start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dashboard");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(feed::refreshLinks, 0, 1, TimeUnit.SECONDS);
        return this;
    }

    private void refresh() {
        pending.take().forEach(feed::accept); // never throws
    }

    public LiveFeed feed() {
        return feed;
    }

    private static OpsHttpServer.Reply asset(String name, String contentType) {
        try (InputStream in = Dashboard.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard asset missing from the jar: " + name);
            }
            return new OpsHttpServer.Reply(HttpResponseStatus.OK, contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        feed.close();
    }
}
