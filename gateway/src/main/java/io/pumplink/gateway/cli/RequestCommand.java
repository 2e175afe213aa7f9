package io.pumplink.gateway.cli;

import io.pumplink.gateway.publish.Topics;
import io.pumplink.proto.v1.CommandResultCode;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.InterrogationRecord;
import io.pumplink.proto.v1.ProgrammerRequest;
import io.pumplink.proto.v1.RequestKind;
import io.pumplink.proto.v1.RequestReply;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pumplink request}: the client side of the gateway's MQTT 5 request/response ({@code RequestBridge}).
 * Read-only like the gateway: an interrogation or a status refresh, nothing else.
 */
@Command(name = "request", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Ask a programmer, through the gateway it is connected to, for an interrogation or a status"
                + " refresh. Read-only: nothing else can be asked.",
            "Looks up which gateway holds the programmer in the retained directory"
                + " {prefix}/programmers/{serial}/gateway, publishes a ProgrammerRequest to that gateway's"
                + " {prefix}/gateways/{gatewayId}/programmers/{serial}/request (without a directory entry: to"
                + " {prefix}/programmers/{serial}/request, which only the gateway holding the programmer answers)"
                + " with an MQTT 5 response topic under {prefix}/replies/ and correlation data, waits for that"
                + " gateway's RequestReply and prints it.",
            "For an interrogation it then waits (again up to --timeout) for that programmer's next InterrogationRecord"
                + " on {prefix}/pumps/+/interrogation and prints its summary.",
            "Progress goes to stderr. Exit code: 0 done; 1 refused, timed out or the session ended incomplete;"
                + " 2 usage error."},
        footer = {"", "Examples:",
            "  pumplink request interrogation --mqtt tcp://localhost:1883 --programmer PRG-1",
            "  pumplink request status --mqtt tcp://broker:1883 --programmer PRG-1 \\",
            "      --timeout 20s",
            "  pumplink request interrogation --mqtt ssl://broker:8883 --programmer PRG-1 \\",
            "      --json > session.jsonl",
            "", "Output (one line each):",
            "  12:00:01 replies/pumplink-request-1a2b3c4d  REPLY accepted,",
            "    COMMAND_RESULT OK (request 1764000001)",
            "  12:00:03 pumps/NGP-4711/interrogation  INTERROGATION session 17 COMPLETE,",
            "    entries 12/12, missing none, refills out of accuracy range none, alarms 0,",
            "    patient: <present>, closed: session end"})
public final class RequestCommand implements Callable<Integer> {
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The broker sends a retained entry right after the subscription: this only bounds a broker's hiccup. */
    private static final Duration MAX_DIRECTORY_WAIT = Duration.ofSeconds(2);
    static final String CONTENT_TYPE = "application/x-protobuf; proto=pumplink.v1.ProgrammerRequest";

    /** What can be asked; the gateway knows no more (README: read-only). */
    enum Kind {
        INTERROGATION(RequestKind.REQUEST_KIND_INTERROGATION),
        STATUS(RequestKind.REQUEST_KIND_STATUS);

        final RequestKind proto;

        Kind(RequestKind proto) {
            this.proto = proto;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final class KindConverter implements CommandLine.ITypeConverter<Kind> {
        @Override
        public Kind convert(String text) {
            for (Kind kind : Kind.values()) {
                if (kind.label().equalsIgnoreCase(text)) {
                    return kind;
                }
            }
            throw new CommandLine.TypeConversionException("'" + text + "' is not interrogation or status"
                    + " (PumpLink is read-only: nothing else can be requested)");
        }
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", converter = KindConverter.class,
            description = "interrogation or status")
    private Kind kind;

    @Option(names = "--mqtt", required = true, paramLabel = "URI",
            description = "broker, tcp://HOST:PORT or ssl://HOST:PORT")
    private URI mqtt;

    @CommandLine.Mixin
    private MqttOptions mqttOptions = new MqttOptions();

    @Option(names = "--programmer", required = true, paramLabel = "SERIAL", description = "the programmer's serial")
    private String programmer;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "how long to wait for the reply, and then for the session (default: ${DEFAULT-VALUE})")
    private Duration timeout;

    @Option(names = "--json", description = "print the reply and the record as Envelope JSON, one per line")
    private boolean json;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Topics.DEFAULT_PREFIX,
            description = "the gateways' mqtt.topicPrefix (default: ${DEFAULT-VALUE})")
    private String topicPrefix;

    private record Arrival(String topic, Envelope envelope, Instant at) {
    }

    @Override
    public Integer call() throws InterruptedException {
        URI broker = ToolClient.brokerUri(spec.commandLine(), mqtt);
        Topics topics = WatchCommand.prefix(spec.commandLine(), topicPrefix);
        if (programmer.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--programmer must not be blank");
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        EnvelopeLines lines = new EnvelopeLines(topics.prefix(), ZoneId.systemDefault());
        String directoryTopic = topics.directory(programmer);
        String recordFilter = topics.allPumps("interrogation");
        UUID id = UUID.randomUUID();
        String responseTopic = topics.prefix() + "/replies/pumplink-request-" + id.toString().substring(0, 8);
        byte[] correlation = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array();
        CompletableFuture<Arrival> reply = new CompletableFuture<>();
        CompletableFuture<Arrival> record = new CompletableFuture<>();
        CompletableFuture<Optional<String>> holder = new CompletableFuture<>();
        ToolClient.Handler handler = (topic, message) -> {
            if (topic.equals(directoryTopic)) {
                holder.complete(gatewayOf(message.getPayload()));
            } else if (topic.equals(responseTopic)) {
                byte[] data = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
                if (Arrays.equals(correlation, data)) {
                    EnvelopePayload.Decoded decoded = EnvelopePayload.decode(message.getPayload());
                    if (decoded.ok() && !fromHolder(holder, decoded.envelope())) {
                        return; // the right answer is the holding gateway's
                    }
                    if (decoded.ok()) {
                        reply.complete(new Arrival(topic, decoded.envelope(), Instant.now()));
                    } else {
                        reply.completeExceptionally(new IOException(lines.unparseable(topic,
                                message.getPayload().length, decoded.error(), Instant.now())));
                    }
                }
            } else if (topics.pumpOf(topic, "interrogation").isPresent()) {
                EnvelopePayload.Decoded decoded = EnvelopePayload.decode(message.getPayload());
                if (decoded.ok() && decoded.envelope().hasInterrogationRecord()
                        && programmer.equals(decoded.envelope().getHeader().getProgrammerSerial())) {
                    record.complete(new Arrival(topic, decoded.envelope(), Instant.now()));
                }
            }
        };
        Duration connectTimeout = timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT;
        try (ToolClient client = ToolClient.connect(broker,
                options -> mqttOptions.configure(spec.commandLine(), broker, options), "request", false,
                connectTimeout, handler, err::println)) {
            client.lost().thenAccept(reason -> {
                reply.completeExceptionally(new IOException("connection lost: " + reason));
                record.completeExceptionally(new IOException("connection lost: " + reason));
            });
            client.subscribe(responseTopic);
            if (kind == Kind.INTERROGATION) {
                client.subscribe(recordFilter); // before asking, so a quick session is not missed
            }
            client.subscribe(directoryTopic);
            Optional<String> gateway = directoryEntry(holder);
            String requestTopic = gateway.map(gatewayId -> topics.gatewayRequest(gatewayId, programmer))
                    .orElse(topics.programmer(programmer, "request"));
            err.println(gateway.map(gatewayId -> "request: programmer " + programmer + " is held by gateway "
                    + gatewayId + " (" + directoryTopic + ")").orElse("request: no directory entry on " + directoryTopic
                    + "; asking whichever gateway holds programmer " + programmer));
            err.println("request: requesting " + kind.label() + " from programmer " + programmer + " on "
                    + requestTopic + "...");
            MqttProperties properties = new MqttProperties();
            properties.setResponseTopic(responseTopic);
            properties.setCorrelationData(correlation);
            properties.setContentType(CONTENT_TYPE);
            byte[] payload = ProgrammerRequest.newBuilder().setKind(kind.proto).build().toByteArray();
            int reasonCode = client.publish(requestTopic, new MqttMessage(payload, ToolClient.QOS, false, properties));
            if (reasonCode == MqttReturnCode.RETURN_CODE_NO_MATCHING_SUBSCRIBERS) {
                err.println("request: no gateway is listening: the broker has no subscriber for " + requestTopic
                        + " (is a gateway connected to " + broker + " with topic prefix " + topics.prefix() + "?)");
                return 1;
            }
            Arrival answer = await(reply, err, "no reply from a gateway within " + seconds(timeout)
                    + " (is a gateway connected to " + broker + " with topic prefix " + topics.prefix() + "?)");
            if (answer == null) {
                return 1;
            }
            print(out, lines, answer);
            if (!answer.envelope().hasRequestReply()) {
                err.println("request: the answer is not a RequestReply but " + answer.envelope().getBodyCase());
                return 1;
            }
            RequestReply result = answer.envelope().getRequestReply();
            if (!result.getAccepted()) {
                err.println("request: refused: "
                        + (result.getError().isEmpty() ? "no reason given" : result.getError()));
                return 1;
            }
            if (result.getCommandResult().getResult() != CommandResultCode.COMMAND_RESULT_CODE_OK) {
                err.println("request: the programmer answered " + RequestLines.commandResult(result.getCommandResult())
                        + "; nothing follows");
                return 1;
            }
            if (kind == Kind.STATUS) {
                err.println("request: programmer accepted; fresh status follows on " + topics.prefix()
                        + "/pumps/... and " + topics.programmer(programmer, "status") + " (pumplink watch shows it)");
                return 0;
            }
            err.println("request: programmer accepted, waiting for the session...");
            Arrival session = await(record, err, "no interrogation record from programmer " + programmer
                    + " within " + seconds(timeout) + " after it accepted");
            if (session == null) {
                return 1;
            }
            print(out, lines, session);
            InterrogationRecord summary = session.envelope().getInterrogationRecord();
            if (!summary.getComplete()) {
                err.println("request: the session ended incomplete" + (summary.getCloseReason().isEmpty() ? ""
                        : " (" + summary.getCloseReason() + ")"));
                return 1;
            }
            return 0;
        } catch (MqttException e) {
            err.println("request: " + broker + ": " + ToolClient.describe(e));
            return 1;
        }
    }

    /** The gateway named by the retained directory entry, if the broker has one (empty payload: cleared). */
    private Optional<String> directoryEntry(CompletableFuture<Optional<String>> holder) throws InterruptedException {
        Duration wait = timeout.compareTo(MAX_DIRECTORY_WAIT) < 0 ? timeout : MAX_DIRECTORY_WAIT;
        try {
            return holder.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            holder.complete(Optional.empty()); // later entries change nothing: the request went to the shared topic
            return Optional.empty();
        }
    }

    private static Optional<String> gatewayOf(byte[] entry) {
        EnvelopePayload.Decoded decoded = EnvelopePayload.decode(entry);
        return entry.length > 0 && decoded.ok() && !decoded.envelope().getHeader().getGatewayId().isEmpty()
                ? Optional.of(decoded.envelope().getHeader().getGatewayId()) : Optional.empty();
    }

    /** A reply from another gateway than the directory's (a stale or misrouted answer) is not this request's. */
    private static boolean fromHolder(CompletableFuture<Optional<String>> holder, Envelope reply) {
        return holder.getNow(Optional.empty()).map(id -> id.equals(reply.getHeader().getGatewayId())).orElse(true);
    }

    /** The arrival, or null after saying why there is none. */
    private Arrival await(CompletableFuture<Arrival> arrival, PrintWriter err, String timeoutMessage)
            throws InterruptedException {
        try {
            return arrival.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            err.println("request: " + timeoutMessage);
        } catch (ExecutionException e) {
            err.println("request: " + e.getCause().getMessage());
        }
        return null;
    }

    private void print(PrintWriter out, EnvelopeLines lines, Arrival arrival) {
        out.println(json ? lines.json(arrival.envelope())
                : lines.line(arrival.topic(), arrival.envelope(), arrival.at()));
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
