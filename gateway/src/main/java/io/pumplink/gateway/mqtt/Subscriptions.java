package io.pumplink.gateway.mqtt;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's subscriptions and their handlers. Kept here rather than in Paho because every connection is a
 * new Paho client: they are replayed on each one, and messages are routed by matching the filters ourselves.
 */
final class Subscriptions {
    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);
    private static final String SHARED_PREFIX = "$share/";

    private record Subscription(String filter, int qos, Consumer<IncomingRequest> handler) {
    }

    private final Map<String, Subscription> byFilter = new ConcurrentHashMap<>();

    /** Adds or replaces the handler of {@code filter}; returns what to subscribe to. */
    MqttSubscription add(String filter, int qos, Consumer<IncomingRequest> handler) {
        MqttTopicValidator.validate(filter, true, true);
        MqttSubscription.validateQos(qos);
        byFilter.put(filter, new Subscription(filter, qos, handler));
        return new MqttSubscription(filter, qos);
    }

    List<MqttSubscription> all() {
        return byFilter.values().stream().map(s -> new MqttSubscription(s.filter(), s.qos())).toList();
    }

    /** Hands {@code request} to every handler whose filter matches; a failing handler does not stop the rest. */
    void deliver(IncomingRequest request) {
        for (Subscription subscription : byFilter.values()) {
            if (matches(subscription.filter(), request.topic())) {
                try {
                    subscription.handler().accept(request);
                } catch (RuntimeException e) {
                    log.warn("handler of {} failed on a message to {}", subscription.filter(), request.topic(), e);
                }
            }
        }
    }

    static boolean matches(String filter, String topic) {
        String plain = filter;
        if (filter.startsWith(SHARED_PREFIX)) {
            // $share/<group>/<filter>: the group name is not part of what is matched
            plain = filter.substring(filter.indexOf('/', SHARED_PREFIX.length()) + 1);
        }
        return MqttTopicValidator.isMatched(plain, topic);
    }
}
