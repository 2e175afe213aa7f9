package io.pumplink.gateway.publish;

import io.pumplink.gateway.link.LinkSnapshot;
import io.pumplink.gateway.link.LinkState;
import io.pumplink.gateway.mqtt.MqttPublisher;
import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.protocol.message.Hello;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FrameType;
import io.pumplink.proto.v1.Header;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which gateway holds which programmer, for requesters when several gateways share a broker: the retained
 * {@code {prefix}/programmers/{serial}/gateway} is an Envelope without body whose header names the gateway; an
 * empty retained message clears it when the link goes down. Republished with the periodic link status, so an entry
 * cleared by a gateway the programmer left after it came here is restored. Called on the links' owner thread only.
 */
public final class ProgrammerDirectory {
    private final String gatewayId;
    private final Topics topics;
    private final MqttPublisher mqtt;
    /** linkId → the serial published for it. */
    private final Map<String, String> entries = new HashMap<>();

    public ProgrammerDirectory(String gatewayId, Topics topics, MqttPublisher mqtt) {
        this.gatewayId = gatewayId;
        this.topics = topics;
        this.mqtt = mqtt;
    }

    /** After a state change, or periodically: publishes the link's entry while UP, clears it otherwise. */
    public void update(LinkSnapshot link) {
        String serial = link.state() == LinkState.UP ? link.hello().map(Hello::programmerSerial).orElse(null) : null;
        String before = serial == null ? entries.remove(link.linkId()) : entries.put(link.linkId(), serial);
        if (before != null && !Objects.equals(before, serial)) {
            publish(before, new byte[0], "");
        }
        if (serial != null) {
            String messageId = "directory:" + gatewayId + ":" + serial + ":" + link.stateSinceMs();
            Envelope entry = Envelope.newBuilder().setHeader(Header.newBuilder().setGatewayId(gatewayId)
                    .setMessageId(messageId).setProgrammerSerial(serial).setFrameType(FrameType.FRAME_TYPE_UNSPECIFIED)
                    .setSchemaVersion(EnvelopeMapper.SCHEMA_VERSION)).build();
            publish(serial, entry.toByteArray(), messageId);
        }
    }

    private void publish(String serial, byte[] payload, String messageId) {
        mqtt.publish(new Publication(topics.directory(serial), payload, Dispatcher.QOS, true, Dispatcher.CONTENT_TYPE,
                messageId.isEmpty() ? Map.of() : Map.of(Dispatcher.MESSAGE_ID, messageId)));
    }
}
