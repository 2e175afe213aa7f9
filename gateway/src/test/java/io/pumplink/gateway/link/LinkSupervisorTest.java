package io.pumplink.gateway.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.transport.Endpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One owner for a link's state: changes from the channel's event loop, from close() and from reconnect timers
 * reach the listener on the owner thread, in the order they were handed over, each with the snapshot it made.
 * Channels are EmbeddedChannels, so the test thread plays the event loop.
 */
class LinkSupervisorTest {
    private static final long WAIT_S = 10;
    private static final Duration NEVER = Duration.ofHours(1);

    private final DefaultEventExecutor owner = new DefaultEventExecutor();
    private final BlockingQueue<Heard> heard = new LinkedBlockingQueue<>();
    private final BlockingQueue<EmbeddedChannel> opened = new LinkedBlockingQueue<>();
    private final List<EmbeddedChannel> channels = new CopyOnWriteArrayList<>();
    private Thread ownerThread;
    private LinkSupervisor supervisor;

    /** A state change as the listener got it, with the thread and the supervisor's snapshot at that moment. */
    private record Heard(LinkState state, String reason, Thread thread, LinkState snapshotState,
                         String snapshotReason) {
    }

    @BeforeEach
    void findOwnerThread() throws Exception {
        ownerThread = owner.submit(Thread::currentThread).get();
    }

    @AfterEach
    void close() {
        supervisor.close(); // no reconnect after this
        owner.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void changesFromEveryThreadReachTheListenerInOrderOnTheOwner() throws Exception {
        EmbeddedChannel channel = startAndOpen(NEVER);
        CountDownLatch release = holdOwner();

        // while the owner is busy, the event loop (played by two threads in turn) reports UP, then the close
        onAnotherThread(() -> channel.writeInbound(Packet.of(100, new Hello(1, "PRG-000123", 2, 4, 17, 7, 1000))));
        onAnotherThread(channel::close);
        release.countDown();

        List<Heard> after = take(3);
        assertThat(after).extracting(Heard::state)
                .containsExactly(LinkState.UP, LinkState.LOST, LinkState.CONNECTING);
        assertThat(after.get(2).reason()).startsWith("link closed; retrying in");
        assertThat(supervisor.snapshot().hello()).map(Hello::programmerSerial).hasValue("PRG-000123");
    }

    @Test
    void faultClosesTheConnectionAndTheSupervisorReconnects() throws Exception {
        EmbeddedChannel first = startAndOpen(Duration.ZERO);

        first.pipeline().fireExceptionCaught(new IOException("port vanished"));

        assertThat(take(4)).extracting(Heard::state).containsExactly(LinkState.LOST, LinkState.LOST,
                LinkState.CONNECTING, LinkState.CONNECTING);
        assertThat(opened.poll(WAIT_S, TimeUnit.SECONDS)).as("a new connection").isNotNull().isNotSameAs(first);
        assertThat(take(1)).extracting(Heard::state).containsExactly(LinkState.AWAITING_HELLO);
        assertThat(supervisor.counters().faults()).isEqualTo(1);
        assertThat(first.isOpen()).isFalse();
    }

    @Test
    void closeReportsStoppedLastAndDoesNotReconnect() throws Exception {
        EmbeddedChannel channel = startAndOpen(Duration.ZERO);

        supervisor.close();
        owner.submit(() -> { }).sync(); // a reconnect due at once would have run before this

        assertThat(channel.isOpen()).isFalse();
        assertThat(supervisor.snapshot().state()).isEqualTo(LinkState.STOPPED);
        assertThat(take(1)).extracting(Heard::state).as("the closing channel's LOST is not reported")
                .containsExactly(LinkState.STOPPED);
        assertThat(heard).isEmpty();
        assertThat(opened).isEmpty();
    }

    /** Starts a supervisor and returns its first connection, once CONNECTING and AWAITING_HELLO were heard. */
    private EmbeddedChannel startAndOpen(Duration backoff) throws Exception {
        supervisor = new LinkSupervisor("bench-1", Endpoint.parse("tcp:127.0.0.1:7410"), this::open,
                frame -> CompletableFuture.completedFuture(FrameStore.Stored.NEW),
                (link, state, reason, hello) -> {
                    LinkSnapshot now = supervisor.snapshot();
                    heard.add(new Heard(state, reason, Thread.currentThread(), now.state(), now.reason()));
                },
                () -> 1_000L, backoff, backoff, owner);
        supervisor.start();
        EmbeddedChannel channel = opened.poll(WAIT_S, TimeUnit.SECONDS);
        assertThat(take(2)).extracting(Heard::state).containsExactly(LinkState.CONNECTING,
                LinkState.AWAITING_HELLO);
        return channel;
    }

    private ChannelFuture open(Endpoint endpoint, ChannelHandler initializer) {
        EmbeddedChannel channel = new EmbeddedChannel(initializer);
        channels.add(channel);
        opened.add(channel);
        return channel.newSucceededFuture();
    }

    /** The owner runs a task that waits for the returned latch: everything handed over meanwhile queues. */
    private CountDownLatch holdOwner() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        owner.execute(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.await();
        return release;
    }

    private static void onAnotherThread(Runnable task) throws InterruptedException {
        Thread thread = new Thread(task);
        thread.start();
        thread.join();
    }

    /** The next {@code count} changes heard, each on the owner thread and with its own snapshot. */
    private List<Heard> take(int count) throws InterruptedException {
        List<Heard> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Heard next = heard.poll(WAIT_S, TimeUnit.SECONDS);
            assertThat(next).as("change %d of %d", i + 1, count).isNotNull();
            out.add(next);
        }
        assertThat(out).allSatisfy(h -> {
            assertThat(h.thread()).isSameAs(ownerThread);
            assertThat(h.snapshotState()).isEqualTo(h.state());
            assertThat(h.snapshotReason()).isEqualTo(h.reason());
        });
        return out;
    }
}
