package io.pumplink.gateway.mqtt;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the gateway's MQTT 5 traffic over one broker connection that it keeps up by itself.
 *
 * <ul>
 *   <li>{@link #start()} connects in the background and reconnects forever, with capped exponential backoff;
 *       a broker outage never surfaces as an exception.</li>
 *   <li>The Last Will is the retained "offline" status; after every (re)connect the retained "online" status
 *       is the first thing published.</li>
 *   <li>{@link #publish} completes its future when the broker acknowledged (PUBACK for QoS 1, the send for
 *       QoS 0). At most {@link #effectiveMaxInFlight()} publishes are unacknowledged at any time: the lower of
 *       {@link MqttSettings#maxInFlight()} and the Receive Maximum from the broker's CONNACK, which Paho
 *       otherwise enforces by throwing "Too many publishes in progress". Others wait, also while
 *       disconnected. Publishes unacknowledged when the connection drops are sent again after the reconnect:
 *       delivery is at-least-once, and subscribers de-duplicate by the message id the caller puts in the user
 *       properties.</li>
 *   <li>A future fails only when the publisher is closed, or when the publication itself is refused: with
 *       {@link PublishRejectedException} by the broker (e.g. not authorized), with an
 *       {@link IllegalArgumentException} by Paho (e.g. a topic over 65535 bytes).</li>
 * </ul>
 *
 * <p>All state lives on one internal thread, which also completes the futures: dependent stages that block
 * must use the {@code *Async} variants. Subscription handlers run on a second thread, in arrival order.
 */
public final class MqttPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttPublisher.class);
    /** Paho frees the in-flight slot of a QoS 0 send just after reporting it: try again a moment later. */
    private static final long FULL_WINDOW_RETRY_MILLIS = 1;
    /**
     * Latest-state publications waiting beyond which newer ones replace older ones of the same topic: a burst
     * goes out whole, a backlog (the broker slower than the programmers) is merged.
     */
    static final int LATEST_MERGE_ABOVE = 256;

    private final MqttSettings settings;
    private final Publication online;
    private final ScheduledThreadPoolExecutor loop;
    private final ExecutorService handlers;
    private final Subscriptions subscriptions = new Subscriptions();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object capacity = new Object();

    // confined to the loop thread
    private final Outbox outbox = new Outbox(LATEST_MERGE_ABOVE);
    private final Reconnector reconnector;
    private Connection current;

    // metrics: written on the loop thread, read anywhere
    private final AtomicInteger handedOver = new AtomicInteger();
    private final AtomicLong published = new AtomicLong();
    private volatile boolean connected;
    private volatile int waiting;
    private volatile int inFlight;
    private volatile int bound;
    private volatile int peakInFlight;
    private volatile int eventsQueued;
    private volatile int latestWaiting;
    private volatile long coalesced;
    private volatile LongConsumer latencyRecorder = nanos -> { };

    /**
     * @param will   the retained "offline" status the broker publishes when the connection dies
     * @param online the retained "online" status published first on every connection
     */
    public MqttPublisher(MqttSettings settings, Publication will, Publication online) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.online = Objects.requireNonNull(online, "online");
        this.loop = new ScheduledThreadPoolExecutor(1, daemon("mqtt-" + settings.clientId()));
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loop.setRemoveOnCancelPolicy(true);
        this.reconnector = new Reconnector(settings, Objects.requireNonNull(will, "will"), new LoopEvents(),
                (task, delay) -> loop.schedule(() -> run(task), delay.toNanos(), TimeUnit.NANOSECONDS));
        this.handlers = Executors.newSingleThreadExecutor(daemon("mqtt-handlers-" + settings.clientId()));
    }

    /** Starts connecting in the background; publications made before are sent once connected. */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("publisher is closed");
        }
        if (started.compareAndSet(false, true)) {
            post(reconnector::connectNow);
        }
    }

    /**
     * Queues {@code publication}; the future completes when the broker acknowledged it. Events go first, in order;
     * a publication marked {@link Publication#latestWins()} waits behind them, and while more than
     * {@link #LATEST_MERGE_ABOVE} such wait, a newer one to the same topic replaces it (its future then completes
     * with the newer one's). Never fails for a broker
     * outage: the publication waits and is (re)sent once connected. To avoid an unbounded queue, a producer
     * should call {@link #awaitRoom} before each publish.
     */
    public CompletableFuture<Void> publish(Publication publication) {
        Pending pending = new Pending(Objects.requireNonNull(publication, "publication"), sequence.incrementAndGet(),
                false, publication.latestWins());
        handedOver.incrementAndGet();
        if (!post(() -> {
            handedOver.decrementAndGet();
            enqueue(pending);
        })) {
            handedOver.decrementAndGet();
            pending.future().completeExceptionally(closedException());
        }
        return pending.future();
    }

    /**
     * Waits until fewer than {@code limit} events are queued or in flight and fewer than {@code limit} topics wait
     * in the latest lane, connected or not. Meant for a producer that reads from a durable journal: what does not
     * fit stays on disk, and a broker outage fills memory only up to the limit.
     *
     * @return true when there is room, false when {@code timeout} passed first or the publisher is closed
     */
    public boolean awaitRoom(int limit, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (capacity) {
            while (handedOver.get() + eventsQueued >= limit || latestWaiting >= limit || closed.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed.get()) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(capacity, left);
            }
            return true;
        }
    }

    /**
     * Waits until nothing is queued or in flight; gives up when the timeout passes or no connection is up to
     * take them (closed, or the broker went away). True when nothing was left.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (capacity) { // notified after every change on the loop
            while (!idle() && connected && !closed.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(capacity, left);
            }
            return idle();
        }
    }

    private boolean idle() {
        return queued() + inFlight == 0;
    }

    /**
     * Subscribes {@code handler} to {@code topicFilter} now and again after every reconnect. Handlers run one
     * at a time on a thread of their own; a handler that throws is logged and the others still run.
     */
    public void subscribe(String topicFilter, int qos, Consumer<IncomingRequest> handler) {
        Objects.requireNonNull(handler, "handler");
        MqttSubscription subscription = subscriptions.add(topicFilter, qos, handler);
        post(() -> {
            if (current != null) {
                current.subscribe(List.of(subscription));
            }
        });
    }

    /**
     * Publishes {@code response} to the request's response topic with its correlation data.
     *
     * @throws IllegalArgumentException when the request names no response topic
     */
    public CompletableFuture<Void> respond(IncomingRequest request, Publication response) {
        String responseTopic = request.responseTopic().orElseThrow(() -> new IllegalArgumentException(
                "request to " + request.topic() + " has no response topic"));
        return publish(response.respondingTo(responseTopic, request.correlationData()));
    }

    /**
     * Receives, for each QoS 1 publication, the nanoseconds from handing it to Paho to its PUBACK. Called on
     * the publisher's thread: it must not block.
     */
    public void setLatencyRecorder(LongConsumer recorder) {
        this.latencyRecorder = Objects.requireNonNull(recorder, "recorder");
    }

    /** TLS and authentication failures of the broker connection. */
    public AuthFailures authFailures() {
        return reconnector.authFailures();
    }

    /** Whether a connection is up and accepting publications. */
    public boolean connected() {
        return connected;
    }

    /** Publications sent and not yet acknowledged. */
    public int inFlight() {
        return inFlight;
    }

    /** The highest {@link #inFlight()} seen so far. */
    public int peakInFlight() {
        return peakInFlight;
    }

    /** Publications waiting for a connection or for a free in-flight slot. */
    public int queued() {
        return handedOver.get() + waiting;
    }

    /** The in-flight bound of the current connection; 0 while disconnected. */
    public int effectiveMaxInFlight() {
        return bound;
    }

    /** Latest-state publications replaced by a newer one to the same topic before they were sent. */
    public long coalesced() {
        return coalesced;
    }

    /** Publications acknowledged by the broker. */
    public long published() {
        return published.get();
    }

    /** Connections established after the first one. */
    public long reconnects() {
        return reconnector.reconnects();
    }

    /**
     * Fails every pending future, ends the session with "Disconnect with Will Message" (subscribers see the
     * offline status) and stops the publisher's threads. Must not be called from a future's dependent stage.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // the loop shuts itself down once clean, so nothing it runs before meets a dead executor
        post(() -> {
            outbox.clear().forEach(pending -> pending.future().completeExceptionally(closedException()));
            reconnector.stop();
            if (current != null) {
                current.disconnectWithWill(settings.connectTimeout());
                current = null;
            }
            loop.shutdown();
        });
        handlers.shutdown();
        try {
            if (!loop.awaitTermination(settings.connectTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                log.warn("MQTT publisher did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signalCapacity();
    }

    // ---- everything below runs on the loop thread ----

    private void connected(Connection connection, int receiveMaximum) {
        int newBound = Math.min(settings.maxInFlight(), receiveMaximum);
        if (!reconnector.established(connection, receiveMaximum, newBound)) {
            connection.discard();
            return;
        }
        current = connection;
        outbox.open(newBound);
        Pending status = new Pending(online, 0, true);
        status.future().whenComplete((ok, failure) -> {
            if (failure != null) {
                log.warn("online status not published: {}", failure.toString());
            }
        });
        outbox.addFirst(status);
        current.subscribe(subscriptions.all());
        drain();
    }

    private void lost(Connection connection, String reason) {
        if (reconnector.isAttempt(connection)) { // died before its CONNACK was handled here
            reconnector.failed(connection, reason);
            return;
        }
        if (connection != current) {
            return;
        }
        current = null;
        int resend = outbox.connectionLost();
        log.warn("MQTT connection to {} lost: {}; {} unacknowledged publication(s) will be resent",
                settings.serverUri(), reason, resend);
        connection.discard();
        reconnector.connectionLost();
    }

    private void enqueue(Pending pending) {
        if (closed.get()) {
            pending.future().completeExceptionally(closedException());
            return;
        }
        outbox.add(pending);
        drain();
    }

    private void drain() {
        Pending next;
        while (current != null && (next = outbox.nextToSend()) != null) {
            if (!send(current, next)) {
                return;
            }
        }
    }

    /** Hands one publication to the connection; false when the connection cannot take more now. */
    private boolean send(Connection connection, Pending pending) {
        int attemptNumber = pending.markSent();
        try {
            connection.publish(pending.publication(), new Connection.Outcome() {
                @Override
                public void acknowledged(int reasonCode, long atNanos) {
                    post(() -> onAcknowledged(connection, pending, attemptNumber, reasonCode, atNanos));
                }

                @Override
                public void failed(String reason) {
                    post(() -> onSendFailed(connection, pending, attemptNumber, reason));
                }
            });
            return true;
        } catch (MqttException e) {
            outbox.putBack(pending);
            if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                log.debug("Paho's in-flight window still full ({}); sending again shortly", e.toString());
                loop.schedule(() -> run(this::drain), FULL_WINDOW_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                lost(connection, e.toString());
            }
            return false;
        } catch (RuntimeException e) {
            // Paho's own validation (e.g. a topic it refuses): resending cannot help
            outbox.complete(pending);
            pending.future().completeExceptionally(e);
            return true;
        }
    }

    private void onAcknowledged(Connection connection, Pending pending, int attemptNumber, int reasonCode,
                                long atNanos) {
        // an acknowledgement from a dropped connection, or for an attempt since superseded, frees no slot here
        if (connection != current || !pending.isAttempt(attemptNumber) || !outbox.complete(pending)) {
            return;
        }
        if (reasonCode >= MqttReturnCode.RETURN_CODE_UNSPECIFIED_ERROR) {
            pending.future().completeExceptionally(
                    new PublishRejectedException(pending.publication().topic(), reasonCode));
        } else {
            if (pending.publication().qos() > 0) {
                recordLatency(atNanos - pending.sentAtNanos());
            }
            if (!pending.connectionScoped()) {
                published.incrementAndGet();
            }
            pending.future().complete(null);
        }
        drain();
    }

    /** Paho gave up on a publish it had accepted: only a dying connection does that. */
    private void onSendFailed(Connection connection, Pending pending, int attemptNumber, String reason) {
        if (connection == current && pending.isAttempt(attemptNumber)) {
            lost(connection, reason);
        }
    }

    private void recordLatency(long nanos) {
        try {
            latencyRecorder.accept(nanos);
        } catch (RuntimeException e) {
            log.warn("publish latency recorder failed", e);
        }
    }

    private void refreshMetrics() {
        connected = current != null;
        waiting = outbox.waiting();
        inFlight = outbox.inFlight();
        bound = outbox.bound();
        peakInFlight = outbox.peakInFlight();
        eventsQueued = outbox.eventsQueued();
        latestWaiting = outbox.latestWaiting();
        coalesced = outbox.coalesced();
        signalCapacity();
    }

    private void signalCapacity() {
        synchronized (capacity) {
            capacity.notifyAll();
        }
    }

    /** Runs {@code task} on the loop thread; false once the publisher is shut down. */
    private boolean post(Runnable task) {
        try {
            loop.execute(() -> run(task));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Every loop task goes through here: one failing must not stop the loop or leave metrics stale. */
    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("MQTT publisher task failed", e);
        } finally {
            refreshMetrics();
        }
    }

    private static IllegalStateException closedException() {
        return new IllegalStateException("MQTT publisher closed");
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Paho's callbacks, moved onto the loop thread. */
    private final class LoopEvents implements Connection.Events {
        @Override
        public void connected(Connection connection, int receiveMaximum) {
            if (!post(() -> MqttPublisher.this.connected(connection, receiveMaximum))) {
                connection.discard();
            }
        }

        @Override
        public void connectFailed(Connection connection, String reason, Optional<AuthFailure> auth) {
            post(() -> reconnector.failed(connection, reason, auth));
        }

        @Override
        public void lost(Connection connection, String reason) {
            post(() -> MqttPublisher.this.lost(connection, reason));
        }

        @Override
        public void message(String topic, MqttMessage message) {
            IncomingRequest request = MqttMessages.toRequest(topic, message);
            try {
                handlers.execute(() -> subscriptions.deliver(request));
            } catch (RejectedExecutionException e) {
                log.debug("message to {} arrived after close", topic);
            }
        }
    }
}
