package io.pumplink.gateway.publish;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.pumplink.gateway.link.LinkSupervisor;
import io.pumplink.gateway.mqtt.IncomingRequest;
import io.pumplink.gateway.mqtt.MqttPublisher;
import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.Request;
import io.pumplink.protocol.message.RequestInterrogation;
import io.pumplink.protocol.message.RequestStatus;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FrameType;
import io.pumplink.proto.v1.Header;
import io.pumplink.proto.v1.ProgrammerRequest;
import io.pumplink.proto.v1.RequestKind;
import io.pumplink.proto.v1.RequestReply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 request/response to programmers: a {@code ProgrammerRequest} (protobuf or its JSON mapping) on
 * {@code {prefix}/programmers/{serial}/request} becomes REQUEST_INTERROGATION or REQUEST_STATUS on that
 * programmer's link, and the COMMAND_RESULT (or why there is none) goes back on the response topic with the
 * request's correlation data. Read-only: there is nothing else to ask.
 */
public final class RequestBridge {
    private static final Logger LOG = LoggerFactory.getLogger(RequestBridge.class);

    private final String gatewayId;
    private final Topics topics;
    private final MqttPublisher mqtt;
    private final List<LinkSupervisor> links;
    private final Duration timeout;
    private final AtomicLong requestIds;

    public RequestBridge(String gatewayId, Topics topics, MqttPublisher mqtt, List<LinkSupervisor> links,
                         Duration timeout, LongSupplier wallClockMs) {
        this.gatewayId = gatewayId;
        this.topics = topics;
        this.mqtt = mqtt;
        this.links = links;
        this.timeout = timeout;
        // request ids stay distinct across restarts: a programmer remembers the ids it answered
        this.requestIds = new AtomicLong(wallClockMs.getAsLong() / 1000);
    }

    public void start() {
        mqtt.subscribe(topics.allRequests(), Dispatcher.QOS, this::onRequest);
    }

    private void onRequest(IncomingRequest incoming) {
        String serial = topics.requestProgrammer(incoming.topic()).orElse(""); // "": no such programmer
        long requestId = requestIds.incrementAndGet() & 0xFFFFFFFFL;
        reply(incoming, answer(serial, incoming, requestId), requestId);
    }

    private CompletableFuture<CommandResult> answer(String serial, IncomingRequest incoming, long requestId) {
        Optional<RequestKind> kind = parse(incoming.payload());
        if (kind.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "request payload is not a ProgrammerRequest with kind INTERROGATION or STATUS"));
        }
        Request request = kind.get() == RequestKind.REQUEST_KIND_INTERROGATION
                ? new RequestInterrogation(requestId) : new RequestStatus(requestId);
        return links.stream()
                .filter(link -> link.snapshot().hello().map(h -> h.programmerSerial().equals(serial)).orElse(false))
                .findFirst()
                .map(link -> link.request(request))
                .orElseGet(() -> CompletableFuture.failedFuture(
                        new IllegalStateException("programmer " + serial + " is not connected to " + gatewayId)))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reply(IncomingRequest incoming, CompletableFuture<CommandResult> result, long requestId) {
        result.whenComplete((commandResult, failure) -> {
            RequestReply.Builder reply = RequestReply.newBuilder().setRequestId((int) requestId);
            if (failure == null) {
                Envelope.Builder body = Envelope.newBuilder();
                BodyMapper.setBody(body, commandResult, io.pumplink.gateway.model.Derived.NONE);
                reply.setAccepted(true).setCommandResult(body.getCommandResult());
            } else {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                reply.setAccepted(false).setError(cause instanceof java.util.concurrent.TimeoutException
                        ? "no COMMAND_RESULT within " + timeout.toSeconds() + " s" : String.valueOf(cause.getMessage()));
            }
            String messageId = "request-reply:" + gatewayId + ":" + requestId;
            Envelope envelope = Envelope.newBuilder()
                    .setHeader(Header.newBuilder().setGatewayId(gatewayId).setMessageId(messageId)
                            .setFrameType(FrameType.FRAME_TYPE_UNSPECIFIED)
                            .setSchemaVersion(EnvelopeMapper.SCHEMA_VERSION))
                    .setRequestReply(reply)
                    .build();
            incoming.responseTopic().ifPresentOrElse(
                    responseTopic -> mqtt.respond(incoming, new Publication(responseTopic, envelope.toByteArray(),
                            Dispatcher.QOS, false, Dispatcher.CONTENT_TYPE, Map.of(Dispatcher.MESSAGE_ID, messageId))),
                    () -> LOG.warn("request on {} had no response topic; answer dropped", incoming.topic()));
        });
    }

    /** The protobuf form, or the JSON mapping for simple tools ({"kind":"REQUEST_KIND_STATUS"}). */
    static Optional<RequestKind> parse(byte[] payload) {
        ProgrammerRequest.Builder request = ProgrammerRequest.newBuilder();
        try {
            String text = new String(payload, StandardCharsets.UTF_8).trim();
            if (text.startsWith("{")) {
                JsonFormat.parser().merge(text, request);
            } else {
                request.mergeFrom(payload);
            }
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        RequestKind kind = request.getKind();
        return kind == RequestKind.REQUEST_KIND_INTERROGATION || kind == RequestKind.REQUEST_KIND_STATUS
                ? Optional.of(kind) : Optional.empty();
    }
}
