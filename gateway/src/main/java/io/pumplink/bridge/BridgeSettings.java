package io.pumplink.bridge;

import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.gateway.publish.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One bridge process: which broker and tree it reads, as which session, and how it retries. Limits are checked here
 * once (the config loader has checked them for a file already; a test or the CLI may build one directly).
 *
 * @param kind     {@code hl7} or {@code fhir}: the shared-subscription group is {@code <group>-<kind>}
 * @param http     metrics and health; no port: none
 */
public record BridgeSettings(String kind, URI mqtt, String clientId, Topics topics, String group,
                             int receiveMaximum, Duration retryInitial, Duration retryMax, int dedupWindow,
                             Duration sessionExpiry, Duration connectTimeout, GatewayConfig.Http http) {
    /** The leaves of a pump a bridge delivers: records, status observations, alarms. */
    static final List<String> PUMP_LEAVES = List.of("interrogation", "identity", "reservoir", "flow", "therapy",
            "battery", "alarm");

    public BridgeSettings {
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("receiveMaximum must be 1..65535: " + receiveMaximum);
        }
        if (dedupWindow < 1) {
            throw new IllegalArgumentException("dedupWindow must be at least 1: " + dedupWindow);
        }
        if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("need 0 < retryInitial <= retryMax: " + retryInitial + ", " + retryMax);
        }
    }

    /** From the config file's {@code bridge:} section (flags already applied to {@code mqtt}). */
    public static BridgeSettings of(String kind, URI mqtt, GatewayConfig config, GatewayConfig.Http http) {
        GatewayConfig.Bridge b = config.bridge();
        return new BridgeSettings(kind, mqtt, b.clientId().orElse("pumplink-bridge-" + kind + "-" + hostName()),
                new Topics(config.mqtt().topicPrefix()), b.group(), b.receiveMaximum(), b.retryInitial(),
                b.retryMax(), b.dedupWindow(), b.sessionExpiry(), Duration.ofSeconds(30), http);
    }

    /** Shared subscriptions: instances of one kind share the load, and each kind gets every publication. */
    List<String> filters() {
        String share = "$share/" + group + "-" + kind + "/";
        return java.util.stream.Stream.concat(PUMP_LEAVES.stream().map(topics::allPumps),
                        java.util.stream.Stream.of(topics.prefix() + "/programmers/+/alarm"))
                .map(filter -> share + filter).toList();
    }

    private static String hostName() {
        return Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> h.matches("[A-Za-z0-9._-]{1,64}"))
                .orElseGet(() -> {
                    try {
                        return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
                    } catch (java.net.UnknownHostException e) {
                        return "localhost";
                    }
                });
    }
}
