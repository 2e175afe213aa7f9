package io.pumplink.bridge;

import io.pumplink.proto.v1.Envelope;

/**
 * One publication a bridge took from the broker: its topic, the stable message id (user property
 * {@code message-id}, else {@code Header.message_id}) and the decoded envelope. {@code toString} carries no payload.
 */
public record Received(String topic, String messageId, Envelope envelope) {
    @Override
    public String toString() {
        return "Received[topic=%s, messageId=%s, body=%s]".formatted(topic, messageId, envelope.getBodyCase());
    }
}
