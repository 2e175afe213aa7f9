package io.pumplink.gateway.mqtt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One MQTT 5 PUBLISH the gateway wants delivered. Byte arrays are copied in and out, so a publication cannot
 * change while it waits to be sent or resent.
 *
 * @param topic           a topic name (no wildcards)
 * @param payload         the bytes, as the broker will store them
 * @param qos             0 or 1: resending after a reconnect makes delivery at-least-once, so QoS 2 would
 *                        promise more than the publisher keeps
 * @param retained        whether the broker keeps it as the topic's last value
 * @param contentType     MQTT 5 Content Type, e.g. {@code application/x-protobuf}
 * @param userProperties  MQTT 5 user properties, in order (subscribers de-duplicate by a message id here)
 * @param correlationData MQTT 5 Correlation Data, for responses
 * @param latestWins      the latest state of its topic: while a backlog waits to be sent, a newer publication to
 *                        the same topic may replace it (see {@link MqttPublisher#publish}); never for events
 */
public record Publication(
        String topic,
        byte[] payload,
        int qos,
        boolean retained,
        String contentType,
        Map<String, String> userProperties,
        Optional<byte[]> correlationData,
        boolean latestWins) {

    public Publication {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("topic must be a non-empty name without wildcards: " + topic);
        }
        payload = Objects.requireNonNull(payload, "payload").clone();
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("qos must be 0 or 1: " + qos);
        }
        Objects.requireNonNull(contentType, "contentType");
        userProperties = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(userProperties, "userProperties")));
        correlationData = Objects.requireNonNull(correlationData, "correlationData").map(byte[]::clone);
    }

    public Publication(String topic, byte[] payload, int qos, boolean retained, String contentType,
                       Map<String, String> userProperties, Optional<byte[]> correlationData) {
        this(topic, payload, qos, retained, contentType, userProperties, correlationData, false);
    }

    public Publication(String topic, byte[] payload, int qos, boolean retained, String contentType,
                       Map<String, String> userProperties) {
        this(topic, payload, qos, retained, contentType, userProperties, Optional.empty());
    }


    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public Optional<byte[]> correlationData() {
        return correlationData.map(byte[]::clone);
    }

    /** This publication sent to {@code responseTopic} carrying {@code correlation}: the answer to a request. */
    Publication respondingTo(String responseTopic, Optional<byte[]> correlation) {
        return new Publication(responseTopic, payload, qos, retained, contentType, userProperties, correlation);
    }

    /** Topic and sizes only: payloads may carry clinical data and never reach a log. */
    @Override
    public String toString() {
        return "Publication[topic=" + topic + ", payload=" + payload.length + " bytes, qos=" + qos
                + ", retained=" + retained + (latestWins ? ", latestWins" : "")
                + ", userProperties=" + userProperties.size()
                + correlationData.map(c -> ", correlationData=" + c.length + " bytes").orElse("") + "]";
    }
}
