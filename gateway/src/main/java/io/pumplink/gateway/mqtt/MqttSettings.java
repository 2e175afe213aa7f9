package io.pumplink.gateway.mqtt;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * How the gateway connects to its MQTT 5 broker.
 *
 * @param serverUri             {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId              MQTT client identifier; also the broker-side session name
 * @param username              optional user name
 * @param password              optional password; never printed by {@link #toString()}
 * @param keepAlive             MQTT keep alive, whole seconds from 1 to 65535
 * @param connectTimeout        how long one connection attempt may take until CONNACK
 * @param reconnectInitialDelay first delay after a failed attempt or a lost connection
 * @param reconnectMaxDelay     the delay doubles per failed attempt up to this
 * @param maxInFlight           upper bound on unacknowledged publishes the gateway allows itself; the bound in
 *                              force is the lower of this and the broker's Receive Maximum
 * @param sessionExpiry         how long the broker keeps the session (subscriptions, requests queued for the
 *                              gateway) after a drop; zero ends it with the connection
 * @param tls                   for {@code ssl://}: the socket factory from {@link BrokerTls}; empty: the JDK's
 * @param retryOnAuthFailure    whether a TLS or authentication failure ({@link AuthFailure}) is retried like an
 *                              outage; false: the publisher gives up and reports it
 */
public record MqttSettings(
        URI serverUri,
        String clientId,
        Optional<String> username,
        Optional<String> password,
        Duration keepAlive,
        Duration connectTimeout,
        Duration reconnectInitialDelay,
        Duration reconnectMaxDelay,
        int maxInFlight,
        Duration sessionExpiry,
        Optional<SSLSocketFactory> tls,
        boolean retryOnAuthFailure) {

    /** The largest Receive Maximum MQTT 5 can express. */
    public static final int MAX_RECEIVE_MAXIMUM = 65_535;
    private static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFFL;

    public MqttSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        String scheme = serverUri.getScheme();
        if (!("tcp".equals(scheme) || "ssl".equals(scheme)) || serverUri.getHost() == null) {
            throw new IllegalArgumentException("serverUri must be tcp://host:port or ssl://host:port: " + serverUri);
        }
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        requireRange("keepAlive", keepAlive, Duration.ofSeconds(1), Duration.ofSeconds(65_535));
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("reconnectInitialDelay", reconnectInitialDelay);
        requireRange("reconnectMaxDelay", reconnectMaxDelay, reconnectInitialDelay, Duration.ofDays(1));
        if (maxInFlight < 1 || maxInFlight > MAX_RECEIVE_MAXIMUM) {
            throw new IllegalArgumentException("maxInFlight must be 1.." + MAX_RECEIVE_MAXIMUM + ": " + maxInFlight);
        }
        requireRange("sessionExpiry", sessionExpiry, Duration.ZERO, Duration.ofSeconds(MAX_SESSION_EXPIRY_SECONDS));
        Objects.requireNonNull(tls, "tls");
        if (tls.isPresent() && !"ssl".equals(scheme)) {
            throw new IllegalArgumentException("TLS files given for a clear-text broker URI: " + serverUri);
        }
    }

    private static void requirePositive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive: " + value);
        }
    }

    private static void requireRange(String field, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, field);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ": " + value);
        }
    }

    @Override
    public String toString() {
        return "MqttSettings[serverUri=" + serverUri + ", clientId=" + clientId + ", username=" + username
                + ", password=" + password.map(p -> "***") + ", keepAlive=" + keepAlive
                + ", connectTimeout=" + connectTimeout + ", reconnectInitialDelay=" + reconnectInitialDelay
                + ", reconnectMaxDelay=" + reconnectMaxDelay + ", maxInFlight=" + maxInFlight
                + ", sessionExpiry=" + sessionExpiry + ", tls=" + tls.isPresent()
                + ", retryOnAuthFailure=" + retryOnAuthFailure + "]";
    }
}
