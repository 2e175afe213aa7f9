package io.pumplink.gateway.publish;

import io.pumplink.gateway.link.LinkCounts;
import io.pumplink.gateway.link.LinkSnapshot;
import io.pumplink.gateway.model.Derived;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.model.Interrogation;
import io.pumplink.gateway.model.MessageIds;
import io.pumplink.gateway.model.Observation;
import io.pumplink.protocol.frame.FrameCounts;
import io.pumplink.protocol.frame.InvalidReason;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.MessageCounts;
import io.pumplink.protocol.message.NakReason;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.PumpIdentity;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.TherapySummary;
import io.pumplink.proto.v1.ActiveAlarms;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FrameType;
import io.pumplink.proto.v1.GatewayStatus;
import io.pumplink.proto.v1.Header;
import io.pumplink.proto.v1.InterrogationRecord;
import io.pumplink.proto.v1.LinkState;
import io.pumplink.proto.v1.LinkStatus;
import io.pumplink.proto.v1.SessionOutcome;
import io.pumplink.proto.v1.Transport;

/** Envelopes for what the gateway builds itself: interrogation records, active alarms, link and gateway status. */
public final class GatewayMessages {
    private GatewayMessages() {
    }

    public static Envelope interrogation(String gatewayId, Interrogation session, PumpNames names) {
        InterrogationRecord.Builder record = InterrogationRecord.newBuilder()
                .setPumpSerial(session.pumpSerial())
                .setSessionId((int) session.sessionId())
                .setCloseReason(session.closeReason())
                .setComplete(session.complete())
                .setSessionEndReceived(session.end().isPresent())
                .setEntryCountReceived(session.logEntries().size())
                .addAllMissingIndices(session.missingIndex());
        session.begin().ifPresent(begin -> record.setPatientRef(begin.patientRef()).setBeginTsMs(begin.tsMs()));
        session.end().ifPresent(end -> record.setEndTsMs(end.tsMs()).setOutcomeCode(end.outcomeCode())
                .setEntryCountExpected(end.entryCount())
                .setOutcome(BodyMapper.known(SessionOutcome::forNumber, end.outcomeCode() + 1,
                        SessionOutcome.SESSION_OUTCOME_UNSPECIFIED)));
        session.identity().ifPresent(o -> record.setIdentity(BodyMapper.identity((PumpIdentity) message(o))));
        session.reservoir().ifPresent(o -> record.setReservoir(
                BodyMapper.reservoir((ReservoirStatus) message(o), (Derived.Reservoir) o.derived())));
        session.flow().ifPresent(o -> record.setFlow(BodyMapper.flow((FlowStatus) message(o), (Derived.Flow) o.derived())));
        session.therapy().ifPresent(o -> record.setTherapySummary(
                BodyMapper.therapy((TherapySummary) message(o), (Derived.Therapy) o.derived())));
        session.battery().ifPresent(o -> record.setBattery(BodyMapper.battery((BatteryStatus) message(o))));
        for (Observation entry : session.logEntries()) {
            record.addLogEntries(BodyMapper.logEntry((LogEntry) message(entry), entry.derived()));
        }
        session.alarms().forEach(alarm -> record.addAlarms(BodyMapper.alarm(alarm)));
        long deviceTime = session.end().map(e -> e.tsMs()).or(() -> session.begin().map(b -> b.tsMs())).orElse(0L);
        return names.rename(Envelope.newBuilder()
                .setHeader(header(gatewayId, "interrogation:" + names.payload(session.pumpSerial()) + ":"
                        + session.sessionId())
                        .setProgrammerSerial(session.origin().programmerSerial())
                        .setLinkId(session.origin().linkId())
                        .setPumpSerial(session.pumpSerial())
                        .setDeviceTimeMs(deviceTime))
                .setInterrogationRecord(record))
                .build();
    }

    /**
     * A pump's active set: its own alarms by id, then the gateway's alerts about it by id.
     *
     * @param causeMessageId the message id of the alarm or alert that changed the set, as published
     */
    public static Envelope activeAlarms(String gatewayId, String pumpSerial, ActiveAlarmBook.Active active,
                                        long nowMs, String causeMessageId, PumpNames names) {
        ActiveAlarms.Builder alarms = ActiveAlarms.newBuilder().setPumpSerial(pumpSerial).setUpdatedAtMs(nowMs);
        active.pumpAlarms().forEach(alarm -> alarms.addAlarms(BodyMapper.alarm(alarm)));
        active.gatewayAlerts().forEach(alert -> alarms.addAlarms(BodyMapper.alarm(alert)));
        String messageId = "active-alarms:" + names.payload(pumpSerial) + ":" + causeMessageId;
        return names.rename(Envelope.newBuilder()
                .setHeader(header(gatewayId, messageId).setPumpSerial(pumpSerial).setGatewayReceiveTimeMs(nowMs))
                .setActiveAlarms(alarms))
                .build();
    }

    /** A raise or clear of one of the gateway's own alerts; no wire frame behind it. */
    public static Envelope gatewayAlert(String gatewayId, GatewayAlert alert, PumpNames names) {
        return names.rename(Envelope.newBuilder()
                .setHeader(header(gatewayId, MessageIds.of(gatewayId, alert, names::payload))
                        .setPumpSerial(alert.pumpSerial()).setGatewayReceiveTimeMs(alert.atMs()))
                .setAlarm(BodyMapper.alarm(alert)))
                .build();
    }

    public static Envelope gatewayStatus(String gatewayId, boolean online, String version, long startedAtMs) {
        return Envelope.newBuilder()
                .setHeader(header(gatewayId, "gateway-status:" + gatewayId + ":" + startedAtMs + ":" + online))
                .setGatewayStatus(GatewayStatus.newBuilder().setGatewayId(gatewayId).setOnline(online)
                        .setVersion(version).setStartedAtMs(startedAtMs))
                .build();
    }

    public static Envelope linkStatus(String gatewayId, LinkSnapshot link, long nowMs) {
        LinkStatus.Builder status = LinkStatus.newBuilder()
                .setLinkId(link.linkId())
                .setEndpoint(link.endpoint())
                .setTransport(!link.serial() ? Transport.TRANSPORT_TCP
                        : link.bluetooth() ? Transport.TRANSPORT_BLUETOOTH_SPP : Transport.TRANSPORT_SERIAL)
                .setState(LinkState.valueOf("LINK_STATE_" + link.state().name()))
                .setReason(link.reason())
                .setStateSinceMs(link.stateSinceMs())
                .setCounters(counters(link.frames(), link.messages(), link.counters()));
        link.counters().lastFrameReceivedMs().ifPresent(status::setLastFrameReceivedMs);
        link.counters().clockOffsetMs().ifPresent(status::setClockOffsetMs);
        link.hello().ifPresent(hello -> {
            Envelope.Builder helloBody = Envelope.newBuilder();
            BodyMapper.setBody(helloBody, hello, Derived.NONE);
            status.setHello(helloBody.getHello());
        });
        Header.Builder header = header(gatewayId, "link:" + gatewayId + ":" + link.linkId() + ":" + nowMs)
                .setLinkId(link.linkId()).setGatewayReceiveTimeMs(nowMs);
        link.hello().ifPresent(hello -> header.setProgrammerSerial(hello.programmerSerial()));
        return Envelope.newBuilder().setHeader(header).setLinkStatus(status).build();
    }

    private static io.pumplink.proto.v1.LinkCounters counters(FrameCounts frames, MessageCounts messages,
                                                              LinkCounts link) {
        return io.pumplink.proto.v1.LinkCounters.newBuilder()
                .setFramesValid(frames.valid())
                .setFramesInvalid(frames.invalidTotal())
                .setInvalidCobs(frames.invalid(InvalidReason.COBS_ERROR))
                .setInvalidSize(frames.invalid(InvalidReason.TOO_SHORT) + frames.invalid(InvalidReason.TOO_LONG))
                .setInvalidCrc(frames.invalid(InvalidReason.CRC_MISMATCH))
                .setInvalidLengthMismatch(frames.invalid(InvalidReason.LENGTH_MISMATCH))
                .setInvalidVersion(frames.invalid(InvalidReason.BAD_VERSION))
                .setInvalidReservedBits(frames.invalid(InvalidReason.RESERVED_BITS))
                .setOverlongRunsDiscarded(frames.resyncs())
                .setRejectedUnknownType(messages.rejected(NakReason.UNKNOWN_TYPE))
                .setRejectedPayloadTooShort(messages.rejected(NakReason.PAYLOAD_TOO_SHORT))
                .setRejectedInvalidField(messages.rejected(NakReason.INVALID_FIELD))
                .setRejectedBeforeHello(link.rejectedBeforeHello())
                .setSeqGaps(link.seqGaps())
                .setSeqFramesMissed(link.framesMissed())
                .setRetransmitsSeen(link.retransmitsSeen())
                .setDuplicates(link.duplicates())
                .setAcksSent(link.acksSent())
                .setNaksSent(link.naksSent())
                .setNaksReceived(link.naksReceived())
                .setHellosReceived(link.hellos())
                .setRetransmitsSent(link.requestsRetransmitted())
                .build();
    }

    private static Header.Builder header(String gatewayId, String messageId) {
        return Header.newBuilder().setGatewayId(gatewayId).setMessageId(messageId)
                .setFrameType(FrameType.FRAME_TYPE_UNSPECIFIED).setSchemaVersion(EnvelopeMapper.SCHEMA_VERSION);
    }

    private static io.pumplink.protocol.message.Message message(Observation observation) {
        return ((Packet) observation.inbound()).message();
    }
}
