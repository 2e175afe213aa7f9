package io.pumplink.gateway.cli;

import io.pumplink.cli.Lifetime;
import io.pumplink.gateway.publish.Topics;
import io.pumplink.proto.v1.Envelope;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pumplink watch}: what the gateways publish, one readable line (or JSON object) per message. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Subscribe to PumpLink's MQTT topics and print each message on one line: time (gateway receipt),"
                + " topic below the prefix, body kind and the key fields with units.",
            "Patient references are never printed in this form, only `patient: <present>`; --json prints each"
                + " Envelope's JSON mapping as published.",
            "The JSON mirror ({prefix}/json/...) is skipped unless --topic points into it. A payload that is not an"
                + " Envelope gives one line saying so (on stderr with --json).",
            "Status lines (connected, lost, reconnected) go to stderr. Runs until Ctrl-C, --count or --duration."},
        footer = {"", "Examples:",
            "  pumplink watch --mqtt tcp://localhost:1883",
            "  pumplink watch --mqtt tcp://broker:1883 --topic 'pumplink/v1/pumps/+/alarm'",
            "  pumplink watch --mqtt ssl://broker:8883 --gateway-id clinic-7 --duration 10m",
            "  pumplink watch --mqtt tcp://localhost:1883 --json --count 20 | jq -c .header",
            "", "Output (one line each):",
            "  12:00:01 pumps/NGP-4711/reservoir  RESERVOIR 12.3 mL (threshold 2.0 mL)",
            "    baclofen 2000 µg/mL, low in 37.5 d on 2026-02-07, empty in 44.7 d,",
            "    refill by 2026-02-04, projected from the daily volume 0.275 mL/day",
            "  12:00:01 pumps/NGP-4711/therapy  THERAPY 0.275 mL/day, 550 µg/day,",
            "    baclofen 2000 µg/mL, refill due 2026-02-01",
            "  12:00:04 pumps/NGP-4711/alarm  ALARM RAISED THERAPY_INTERRUPTED high id=3",
            "    detail=1, gateway: flow mode STOPPED",
            "  12:03:10 pumps/NGP-4711/interrogation  INTERROGATION session 17 COMPLETE,",
            "    entries 12/12, missing none, refills out of accuracy range 1 (#3),",
            "    alarms 0, patient: <present>, closed: session end"})
public final class WatchCommand implements Callable<Integer> {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--mqtt", required = true, paramLabel = "URI", description = "broker, tcp://HOST:PORT or ssl://HOST:PORT")
    private URI mqtt;

    @CommandLine.Mixin
    private MqttOptions mqttOptions = new MqttOptions();

    @Option(names = "--topic", paramLabel = "FILTER", description = "MQTT topic filter (default: {prefix}/#)")
    private String topic;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Topics.DEFAULT_PREFIX,
            description = "the gateways' mqtt.topicPrefix (default: ${DEFAULT-VALUE})")
    private String topicPrefix;

    @Option(names = "--json", description = "print each Envelope's Protobuf JSON mapping, one per line")
    private boolean json;

    @Option(names = "--gateway-id", paramLabel = "ID", description = "only messages whose header names this gateway")
    private String gatewayId;

    @Option(names = "--count", paramLabel = "N", description = "stop after N messages")
    private Integer count;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop after this time, e.g. 30s, 10m (default: until Ctrl-C)")
    private Duration duration;

    @Override
    public Integer call() throws InterruptedException {
        URI broker = ToolClient.brokerUri(spec.commandLine(), mqtt);
        Topics topics = prefix(spec.commandLine(), topicPrefix);
        if (count != null && count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1: " + count);
        }
        String filter = topic != null ? topic : topics.prefix() + "/#";
        try {
            MqttTopicValidator.validate(filter, true, true);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--topic: not a topic filter: " + filter);
        }
        String mirror = topics.json().prefix() + "/";
        boolean skipMirror = !(filter + "/").startsWith(mirror);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Printer printer = new Printer(new EnvelopeLines(topics.prefix(), ZoneId.systemDefault()), out, err,
                skipMirror ? Optional.of(mirror) : Optional.empty());
        try (Lifetime lifetime = new Lifetime();
             ToolClient client = ToolClient.connect(broker,
                     options -> mqttOptions.configure(spec.commandLine(), broker, options), "watch", true,
                     CONNECT_TIMEOUT, printer::accept, err::println)) {
            client.subscribe(filter);
            err.println("watch: subscribed to " + filter + (skipMirror ? " (JSON mirror skipped)" : ""));
            Thread signal = new Thread(() -> {
                try {
                    lifetime.await(Optional.empty());
                    printer.finished.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "watch-signal");
            signal.setDaemon(true);
            signal.start();
            try {
                if (duration != null) {
                    printer.finished.await(duration.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    printer.finished.await();
                }
            } finally {
                printer.stop();
                signal.interrupt();
            }
        } catch (MqttException e) {
            err.println("watch: " + broker + ": " + ToolClient.describe(e));
            return 1;
        }
        return 0;
    }

    static Topics prefix(CommandLine commandLine, String prefix) {
        try {
            return new Topics(prefix);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--topic-prefix: " + e.getMessage());
        }
    }

    /** One line per message, from Paho's thread; counts them and signals the end. Never throws into Paho. */
    private final class Printer {
        final CountDownLatch finished = new CountDownLatch(1);
        private final EnvelopeLines lines;
        private final PrintWriter out;
        private final PrintWriter err;
        private final Optional<String> skippedPrefix;
        private int printed;
        private boolean stopped;

        Printer(EnvelopeLines lines, PrintWriter out, PrintWriter err, Optional<String> skippedPrefix) {
            this.lines = lines;
            this.out = out;
            this.err = err;
            this.skippedPrefix = skippedPrefix;
        }

        synchronized void accept(String topic, MqttMessage message) {
            if (stopped || skippedPrefix.map(topic::startsWith).orElse(false)) {
                return;
            }
            byte[] payload = message.getPayload();
            Instant now = Instant.now();
            try {
                EnvelopePayload.Decoded decoded = EnvelopePayload.decode(payload);
                if (!decoded.ok()) {
                    (json ? err : out).println(lines.unparseable(topic, payload.length, decoded.error(), now));
                } else if (gatewayId == null || gatewayId.equals(decoded.envelope().getHeader().getGatewayId())) {
                    out.println(json ? jsonLine(payload, decoded.envelope()) : lines.line(topic, decoded.envelope(), now));
                } else {
                    return;
                }
            } catch (RuntimeException e) {
                err.println(lines.unparseable(topic, payload.length, "cannot be shown: " + e, now));
            }
            if ((count != null && ++printed >= count) || out.checkError()) {
                stopped = true;
                finished.countDown();
            }
        }

        /** The JSON mirror's own text when that is what arrived (it is one line), else the mapping. */
        private String jsonLine(byte[] payload, Envelope envelope) {
            if (EnvelopePayload.isJsonText(payload)) {
                String text = new String(payload, StandardCharsets.UTF_8).strip();
                if (text.indexOf('\n') < 0) {
                    return text;
                }
            }
            return lines.json(envelope);
        }

        synchronized void stop() {
            stopped = true;
            out.flush();
        }
    }
}
