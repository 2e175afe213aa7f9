package io.pumplink.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How long a command runs: until a duration passes or Ctrl-C. On Ctrl-C the shutdown hook waits (bounded) for
 * the command to close its resources, so captures are flushed and links closed cleanly.
 */
public final class Lifetime implements AutoCloseable {
    private static final long CLOSE_GRACE_SECONDS = 10;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onSignal, "shutdown");

    public Lifetime() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onSignal() {
        stop.countDown();
        try {
            closed.await(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until {@code runFor} has passed (forever when empty) or the process is told to stop. */
    public void await(Optional<Duration> runFor) throws InterruptedException {
        if (runFor.isPresent()) {
            stop.await(runFor.get().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            stop.await();
        }
    }

    /** Ends {@link #await} early, as a signal would: the command found a reason to stop by itself. */
    public void stop() {
        stop.countDown();
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it is waiting for exactly this close
        }
    }
}
