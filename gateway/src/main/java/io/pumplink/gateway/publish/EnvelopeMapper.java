package io.pumplink.gateway.publish;

import io.pumplink.gateway.model.MessageIds;
import io.pumplink.gateway.model.Observation;
import io.pumplink.gateway.model.Origin;
import io.pumplink.protocol.message.Inbound;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.PumpMessage;
import io.pumplink.protocol.message.RejectedFrame;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FrameType;
import io.pumplink.proto.v1.Header;
import io.pumplink.proto.v1.RawFrame;

/** The MQTT edge: internal {@link Observation}s to the published Protobuf {@link Envelope}. */
public final class EnvelopeMapper {
    /** Bumped whenever the published schema gains fields (docs/schema.md). */
    public static final int SCHEMA_VERSION = 3;

    private EnvelopeMapper() {
    }

    /** With the real pump serial: offline decoding. */
    public static Envelope toEnvelope(Observation observation) {
        return toEnvelope(observation, PumpNames.REAL);
    }

    /** As published: the pump serial named by {@code names}. */
    public static Envelope toEnvelope(Observation observation, PumpNames names) {
        Inbound inbound = observation.inbound();
        Envelope.Builder envelope = Envelope.newBuilder().setHeader(header(observation.origin(), inbound, names));
        if (inbound instanceof Packet packet) {
            BodyMapper.setBody(envelope, packet.message(), observation.derived());
        } else {
            RejectedFrame rejected = (RejectedFrame) inbound;
            envelope.setRawFrame(RawFrame.newBuilder().setTypeCode(rejected.type()).setReason(rejected.detail()));
        }
        return names.rename(envelope).build();
    }

    private static Header header(Origin origin, Inbound inbound, PumpNames names) {
        int typeCode = inbound instanceof Packet packet ? packet.type().code() : ((RejectedFrame) inbound).type();
        Header.Builder header = Header.newBuilder()
                .setGatewayId(origin.gatewayId())
                .setLinkId(origin.linkId())
                .setProgrammerSerial(origin.programmerSerial())
                .setFrameSeq(inbound.seq())
                .setFrameFlags(inbound.flags())
                .setFrameType(BodyMapper.known(FrameType::forNumber, typeCode, FrameType.FRAME_TYPE_UNSPECIFIED))
                .setFrameTypeCode(typeCode)
                .setFrameTypeName(MessageType.of(typeCode).map(Enum::name)
                        .orElse("UNKNOWN_0x%02X".formatted(typeCode)))
                .setMessageId(MessageIds.of(origin.programmerSerial(), inbound, names::payload))
                .setSchemaVersion(SCHEMA_VERSION);
        origin.identityConflict().ifPresent(tag -> header.setConflictsWithMessageId(header.getMessageId())
                .setMessageId(header.getMessageId() + ":" + tag)); // subscribers must not de-duplicate it away
        origin.receiveTimeMs().ifPresent(header::setGatewayReceiveTimeMs);
        if (inbound instanceof Packet packet && packet.message() instanceof PumpMessage pump) {
            header.setPumpSerial(pump.pumpSerial()).setDeviceTimeMs(pump.tsMs());
        } else if (inbound instanceof Packet packet && packet.message() instanceof ProgrammerStatus status) {
            header.setDeviceTimeMs(status.tsMs());
        }
        return header.build();
    }
}
