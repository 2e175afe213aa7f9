package io.pumplink.gateway.publish;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.gateway.link.LinkSnapshot;
import io.pumplink.gateway.link.LinkState;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * MQTT 5 request/response to programmers: a {@code ProgrammerRequest} (protobuf or its JSON mapping) on
 * {@code {prefix}/programmers/{serial}/request} or {@code {prefix}/gateways/{gatewayId}/programmers/{serial}/request}
 * becomes REQUEST_INTERROGATION or REQUEST_STATUS on that programmer's link, and the COMMAND_RESULT (or why there is
 * none) goes back on the response topic with the request's correlation data. Read-only: there is nothing else to ask.
 *
 * <p>A request reaches an implanted pump's telemetry, so it must not be a lever (docs/security.md):
 * <ul>
 *   <li>only the gateway holding the programmer answers the shared topic; the others stay silent, so that several
 *       gateways can share a broker (the per-gateway topic is answered "not connected" when the programmer left);
 *   <li>answers go only under {@code requests.replyPrefix}, never into the data tree; a request without a usable
 *       response topic is refused, counted and logged, and nothing is sent to the programmer;
 *   <li>per programmer, waiting requesters are bounded, one frame per kind is on its way (others share its answer),
 *       and frames are rate limited ({@link ProgrammerRequests}); a request that times out is withdrawn from the
 *       link, so it is never sent after its requester was told it failed.
 * </ul>
 */
public final class RequestBridge {
    /** A programmer this gateway holds now: a link that is UP, with the serial of its HELLO. */
    public record Held(String serial, Function<Request, CompletableFuture<CommandResult>> link) {
        /** The programmers these links hold, read again at each request. */
        public static Supplier<List<Held>> of(List<LinkSupervisor> links) {
            return () -> links.stream().flatMap(link -> {
                LinkSnapshot now = link.snapshot();
                return now.state() == LinkState.UP
                        ? now.hello().map(hello -> new Held(hello.programmerSerial(), link::request)).stream()
                        : Stream.empty();
            }).toList();
        }
    }

    private final String gatewayId;
    private final Topics topics;
    private final MqttPublisher mqtt;
    private final Supplier<List<Held>> held;
    private final Duration timeout;
    private final GatewayConfig.Requests limits;
    private final LongSupplier nanoTime;
    private final RequestRefusals refusals;
    private final AtomicLong requestIds;
    /** Only programmers this gateway held get an entry: a topic's serial alone creates none. */
    private final Map<String, ProgrammerRequests> programmers = new ConcurrentHashMap<>();

    public RequestBridge(String gatewayId, Topics topics, MqttPublisher mqtt, Supplier<List<Held>> held,
                         Duration timeout, GatewayConfig.Requests limits, RequestRefusals refusals,
                         LongSupplier wallClockMs, LongSupplier nanoTime) {
        this.gatewayId = gatewayId;
        this.topics = topics;
        this.mqtt = mqtt;
        this.held = held;
        this.timeout = timeout;
        this.limits = limits;
        this.refusals = refusals;
        this.nanoTime = nanoTime;
        // request ids stay distinct across restarts: a programmer remembers the ids it answered
        this.requestIds = new AtomicLong(wallClockMs.getAsLong() / 1000);
    }

    public void start() {
        mqtt.subscribe(topics.allRequests(), Dispatcher.QOS, this::onRequest);
        mqtt.subscribe(topics.gatewayRequests(gatewayId), Dispatcher.QOS, this::onRequest);
    }

    /** Package-private: a test hands over what Paho will not send (a wildcard response topic). */
    void onRequest(IncomingRequest incoming) {
        Optional<String> serial = topics.requestProgrammer(incoming.topic()); // subscribed: ours or the shared one
        Optional<Held> holder = serial.flatMap(s -> held.get().stream().filter(h -> h.serial().equals(s)).findFirst());
        boolean addressedToThisGateway = !incoming.topic().startsWith(topics.prefix() + "/programmers/");
        if (holder.isEmpty() && !addressedToThisGateway) {
            return; // the gateway that holds the programmer answers; if none does, the requester times out
        }
        String programmer = holder.map(h -> "programmer " + h.serial()).orElse("a programmer not held here");
        Optional<RequestRefusal> unusable = unusable(incoming.responseTopic());
        if (unusable.isPresent()) {
            refusals.refused(unusable.get(), programmer); // nowhere to answer: counted and logged only
            return;
        }
        long requestId = requestIds.incrementAndGet() & 0xFFFFFFFFL;
        CompletableFuture<CommandResult> answer = holder.map(h -> answer(h, incoming, requestId))
                .orElseGet(() -> CompletableFuture.failedFuture(new IllegalStateException(
                        "programmer " + serial.orElse("?") + " is not connected to " + gatewayId)));
        reply(incoming, answer, requestId, programmer);
    }

    /** Why no answer may be published to this response topic, if so. */
    private Optional<RequestRefusal> unusable(Optional<String> responseTopic) {
        if (responseTopic.isEmpty()) {
            return Optional.of(RequestRefusal.NO_RESPONSE_TOPIC);
        }
        String topic = responseTopic.get();
        if (topic.contains("+") || topic.contains("#")) {
            return Optional.of(RequestRefusal.WILDCARD_RESPONSE_TOPIC);
        }
        return topic.startsWith(limits.replyPrefix()) ? Optional.empty()
                : Optional.of(RequestRefusal.RESPONSE_TOPIC_NOT_ALLOWED);
    }

    private CompletableFuture<CommandResult> answer(Held holder, IncomingRequest incoming, long requestId) {
        Optional<RequestKind> kind = parse(incoming.payload());
        if (kind.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "request payload is not a ProgrammerRequest with kind INTERROGATION or STATUS"));
        }
        Request request = kind.get() == RequestKind.REQUEST_KIND_INTERROGATION
                ? new RequestInterrogation(requestId) : new RequestStatus(requestId);
        ProgrammerRequests queue = programmers.computeIfAbsent(holder.serial(), serial -> new ProgrammerRequests(
                limits.maxPendingPerProgrammer(), limits.maxPerMinute(), nanoTime));
        // the timeout completes the link's own future: that withdraws the request from the link's outbox
        return queue.submit(kind.get(), () -> holder.link().apply(request)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * Each requester's reply has its own request id (and message id); a requester who shared another's frame finds
     * that frame's id in the COMMAND_RESULT.
     */
    private void reply(IncomingRequest incoming, CompletableFuture<CommandResult> result, long requestId,
                       String programmer) {
        result.whenComplete((commandResult, failure) -> {
            RequestReply.Builder reply = RequestReply.newBuilder().setRequestId((int) requestId);
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof RequestRefusal.RequestRefused refused) {
                refusals.refused(refused.reason(), programmer);
                reply.setAccepted(false).setError(refused.reason().error());
            } else if (cause == null) {
                refusals.answered();
                Envelope.Builder body = Envelope.newBuilder();
                BodyMapper.setBody(body, commandResult, io.pumplink.gateway.model.Derived.NONE);
                reply.setAccepted(true).setCommandResult(body.getCommandResult());
            } else {
                reply.setAccepted(false).setError(cause instanceof TimeoutException
                        ? "no COMMAND_RESULT within " + timeout.toSeconds() + " s" : String.valueOf(cause.getMessage()));
            }
            String messageId = "request-reply:" + gatewayId + ":" + requestId;
            Envelope envelope = Envelope.newBuilder()
                    .setHeader(Header.newBuilder().setGatewayId(gatewayId).setMessageId(messageId)
                            .setFrameType(FrameType.FRAME_TYPE_UNSPECIFIED)
                            .setSchemaVersion(EnvelopeMapper.SCHEMA_VERSION))
                    .setRequestReply(reply)
                    .build();
            mqtt.respond(incoming, new Publication(incoming.responseTopic().orElseThrow(), envelope.toByteArray(),
                    Dispatcher.QOS, false, Dispatcher.CONTENT_TYPE, Map.of(Dispatcher.MESSAGE_ID, messageId)));
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
