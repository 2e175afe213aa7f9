package io.pumplink.gateway.link;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one configured link open: connects (serial port or TCP), builds the pipeline, and reconnects with capped
 * exponential backoff when the port vanishes, fails to open, or the peer closes. Its state is always visible.
 *
 * <p>The state has one owner: every change, connect and retry runs on the {@code owner} executor, in the order
 * it was handed over (the channel's event loop and {@link #close()} hand theirs over), so the snapshot and the
 * listener see one sequence and the listener never runs on an event loop.
 */
public final class LinkSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkSupervisor.class);

    /** Opens a byte stream with the given pipeline: {@link LinkConnector#connect}, or a test's channel. */
    @FunctionalInterface
    public interface Opener {
        ChannelFuture open(Endpoint endpoint, ChannelHandler initializer);
    }

    private final String linkId;
    private final Endpoint endpoint;
    private final Opener opener;
    private final FrameStore store;
    private final LinkListener listener;
    private final LongSupplier wallClockMs;
    private final Backoff backoff;
    private final EventExecutor owner;
    private final FrameStats frameStats = new FrameStats();
    private final MessageStats messageStats = new MessageStats();
    private final LinkCounters counters = new LinkCounters();
    // written only on the owner
    private volatile Status status;
    private volatile Channel channel;
    // set by close() on any thread; from then on only STOPPED is reported
    private volatile boolean closed;

    /**
     * @param owner runs this link's state changes, connects and reconnect timers; one thread shared by all links,
     *              not one per link, and still running when {@link #close()} is called
     */
    public LinkSupervisor(String linkId, Endpoint endpoint, Opener opener, FrameStore store, LinkListener listener,
                          LongSupplier wallClockMs, Duration backoffInitial, Duration backoffMax,
                          EventExecutor owner) {
        this.linkId = linkId;
        this.owner = owner;
        this.endpoint = endpoint;
        this.opener = opener;
        this.store = store;
        this.listener = listener;
        this.wallClockMs = wallClockMs;
        this.backoff = new Backoff(backoffInitial, backoffMax, () -> ThreadLocalRandom.current().nextDouble());
        this.status = new Status(LinkState.CONNECTING, "starting", wallClockMs.getAsLong(), Optional.empty());
    }

    public void start() {
        onOwner(this::connect);
    }

    private void connect() {
        if (closed) {
            return;
        }
        changed(LinkState.CONNECTING, "connecting to " + endpoint, Optional.empty());
        opener.open(endpoint, pipeline()).addListener((ChannelFuture opened) -> onOwner(() -> opened(opened)));
    }

    private void opened(ChannelFuture opened) {
        if (!opened.isSuccess()) {
            retry(opened.cause().getMessage());
            return;
        }
        channel = opened.channel();
        backoff.reset();
        if (closed) {
            channel.close(); // close() came while this connection was being made
        }
    }

    private void retry(String why) {
        channel = null;
        if (closed) {
            return;
        }
        long delayMs = backoff.next().toMillis();
        changed(LinkState.CONNECTING, why + "; retrying in " + delayMs + " ms", Optional.empty());
        owner.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
    }

    private ChannelInitializer<Channel> pipeline() {
        boolean tcp = endpoint instanceof Endpoint.Tcp;
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                PtlPipeline.install(ch.pipeline(), frameStats, messageStats, PtlPipeline.DEFAULT_HEARTBEAT_MS)
                        .addLast(new GatewayLinkHandler(linkId, store,
                                (link, state, reason, hello) -> onOwner(() -> changed(state, reason, hello)),
                                counters, wallClockMs, tcp))
                        .addLast(new Reconnect());
            }
        };
    }

    /** Last in the pipeline: the connection ended, after the link handler has told why. */
    private final class Reconnect extends ChannelInboundHandlerAdapter {
        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            onOwner(() -> retry("link closed"));
            ctx.fireChannelInactive();
        }
    }

    private void onOwner(Runnable task) {
        try {
            owner.execute(task);
        } catch (RejectedExecutionException e) {
            // the gateway stopped its links and then the owner: a late event has nobody left to tell
        }
    }

    private void changed(LinkState state, String reason, Optional<Hello> hello) {
        if (closed && state != LinkState.STOPPED) {
            return; // the closing channel's late LOST must not replace STOPPED
        }
        Status previous = status;
        status = new Status(state, reason, wallClockMs.getAsLong(), hello.or(previous::hello));
        if (previous.state() != state) {
            LOG.info("link {} ({}): {} - {}", linkId, endpoint, state, reason);
        }
        listener.stateChanged(linkId, state, reason, status.hello());
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

    /** Closes the connection (no frame arrives after this returns) and reports STOPPED; not on the owner. */
    @Override
    public void close() {
        closed = true;
        Channel current = channel;
        if (current != null) {
            current.close().syncUninterruptibly();
        }
        owner.submit(() -> changed(LinkState.STOPPED, "gateway stopped", Optional.empty())).syncUninterruptibly();
    }

    /** Where the link stands, since when (gateway clock), and the last HELLO it had. */
    private record Status(LinkState state, String reason, long sinceMs, Optional<Hello> hello) {
    }
}
