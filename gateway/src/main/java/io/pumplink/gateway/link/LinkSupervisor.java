package io.pumplink.gateway.link;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.util.concurrent.EventExecutor;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.link.PtlPipeline;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.Request;
import io.pumplink.protocol.transport.Endpoint;
import io.pumplink.protocol.transport.LinkConnector;
import io.pumplink.gateway.retry.Backoff;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one configured link open: connects (serial port or TCP), builds the pipeline, and reconnects with capped
 * exponential backoff when the port vanishes, fails to open, or the peer closes. Its state is always visible.
 */
public final class LinkSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkSupervisor.class);

    private final String linkId;
    private final Endpoint endpoint;
    private final LinkConnector connector;
    private final FrameStore store;
    private final LinkListener listener;
    private final LongSupplier wallClockMs;
    private final Backoff backoff;
    private final EventExecutor timer;
    private final FrameStats frameStats = new FrameStats();
    private final MessageStats messageStats = new MessageStats();
    private final LinkCounters counters = new LinkCounters();
    private volatile Status status;
    private volatile Channel channel;
    private volatile boolean closed;

    /** @param timer schedules reconnect attempts; one thread shared by all links, not one per link */
    public LinkSupervisor(String linkId, Endpoint endpoint, LinkConnector connector, FrameStore store,
                          LinkListener listener, LongSupplier wallClockMs, Duration backoffInitial,
                          Duration backoffMax, EventExecutor timer) {
        this.linkId = linkId;
        this.timer = timer;
        this.endpoint = endpoint;
        this.connector = connector;
        this.store = store;
        this.listener = listener;
        this.wallClockMs = wallClockMs;
        this.backoff = new Backoff(backoffInitial, backoffMax, () -> ThreadLocalRandom.current().nextDouble());
        this.status = new Status(LinkState.CONNECTING, "starting", wallClockMs.getAsLong(), Optional.empty());
    }

    public void start() {
        connect();
    }

    private void connect() {
        if (closed) {
            return;
        }
        changed(linkId, LinkState.CONNECTING, "connecting to " + endpoint, status.hello());
        connector.connect(endpoint, pipeline()).addListener((ChannelFuture opened) -> {
            if (opened.isSuccess()) {
                channel = opened.channel();
                backoff.reset();
                opened.channel().closeFuture().addListener(f -> retry("link closed"));
            } else {
                retry(opened.cause().getMessage());
            }
        });
    }

    private void retry(String why) {
        channel = null;
        if (closed) {
            changed(linkId, LinkState.STOPPED, "gateway stopping", Optional.empty());
            return;
        }
        long delayMs = backoff.next().toMillis();
        changed(linkId, LinkState.CONNECTING, why + "; retrying in " + delayMs + " ms", status.hello());
        timer.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
    }

    private ChannelInitializer<Channel> pipeline() {
        boolean tcp = endpoint instanceof Endpoint.Tcp;
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                PtlPipeline.install(ch.pipeline(), frameStats, messageStats, PtlPipeline.DEFAULT_HEARTBEAT_MS)
                        .addLast(new GatewayLinkHandler(linkId, store, LinkSupervisor.this::changed, counters,
                                wallClockMs, tcp));
            }
        };
    }

    private void changed(String link, LinkState state, String reason, Optional<Hello> hello) {
        if (closed && state != LinkState.STOPPED) {
            return; // the closing channel's late LOST must not replace STOPPED
        }
        Status previous = status;
        status = new Status(state, reason, wallClockMs.getAsLong(), hello.or(previous::hello));
        if (previous.state() != state) {
            LOG.info("link {} ({}): {} - {}", linkId, endpoint, state, reason);
        }
        listener.stateChanged(link, state, reason, status.hello());
    }

    /** Sends a read-only request over this link; fails at once when the link is not up. */
    public CompletableFuture<CommandResult> request(Request request) {
        Channel current = channel;
        GatewayLinkHandler handler = current == null ? null : current.pipeline().get(GatewayLinkHandler.class);
        return handler == null ? CompletableFuture.failedFuture(new LinkDownException(linkId))
                : handler.request(request);
    }

    /** The state as last changed, with the counters' values now. */
    public LinkSnapshot snapshot() {
        Status now = status;
        return new LinkSnapshot(linkId, endpoint.toString(), endpoint instanceof Endpoint.Serial, endpoint.bluetooth(),
                now.state(), now.reason(), now.sinceMs(), now.hello(), frameStats, messageStats, counters);
    }

    /** The live frame-layer counters, for meters read on each scrape; a status message takes a snapshot. */
    public FrameStats frameStats() {
        return frameStats;
    }

    public MessageStats messageStats() {
        return messageStats;
    }

    public LinkCounters counters() {
        return counters;
    }

    public String linkId() {
        return linkId;
    }

    @Override
    public void close() {
        closed = true;
        Channel current = channel;
        if (current != null) {
            current.close().syncUninterruptibly();
        }
        changed(linkId, LinkState.STOPPED, "gateway stopped", status.hello());
    }

    /** Where the link stands, since when (gateway clock), and the last HELLO it had. */
    private record Status(LinkState state, String reason, long sinceMs, Optional<Hello> hello) {
    }
}
