package io.pumplink.bridge;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pumplink.gateway.retry.Backoff;
import io.pumplink.proto.v1.Envelope;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's one delivering thread: takes publications in the broker's order, drops redeliveries by message id,
 * delivers each until the destination takes or refuses it, and only then acknowledges it to the broker. A failing
 * destination is retried with capped backoff for as long as it takes; the broker meanwhile holds the rest (receive
 * maximum), so nothing is dropped. A refusal is logged and counted, and the stream goes on.
 */
final class Deliverer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
    /** A receiver's error text is logged; bounded, since it is outside input. */
    private static final int MAX_REASON_CHARS = 300;

    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final BlockingQueue<Incoming> queue;
    private final Destination destination;
    private final SeenMessageIds seen;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final BridgeMetrics metrics;
    private final Sleeper sleeper;
    private volatile String lastFailure = "";

    Deliverer(BlockingQueue<Incoming> queue, Destination destination, SeenMessageIds seen, Duration retryInitial,
              Duration retryMax, BridgeMetrics metrics, Sleeper sleeper) {
        this.queue = queue;
        this.destination = destination;
        this.seen = seen;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.metrics = metrics;
        this.sleeper = sleeper;
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                handle(queue.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: what is not acknowledged comes again
        }
    }

    /** The reason of the failure being retried now, empty while deliveries succeed. */
    String lastFailure() {
        return lastFailure;
    }

    void handle(Incoming incoming) throws InterruptedException {
        long startNanos = System.nanoTime();
        metrics.received();
        Optional<Received> decoded = decode(incoming);
        if (decoded.isEmpty()) {
            metrics.rejected();
            LOG.warn("{}: publication on {} ({} bytes) is no pumplink.v1.Envelope with a message id; acknowledged"
                    + " and dropped", destination.name(), incoming.topic(), incoming.payload().length);
            incoming.ack().run();
            return;
        }
        Received received = decoded.get();
        if (seen.contains(received.messageId())) {
            metrics.duplicate();
            incoming.ack().run();
            return;
        }
        Outcome outcome = deliverUntilSettled(received);
        if (outcome instanceof Outcome.Delivered) {
            metrics.delivered(Duration.ofNanos(System.nanoTime() - startNanos));
        } else if (outcome instanceof Outcome.Rejected rejected) {
            metrics.rejected();
            LOG.warn("{} refused message {} ({} on {}): {}", destination.name(), received.messageId(),
                    received.envelope().getBodyCase(), received.topic(), bounded(rejected.reason()));
        } else {
            metrics.skipped();
        }
        seen.add(received.messageId());
        incoming.ack().run();
    }

    private Outcome deliverUntilSettled(Received received) throws InterruptedException {
        Backoff backoff = new Backoff(retryInitial, retryMax, () -> ThreadLocalRandom.current().nextDouble());
        while (true) {
            Outcome outcome = attempt(received);
            if (!(outcome instanceof Outcome.Failed failed)) {
                if (metrics.failing()) {
                    LOG.info("{} takes messages again (message {})", destination.name(), received.messageId());
                }
                metrics.failing(false);
                lastFailure = "";
                return outcome;
            }
            if (!metrics.failing()) { // once per streak: a long outage must not flood the log
                LOG.warn("{} failed on message {}: {}; retrying with backoff up to {} s until it takes it",
                        destination.name(), received.messageId(), bounded(failed.reason()), retryMax.toSeconds());
            }
            metrics.failing(true);
            metrics.retry();
            lastFailure = bounded(failed.reason());
            sleeper.sleep(backoff.next());
        }
    }

    /** A destination that throws (a proxy's HTML page, a library bug) fails this attempt; the thread goes on. */
    private Outcome attempt(Received received) throws InterruptedException {
        try {
            return destination.deliver(received);
        } catch (RuntimeException e) {
            return new Outcome.Failed("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Optional<Received> decode(Incoming incoming) {
        try {
            Envelope envelope = Envelope.parseFrom(incoming.payload());
            String messageId = incoming.messageIdProperty().filter(id -> !id.isEmpty())
                    .orElse(envelope.getHeader().getMessageId());
            return messageId.isEmpty() ? Optional.empty()
                    : Optional.of(new Received(incoming.topic(), messageId, envelope));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    private static String bounded(String reason) {
        return Outcome.oneLine(reason, MAX_REASON_CHARS);
    }
}
