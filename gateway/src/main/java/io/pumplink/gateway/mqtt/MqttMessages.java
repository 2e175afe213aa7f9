package io.pumplink.gateway.mqtt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** Translation between the gateway's records and Paho's messages and MQTT 5 properties. */
final class MqttMessages {
    private MqttMessages() {
    }

    static MqttMessage toPaho(Publication publication) {
        MqttProperties properties = new MqttProperties();
        properties.setContentType(publication.contentType());
        properties.setUserProperties(publication.userProperties().entrySet().stream()
                .map(e -> new UserProperty(e.getKey(), e.getValue()))
                .toList());
        publication.correlationData().ifPresent(properties::setCorrelationData);
        return new MqttMessage(publication.payload(), publication.qos(), publication.retained(), properties);
    }

    static IncomingRequest toRequest(String topic, MqttMessage message) {
        MqttProperties properties = message.getProperties() == null ? new MqttProperties() : message.getProperties();
        Map<String, String> userProperties = new LinkedHashMap<>();
        List<UserProperty> received = properties.getUserProperties();
        if (received != null) {
            received.forEach(p -> userProperties.put(p.getKey(), p.getValue()));
        }
        return new IncomingRequest(topic, message.getPayload(),
                Optional.ofNullable(properties.getResponseTopic()),
                Optional.ofNullable(properties.getCorrelationData()),
                userProperties);
    }
}
