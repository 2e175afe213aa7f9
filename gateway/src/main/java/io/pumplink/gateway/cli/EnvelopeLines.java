package io.pumplink.gateway.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.pumplink.proto.v1.Envelope;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Published envelopes as people read them, one line each: time, topic (below the prefix), body kind and the key
 * fields with their units. Shared by {@code watch} and {@code request}. Patient references are never printed in
 * this form, only whether there is one; the JSON form ({@link #json}) prints what was published. Each kind of body
 * is worded by the class for its subject: {@link TelemetryLines}, {@link AlarmLines}, {@link RecordLines},
 * {@link LinkLines}, {@link RequestLines}.
 */
final class EnvelopeLines {
    private final String topicPrefix;
    private final ZoneId zone;
    private final TelemetryLines telemetry;
    private final LinkLines links;
    private final JsonFormat.Printer jsonPrinter = JsonFormat.printer().omittingInsignificantWhitespace();

    EnvelopeLines(String topicPrefix, ZoneId zone) {
        this.topicPrefix = topicPrefix;
        this.zone = zone;
        this.telemetry = new TelemetryLines(zone);
        this.links = new LinkLines(zone);
    }

    /** {@code 12:00:01 pumps/NGP-4711/reservoir  RESERVOIR 12.3 mL ...}; the time is the gateway's receipt. */
    String line(String topic, Envelope envelope, Instant arrival) {
        Instant at = envelope.getHeader().hasGatewayReceiveTimeMs()
                ? Instant.ofEpochMilli(envelope.getHeader().getGatewayReceiveTimeMs()) : arrival;
        return time(at, arrival) + " " + shortTopic(topic) + "  " + body(envelope);
    }

    /** The one line for a payload that is not an Envelope. */
    String unparseable(String topic, int size, String reason, Instant arrival) {
        return time(arrival, arrival) + " " + shortTopic(topic) + "  UNPARSEABLE payload of " + size + " bytes: "
                + reason;
    }

    /** The Protobuf JSON mapping on one line, as the gateway's JSON mirror publishes it. */
    String json(Envelope envelope) {
        try {
            return jsonPrinter.print(envelope);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the schema has no Any fields", e);
        }
    }

    String shortTopic(String topic) {
        return topic.startsWith(topicPrefix + "/") ? topic.substring(topicPrefix.length() + 1) : topic;
    }

    private String time(Instant at, Instant arrival) {
        ZonedDateTime local = at.atZone(zone);
        boolean sameDay = local.toLocalDate().equals(arrival.atZone(zone).toLocalDate());
        return (sameDay ? Readable.TIME : Readable.DATE_TIME).format(local);
    }

    /** The body kind and its key fields, without time and topic. */
    String body(Envelope e) {
        return switch (e.getBodyCase()) {
            case RESERVOIR_STATUS -> telemetry.reservoir(e.getReservoirStatus());
            case FLOW_STATUS -> telemetry.flow(e.getFlowStatus());
            case BATTERY_STATUS -> telemetry.battery(e.getBatteryStatus());
            case THERAPY_SUMMARY -> telemetry.therapy(e.getTherapySummary());
            case PUMP_IDENTITY -> telemetry.identity(e.getPumpIdentity());
            case PROGRAMMER_STATUS -> telemetry.programmer(e.getProgrammerStatus());
            case ALARM -> AlarmLines.event(e.getAlarm());
            case ACTIVE_ALARMS -> AlarmLines.active(e.getActiveAlarms());
            case INTERROGATION_RECORD -> RecordLines.interrogation(e.getInterrogationRecord());
            case SESSION_BEGIN -> RecordLines.sessionBegin(e.getSessionBegin());
            case LOG_ENTRY -> RecordLines.logEntry(e.getLogEntry());
            case SESSION_END -> RecordLines.sessionEnd(e.getSessionEnd());
            case LINK_STATUS -> links.link(e.getLinkStatus());
            case GATEWAY_STATUS -> links.gateway(e.getGatewayStatus());
            case HELLO -> links.hello(e.getHello());
            case HELLO_ACK -> links.helloAck(e.getHelloAck());
            case HEARTBEAT -> links.heartbeat(e.getHeartbeat());
            case ACK -> links.ack(e.getAck());
            case NAK -> links.nak(e.getNak());
            case RAW_FRAME -> links.raw(e.getRawFrame());
            case REQUEST_INTERROGATION -> RequestLines.interrogation(e.getRequestInterrogation());
            case REQUEST_STATUS -> RequestLines.status(e.getRequestStatus());
            case REQUEST_REPLY -> RequestLines.reply(e.getRequestReply());
            case COMMAND_RESULT -> "COMMAND_RESULT " + RequestLines.commandResult(e.getCommandResult());
            case BODY_NOT_SET -> "UNKNOWN BODY (frame type " + e.getHeader().getFrameTypeName()
                    + "; published by a newer schema?)";
            default -> e.getBodyCase() + " (no readable form yet; use --json)";
        };
    }
}
