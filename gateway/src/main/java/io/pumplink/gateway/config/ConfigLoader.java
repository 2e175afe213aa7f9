package io.pumplink.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pumplink.config.MapReader;
import io.pumplink.config.FileReasons;
import io.pumplink.config.Problems;
import io.pumplink.config.Values;
import io.pumplink.config.Values.Value;
import io.pumplink.gateway.model.AlertKind;
import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.mqtt.BrokerTls;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.transport.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a gateway configuration file: every problem is reported with its key path and reason,
 * unknown keys are rejected (with a suggestion), and all problems come in one error. See
 * {@code config/gateway.yaml} for every key with its default.
 */
public final class ConfigLoader {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._-]+:[0-9]{1,5}|\\[[0-9A-Fa-f:.]+]:[0-9]{1,5}");
    /** An HL7 HD component (MSH-3 to MSH-6): no HL7 delimiter may appear in it. */
    private static final Value<String> HL7_TEXT = described(Pattern.compile("[^|^~\\\\&\\r\\n]{0,20}"),
            "must be at most 20 characters (HL7 v2.6 HD.1) without an HL7 delimiter (| ^ ~ \\ &)");
    private static final int GATEWAY_HTTP_PORT = 9410;
    private static final int BRIDGE_HL7_HTTP_PORT = 9411;
    private static final int BRIDGE_FHIR_HTTP_PORT = 9412;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final Value<Duration> RECONNECT = Values.durationWithin(Duration.ofMillis(10), Duration.ofHours(1));
    private static final Value<Long> SIZE = size(64L << 30, "64GiB");
    /** The journal reads a whole segment into memory on recovery: JournalSettings allows at most 256MiB. */
    private static final Value<Long> SEGMENT_SIZE = size(256L << 20, "256MiB");
    /** Schema 1's key, which divided by the wrong volume: named in the error so that old files are fixed. */
    private static final String REMOVED_TOLERANCE_KEY = "refillTolerancePct";
    /** Schema 1 kept the broker password in this file: named in the error with its replacements. */
    private static final String REMOVED_PASSWORD_KEY = "password";

    private ConfigLoader() {
    }

    public static GatewayConfig load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
    }

    /** The defaults: no links, a broker on localhost, a journal under ./journal. */
    public static GatewayConfig defaults() {
        return parse("{}", "defaults");
    }

    public static GatewayConfig parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml.isBlank() ? "{}" : yaml);
        } catch (JacksonException e) {
            throw new ConfigException(source, List.of(e.getOriginalMessage() + location(e)));
        }
        Problems problems = new Problems();
        GatewayConfig config = MapReader.read(root, "", problems, ConfigLoader::gateway);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems.lines());
        }
        return config;
    }

    private static GatewayConfig gateway(MapReader file) {
        String gatewayId = file.orDefault("gatewayId", Values.matching(ID), "pumplink");
        List<GatewayConfig.Link> links = file.list("links", ConfigLoader::link).orElse(List.of());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < links.size(); i++) {
            if (!ids.add(links.get(i).id())) {
                file.problem("links[" + i + "].id", "duplicate link id \"" + links.get(i).id() + "\"");
            }
        }
        GatewayConfig.Mqtt mqtt = file.mapping("mqtt", m -> mqtt(m, gatewayId));
        GatewayConfig.Journal journal = file.mapping("journal", ConfigLoader::journal);
        ClinicalSettings clinical = file.mapping("clinical", ConfigLoader::clinical);
        GatewayConfig.Http http = file.mapping("http", section -> http(section, GATEWAY_HTTP_PORT));
        Duration sessionIdle = file.orDefault("sessionIdle",
                Values.durationWithin(Duration.ofSeconds(10), Duration.ofHours(24)), Duration.ofMinutes(5));
        Duration requestTimeout = file.orDefault("requestTimeout",
                Values.durationWithin(Duration.ofSeconds(1), Duration.ofMinutes(30)), Duration.ofSeconds(60));
        return new GatewayConfig(gatewayId, links, mqtt, journal, clinical, http, sessionIdle, requestTimeout,
                file.mapping("requests", r -> requests(r, mqtt.topicPrefix())),
                file.mapping("bridge", ConfigLoader::bridge));
    }

    private static GatewayConfig.Bridge bridge(MapReader bridge) {
        Duration initial = bridge.orDefault("retryInitial", RECONNECT, Duration.ofSeconds(1));
        Duration max = bridge.orDefault("retryMax", RECONNECT, Duration.ofSeconds(60));
        if (bridge.valid("retryInitial") && bridge.valid("retryMax") && max.compareTo(initial) < 0) {
            bridge.problem("retryMax", "must be at least retryInitial");
        }
        return new GatewayConfig.Bridge(
                bridge.orDefault("group", Values.matching(ID), "pumplink"),
                bridge.optional("clientId", Values.matching(Pattern.compile("[A-Za-z0-9._-]{1,128}"))),
                bridge.orDefault("receiveMaximum", Values.intWithin(1, 1000), 32),
                initial, max,
                bridge.orDefault("dedupWindow", Values.intWithin(1, 10_000_000), 100_000),
                bridge.orDefault("sessionExpiry", Values.durationWithin(Duration.ofMinutes(1), Duration.ofDays(30)),
                        Duration.ofDays(7)),
                bridge.optional("patientIdentifierSystem", Values.text()),
                bridge.mapping("hl7", ConfigLoader::hl7),
                bridge.mapping("fhir", ConfigLoader::fhir));
    }

    private static GatewayConfig.Hl7 hl7(MapReader hl7) {
        return new GatewayConfig.Hl7(hl7.optional("mllp", described(HOST_PORT, "must be HOST:PORT")),
                hl7.orDefault("ackTimeout", Values.durationWithin(Duration.ofSeconds(1), Duration.ofMinutes(5)),
                        Duration.ofSeconds(30)),
                hl7.orDefault("sendingApplication", HL7_TEXT, "PUMPLINK"),
                hl7.orDefault("sendingFacility", HL7_TEXT, "PUMPLINK"),
                hl7.orDefault("receivingApplication", HL7_TEXT, ""),
                hl7.orDefault("receivingFacility", HL7_TEXT, ""),
                hl7.mapping("http", section -> http(section, BRIDGE_HL7_HTTP_PORT)));
    }

    private static GatewayConfig.Fhir fhir(MapReader fhir) {
        return new GatewayConfig.Fhir(fhir.optional("base", httpUri()),
                fhir.orDefault("timeout", Values.durationWithin(Duration.ofSeconds(1), Duration.ofMinutes(10)),
                        Duration.ofSeconds(30)),
                fhir.mapping("http", section -> http(section, BRIDGE_FHIR_HTTP_PORT)));
    }

    private static GatewayConfig.Requests requests(MapReader requests, String topicPrefix) {
        String tree = topicPrefix + "/";
        String replyPrefix = requests.orDefault("replyPrefix", Values.text(), tree + "replies/");
        if (!replyPrefix.endsWith("/") || replyPrefix.contains("+") || replyPrefix.contains("#")) {
            requests.problem("replyPrefix", "must end with / and contain no wildcard (+ or #), got \""
                    + replyPrefix + "\"");
        } else if (tree.startsWith(replyPrefix)
                || replyPrefix.startsWith(tree) && !replyPrefix.startsWith(tree + "replies/")) {
            // answers there would overwrite the gateway's own retained state, or reach its data subscribers
            requests.problem("replyPrefix", "must not contain the data tree " + tree + " nor lie in it (only under "
                    + tree + "replies/), got \"" + replyPrefix + "\"");
        }
        return new GatewayConfig.Requests(
                requests.orDefault("maxPendingPerProgrammer", Values.intWithin(1, 64), 4),
                requests.orDefault("maxPerMinute", Values.intWithin(1, 600), 10),
                replyPrefix);
    }

    private static GatewayConfig.Link link(MapReader link) {
        Endpoint endpoint = link.required("endpoint", endpoint(), new Endpoint.Tcp("localhost", Endpoint.DEFAULT_TCP_PORT));
        String id = link.orDefault("id", Values.matching(ID), defaultId(endpoint));
        Duration initial = link.orDefault("reconnectInitial", RECONNECT, Duration.ofMillis(500));
        Duration max = link.orDefault("reconnectMax", RECONNECT, Duration.ofSeconds(30));
        if (link.valid("reconnectInitial") && link.valid("reconnectMax") && max.compareTo(initial) < 0) {
            link.problem("reconnectMax", "must be at least reconnectInitial");
        }
        return new GatewayConfig.Link(id, endpoint, initial, max);
    }

    /** A link's id when none is given: the device name or the host and port. */
    public static String defaultId(Endpoint endpoint) {
        return endpoint instanceof Endpoint.Serial serial ? Path.of(serial.path()).getFileName().toString()
                : ((Endpoint.Tcp) endpoint).host().replace(':', '_') + "_" + ((Endpoint.Tcp) endpoint).port();
    }

    private static GatewayConfig.Mqtt mqtt(MapReader mqtt, String gatewayId) {
        if (mqtt.has(REMOVED_PASSWORD_KEY)) {
            mqtt.problem(REMOVED_PASSWORD_KEY, "removed: a password is not kept in the configuration file; put it"
                    + " in a file readable by the gateway only and set mqtt.passwordFile, or set mqtt.passwordEnv");
        }
        Duration initial = mqtt.orDefault("reconnectInitial", RECONNECT, Duration.ofSeconds(1));
        Duration max = mqtt.orDefault("reconnectMax", RECONNECT, Duration.ofSeconds(60));
        if (mqtt.valid("reconnectInitial") && mqtt.valid("reconnectMax") && max.compareTo(initial) < 0) {
            mqtt.problem("reconnectMax", "must be at least reconnectInitial");
        }
        URI uri = mqtt.orDefault("uri", brokerUri(), URI.create("tcp://localhost:1883"));
        Optional<Path> pseudonymKeyFile = mqtt.optional("pseudonymKeyFile", Values.text()).map(Path::of);
        boolean serialsInPayload = mqtt.orDefault("serialsInPayload", Values.bool(), false);
        if (serialsInPayload && pseudonymKeyFile.isEmpty() && mqtt.valid("pseudonymKeyFile")) {
            mqtt.problem("serialsInPayload", "only with mqtt.pseudonymKeyFile: without a key, topics and payloads"
                    + " carry the real serial anyway");
        }
        return new GatewayConfig.Mqtt(uri,
                mqtt.orDefault("clientId", Values.matching(Pattern.compile("[A-Za-z0-9._-]{1,128}")),
                        "pumplink-" + gatewayId),
                mqtt.optional("username", Values.text()),
                password(mqtt),
                mqtt.orDefault("topicPrefix", Values.matching(Pattern.compile("[^+#]*[^/+#]")), "pumplink/v1"),
                mqtt.orDefault("jsonMirror", Values.bool(), false),
                mqtt.orDefault("keepAlive", Values.durationWithin(Duration.ofSeconds(5), Duration.ofHours(1)),
                        Duration.ofSeconds(30)),
                mqtt.orDefault("maxInFlight", Values.intWithin(1, 65_535), 100),
                initial, max, tls(mqtt, uri), mqtt.orDefault("retryOnAuthFailure", Values.bool(), false),
                pseudonymKeyFile, serialsInPayload);
    }

    /** The password from a file (its first line) or an environment variable; never from this file. */
    private static Optional<String> password(MapReader mqtt) {
        Optional<Path> file = mqtt.optional("passwordFile", Values.text()).map(Path::of);
        Optional<String> variable = mqtt.optional("passwordEnv", Values.text());
        if (file.isPresent() && variable.isPresent()) {
            mqtt.problem("passwordEnv", "give mqtt.passwordFile or mqtt.passwordEnv, not both");
            return Optional.empty();
        }
        if (variable.isPresent()) {
            String value = System.getenv(variable.get());
            if (value == null || value.isEmpty()) {
                mqtt.problem("passwordEnv", "environment variable " + variable.get() + " is not set");
            }
            return Optional.ofNullable(value);
        }
        return file.flatMap(path -> {
            try {
                return Optional.of(SecretFile.read(path));
            } catch (IOException e) {
                mqtt.problem("passwordFile", "cannot read " + path + ": " + FileReasons.of(e));
                return Optional.empty();
            }
        });
    }

    /** The files themselves are read at start ({@code BrokerTls#socketFactory}): a problem names its key there. */
    private static BrokerTls tls(MapReader mqtt, URI uri) {
        Optional<Path> ca = mqtt.optional("caFile", Values.text()).map(Path::of);
        Optional<Path> cert = mqtt.optional("certFile", Values.text()).map(Path::of);
        Optional<Path> key = mqtt.optional("keyFile", Values.text()).map(Path::of);
        if (cert.isPresent() != key.isPresent()) {
            mqtt.problem(cert.isPresent() ? "keyFile" : "certFile",
                    "a client certificate and its key go together: set mqtt.certFile and mqtt.keyFile");
            return BrokerTls.NONE;
        }
        BrokerTls tls = new BrokerTls(ca, cert, key);
        if (!tls.equals(BrokerTls.NONE) && !"ssl".equals(uri.getScheme())) {
            mqtt.problem("uri", "TLS files are set but the broker URI is " + uri.getScheme()
                    + "://; use ssl://HOST:PORT (never clear text with credentials meant for TLS)");
        }
        return tls;
    }

    private static GatewayConfig.Journal journal(MapReader journal) {
        long segmentBytes = journal.orDefault("segmentBytes", SEGMENT_SIZE, 8L << 20);
        long maxBytes = journal.orDefault("maxBytes", SIZE, 256L << 20);
        journal.checkAtMost("segmentBytes", segmentBytes, maxBytes, "maxBytes");
        return new GatewayConfig.Journal(
                Path.of(journal.orDefault("dir", Values.text(), "journal")),
                maxBytes, segmentBytes,
                journal.orDefault("groupCommitMaxDelay", Values.durationWithin(Duration.ZERO, Duration.ofSeconds(1)),
                        Duration.ZERO));
    }

    /** Keys and defaults documented, with their sources, in config/gateway.yaml and docs/clinical-alerts.md. */
    private static ClinicalSettings clinical(MapReader clinical) {
        if (clinical.has(REMOVED_TOLERANCE_KEY)) {
            clinical.problem(REMOVED_TOLERANCE_KEY, "removed: refill accuracy is now judged on the volume delivered"
                    + " since the previous refill (ICD section 6); set clinical.accuracyTolerancePct (default "
                    + ClinicalSettings.DEFAULT_ACCURACY_TOLERANCE_PCT + ") instead");
        }
        return new ClinicalSettings(
                clinical.orDefault("refillMarginDays", Values.decimalWithin(0, 60),
                        ClinicalSettings.DEFAULT_REFILL_MARGIN_DAYS),
                clinical.orDefault("accuracyTolerancePct", Values.decimalWithin(0.1, 100),
                        ClinicalSettings.DEFAULT_ACCURACY_TOLERANCE_PCT),
                clinical.orDefault("stallAlertAfter", Values.durationWithin(Duration.ZERO, Duration.ofDays(1)),
                        Duration.ZERO),
                clinical.orDefault("pumpSilentAfter", Values.durationWithin(Duration.ofSeconds(1), Duration.ofDays(3650)),
                        ClinicalSettings.DEFAULT_PUMP_SILENT_AFTER),
                clinical.orDefault("doseIncreaseAlertPct", Values.decimalWithin(1, 1000),
                        ClinicalSettings.DEFAULT_DOSE_INCREASE_ALERT_PCT),
                clinical.mapping("dailyDoseLimitUgPerDay", ConfigLoader::doseLimits),
                clinical.orDefault("clockDriftAlert", Values.durationWithin(Duration.ofSeconds(1), Duration.ofDays(3650)),
                        ClinicalSettings.DEFAULT_CLOCK_DRIFT_ALERT),
                clinical.mapping("alertPriority", ConfigLoader::alertPriorities));
    }

    /** One key per drug, its lowercase name; a drug not given keeps its default, if it has one. */
    private static Map<Drug, Double> doseLimits(MapReader limits) {
        Map<Drug, Double> out = new EnumMap<>(Drug.class);
        out.putAll(ClinicalSettings.DEFAULT_DAILY_DOSE_LIMITS);
        for (Drug drug : Drug.values()) {
            if (drug != Drug.UNKNOWN) {
                limits.optional(drug.name().toLowerCase(Locale.ROOT), Values.decimalWithin(0.001, 1e9))
                        .ifPresent(limit -> out.put(drug, limit));
            }
        }
        return out;
    }

    private static Map<AlertKind, AlarmPriority> alertPriorities(MapReader priorities) {
        Map<AlertKind, AlarmPriority> out = new EnumMap<>(AlertKind.class);
        for (AlertKind kind : AlertKind.values()) {
            priorities.optional(kind.name(), Values.oneOf(List.of(AlarmPriority.values())))
                    .ifPresent(priority -> out.put(kind, priority));
        }
        return out;
    }

    private static GatewayConfig.Http http(MapReader http, int defaultPort) {
        String host = http.orDefault("host", Values.text(), "127.0.0.1");
        int port = http.orDefault("port", Values.intWithin(0, 65_535), defaultPort);
        boolean enabled = http.orDefault("enabled", Values.bool(), true);
        Optional<Path> tokenFile = http.optional("tokenFile", Values.text()).map(Path::of);
        if (enabled && tokenFile.isEmpty() && !isLoopback(host)) {
            http.problem("tokenFile", "required when http.host is not a loopback address (" + host + "): the"
                    + " dashboard shows health data; set a file holding a bearer token, or http.host: 127.0.0.1");
        }
        return new GatewayConfig.Http(host, enabled ? Optional.of(port) : Optional.empty(), tokenFile);
    }

    /** Without a name lookup: {@code localhost} or a loopback address literal. */
    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return false; // a name: it may resolve to anything
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Value<Endpoint> endpoint() {
        return node -> {
            try {
                return Endpoint.parse(Values.text().from(node));
            } catch (IllegalArgumentException e) {
                throw new Values.Invalid(e.getMessage());
            }
        };
    }

    private static Value<URI> brokerUri() {
        return uri(Set.of("tcp", "ssl"), "must be tcp://HOST:PORT or ssl://HOST:PORT");
    }

    /** A FHIR server's base URL. */
    private static Value<URI> httpUri() {
        return uri(Set.of("http", "https"), "must be http://HOST[:PORT]/PATH or https://...");
    }

    /** A URI with a host and one of {@code schemes}, else {@code rule} as the reason. */
    private static Value<URI> uri(Set<String> schemes, String rule) {
        return node -> {
            String text = Values.text().from(node);
            try {
                URI uri = new URI(text);
                if (uri.getScheme() == null || !schemes.contains(uri.getScheme()) || uri.getHost() == null) {
                    throw new Values.Invalid(rule + ", got \"" + text + "\"");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new Values.Invalid(rule + ", got \"" + text + "\"");
            }
        };
    }

    /** Text matching {@code pattern}, else {@code rule} as the reason. */
    private static Value<String> described(Pattern pattern, String rule) {
        return node -> {
            String text = Values.text().from(node);
            if (!pattern.matcher(text).matches()) {
                throw new Values.Invalid(rule + ", got \"" + text + "\"");
            }
            return text;
        };
    }

    /** Bytes as a number or with a unit: 256MiB, 8MiB, 64KiB, 1GiB. */
    private static Value<Long> size(long max, String maxText) {
        Pattern pattern = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");
        return node -> {
            var matcher = pattern.matcher(node.isValueNode() ? node.asText() : "");
            if (!matcher.matches()) {
                throw Values.invalid("must be a size like 256MiB, 64KiB or a number of bytes", node);
            }
            int shift = switch (matcher.group(2) == null ? "B" : matcher.group(2)) {
                case "KiB" -> 10;
                case "MiB" -> 20;
                case "GiB" -> 30;
                default -> 0;
            };
            // saturate instead of overflowing: a huge number is out of range, not a NumberFormatException
            long number = matcher.group(1).length() > 18 ? Long.MAX_VALUE : Long.parseLong(matcher.group(1));
            long value = number > max >> shift ? Long.MAX_VALUE : number << shift;
            if (value < 256 || value > max) {
                throw Values.invalid("must be within 256B.." + maxText, node);
            }
            return value;
        };
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** Used by the command line to merge --tcp/--serial flags. */
    public static List<GatewayConfig.Link> withLinks(List<GatewayConfig.Link> links, List<Endpoint> extra) {
        List<GatewayConfig.Link> all = new ArrayList<>(links);
        Set<String> ids = new HashSet<>();
        links.forEach(link -> ids.add(link.id()));
        for (Endpoint endpoint : extra) {
            String id = defaultId(endpoint);
            for (int n = 2; !ids.add(id); n++) {
                id = defaultId(endpoint) + "-" + n; // link ids name topics and metrics: they must stay distinct
            }
            all.add(new GatewayConfig.Link(id, endpoint, Duration.ofMillis(500), Duration.ofSeconds(30)));
        }
        return all;
    }
}
