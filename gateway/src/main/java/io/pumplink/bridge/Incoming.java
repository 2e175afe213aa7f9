package io.pumplink.bridge;

import java.util.Optional;

/**
 * A publication as the broker handed it over, not yet decoded; {@code ack} acknowledges it to the broker (MQTT 5
 * manual acknowledgement), after which the broker forgets it.
 */
record Incoming(String topic, byte[] payload, Optional<String> messageIdProperty, Runnable ack) {
    @Override
    public String toString() {
        return "Incoming[topic=%s, bytes=%d]".formatted(topic, payload.length);
    }
}
