package io.pumplink.gateway.mqtt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message received on a subscription, with the MQTT 5 request/response properties needed to answer it
 * through {@link MqttPublisher#respond(IncomingRequest, Publication)}.
 */
public record IncomingRequest(
        String topic,
        byte[] payload,
        Optional<String> responseTopic,
        Optional<byte[]> correlationData,
        Map<String, String> userProperties) {

    public IncomingRequest {
        Objects.requireNonNull(topic, "topic");
        payload = Objects.requireNonNull(payload, "payload").clone();
        Objects.requireNonNull(responseTopic, "responseTopic");
        correlationData = Objects.requireNonNull(correlationData, "correlationData").map(byte[]::clone);
        userProperties = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(userProperties, "userProperties")));
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public Optional<byte[]> correlationData() {
        return correlationData.map(byte[]::clone);
    }

    /** Topic and sizes only, as for {@link Publication#toString()}. */
    @Override
    public String toString() {
        return "IncomingRequest[topic=" + topic + ", payload=" + payload.length + " bytes, responseTopic="
                + responseTopic.orElse("-") + ", userProperties=" + userProperties.size()
                + correlationData.map(c -> ", correlationData=" + c.length + " bytes").orElse("") + "]";
    }
}
