package io.pumplink.gateway.dashboard;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's place in the {@link LiveFeed}: a bounded queue of ready-to-send event frames, and the client's
 * callbacks, which run on its executor with at most one wake waiting there at a time. A callback that throws, or an
 * executor that refuses one, drops the client.
 */
public final class Subscription implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

    private final Subscribers owner;
    private final BlockingQueue<String> queue;
    private final Executor executor;
    private final Runnable wake;
    private final Runnable dropped;
    private final AtomicBoolean wakeWaiting = new AtomicBoolean();
    private volatile boolean closed;

    Subscription(Subscribers owner, int queueSize, Executor executor, Runnable wake, Runnable dropped) {
        this.owner = owner;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.executor = executor;
        this.wake = wake;
        this.dropped = dropped;
    }

    /** The next event frame ({@code event: ...\ndata: ...\n\n}), or null when none is waiting. */
    public String poll() {
        return queue.poll();
    }

    /** Dropped for falling behind or failing, or closed. */
    public boolean closed() {
        return closed;
    }

    /** Leaves the feed (the client went away). */
    @Override
    public void close() {
        owner.remove(this);
        end();
    }

    boolean offer(String frame) {
        return queue.offer(frame);
    }

    void signal() {
        if (!closed && wakeWaiting.compareAndSet(false, true)) {
            run(() -> {
                wakeWaiting.set(false); // first, so that what is queued from now on wakes it again
                wake.run();
            });
        }
    }

    void signalDropped() {
        run(dropped);
    }

    void end() {
        closed = true;
        queue.clear();
    }

    private void run(Runnable callback) {
        try {
            executor.execute(() -> {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    failed(e);
                }
            });
        } catch (RuntimeException refused) {
            failed(refused);
        }
    }

    private void failed(RuntimeException e) {
        if (owner.drop(this)) {
            LOG.warn("dashboard client dropped: its callback failed ({})", e.getClass().getName());
            signalDropped();
        }
    }
}
