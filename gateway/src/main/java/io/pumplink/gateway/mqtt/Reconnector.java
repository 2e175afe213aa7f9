package io.pumplink.gateway.mqtt;

import io.pumplink.gateway.retry.Backoff;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the publisher a connection and, after any failure or drop, another one: one attempt at a time, each
 * bounded by the connect timeout, spaced by capped exponential backoff, forever. An outage is logged when it
 * starts and when it ends, with the number of attempts; single attempts only at DEBUG. A TLS or authentication
 * failure is no outage: it is logged at ERROR with the key to fix, once per change of cause, and ends the
 * attempts unless {@link MqttSettings#retryOnAuthFailure()}. Loop thread only.
 */
final class Reconnector {
    private static final Logger log = LoggerFactory.getLogger(Reconnector.class);

    /** Runs a task on the publisher's loop thread after a delay. */
    interface Scheduler {
        ScheduledFuture<?> schedule(Runnable task, Duration delay);
    }

    private final MqttSettings settings;
    private final Publication will;
    private final Connection.Events events;
    private final Scheduler scheduler;
    private final Backoff backoff;
    private final AuthFailures authFailures = new AuthFailures();
    private Connection attempt;
    private ScheduledFuture<?> attemptTimeout;
    private long failedAttempts;
    private volatile long connections; // written on the loop thread only, read by metrics
    private boolean stopped;

    Reconnector(MqttSettings settings, Publication will, Connection.Events events, Scheduler scheduler) {
        this.settings = settings;
        this.will = will;
        this.events = events;
        this.scheduler = scheduler;
        this.backoff = new Backoff(settings.reconnectInitialDelay(), settings.reconnectMaxDelay(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    void connectNow() {
        if (stopped) {
            return;
        }
        try {
            Connection opened = Connection.open(settings, will, events);
            attempt = opened;
            // Paho's connection timeout does not cover a broker that accepts TCP but never sends CONNACK
            attemptTimeout = scheduler.schedule(
                    () -> failed(opened, "no CONNACK within " + settings.connectTimeout()),
                    settings.connectTimeout());
        } catch (MqttException e) {
            attempt = null;
            retryAfterFailure(e.toString());
        }
    }

    boolean isAttempt(Connection connection) {
        return connection == attempt;
    }

    /**
     * CONNACK arrived for {@code connection}.
     *
     * @return whether it is the attempt in progress, now established; false for a stale one, to be discarded
     */
    boolean established(Connection connection, int receiveMaximum, int bound) {
        if (connection != attempt) {
            return false;
        }
        attemptTimeout.cancel(false);
        attempt = null;
        connections++;
        log.info("MQTT connected to {} as {} after {} attempt(s); broker receive maximum {}, in-flight bound {}",
                settings.serverUri(), settings.clientId(), failedAttempts + 1, receiveMaximum, bound);
        failedAttempts = 0;
        backoff.reset();
        authFailures.connected();
        return true;
    }

    /** The attempt {@code connection} failed; a report about an earlier attempt is ignored. */
    void failed(Connection connection, String reason) {
        failed(connection, reason, Optional.empty());
    }

    /** As {@link #failed(Connection, String)}; {@code auth}: a failure retrying cannot fix. */
    void failed(Connection connection, String reason, Optional<AuthFailure> auth) {
        if (connection != attempt) {
            return;
        }
        attemptTimeout.cancel(false);
        attempt = null;
        connection.discard();
        if (auth.isPresent()) {
            refused(auth.get(), reason);
        } else {
            retryAfterFailure(reason);
        }
    }

    AuthFailures authFailures() {
        return authFailures;
    }

    private void refused(AuthFailure cause, String reason) {
        boolean newCause = !authFailures.standing().equals(Optional.of(cause));
        authFailures.failed(cause);
        if (!settings.retryOnAuthFailure()) {
            log.error("MQTT broker {} refused the gateway: {}; check {} ({}); not retrying"
                            + " (mqtt.retryOnAuthFailure: false)", settings.serverUri(), cause.description(),
                    cause.configKey(), reason);
            stopped = true;
            authFailures.giveUp(cause);
            return;
        }
        failedAttempts++;
        if (newCause) {
            log.error("MQTT broker {} refused the gateway: {}; check {} ({}); retrying every {} to {}"
                            + " (mqtt.retryOnAuthFailure: true)", settings.serverUri(), cause.description(),
                    cause.configKey(), reason, settings.reconnectInitialDelay(), settings.reconnectMaxDelay());
        } else {
            log.debug("MQTT connect attempt {} refused again: {}", failedAttempts, cause.label());
        }
        retryLater();
    }

    /** The established connection was lost: try again after the initial delay. */
    void connectionLost() {
        retryLater();
    }

    /** Connections established after the first one. */
    long reconnects() {
        return Math.max(0, connections - 1);
    }

    /** No more attempts; the one in progress is abandoned. */
    void stop() {
        stopped = true;
        if (attempt != null) {
            attemptTimeout.cancel(false);
            attempt.discard();
            attempt = null;
        }
    }

    private void retryAfterFailure(String reason) {
        failedAttempts++;
        if (failedAttempts == 1) {
            log.warn("MQTT broker {} unavailable: {}; retrying every {} to {} until it is back",
                    settings.serverUri(), reason, settings.reconnectInitialDelay(), settings.reconnectMaxDelay());
        } else {
            log.debug("MQTT connect attempt {} failed: {}", failedAttempts, reason);
        }
        retryLater();
    }

    private void retryLater() {
        if (!stopped) {
            scheduler.schedule(this::connectNow, backoff.next());
        }
    }
}
