package io.pumplink.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pumplink.gateway.model.AlertKind;
import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.mqtt.BrokerTls;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.transport.Endpoint;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    /** The documented example, from the gateway module's directory (where tests run). */
    private static final Path EXAMPLE = Path.of("../config/gateway.yaml");

    private static ConfigException invalid(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "test.yaml"));
    }

    /** Asserts that the YAML has exactly these problems, each as {@code key.path: reason}. */
    private static void assertProblems(String yaml, String... expected) {
        ConfigException e = invalid(yaml);
        assertThat(e).as("no ConfigException for:%n%s", yaml).isNotNull();
        assertThat(e.problems()).containsExactly(expected);
    }

    @Test
    void exampleFileLoadsAndDocumentsTheDefaults() {
        GatewayConfig example = ConfigLoader.load(EXAMPLE);
        GatewayConfig defaults = ConfigLoader.defaults();

        assertThat(example.gatewayId()).isEqualTo("clinic-7-bench-2");
        assertThat(example.links()).containsExactly(new GatewayConfig.Link("bench-1",
                new Endpoint.Tcp("127.0.0.1", 7410), Duration.ofMillis(500), Duration.ofSeconds(30)));
        assertThat(example.mqtt().clientId()).isEqualTo("pumplink-clinic-7-bench-2");
        // every other key is written with its default value
        assertThat(example.mqtt()).usingRecursiveComparison().ignoringFields("clientId").isEqualTo(defaults.mqtt());
        assertThat(example).usingRecursiveComparison().ignoringFields("gatewayId", "links", "mqtt")
                .isEqualTo(defaults);
    }

    @Test
    void defaults() {
        GatewayConfig config = ConfigLoader.defaults();

        assertThat(config.gatewayId()).isEqualTo("pumplink");
        assertThat(config.links()).isEmpty();
        GatewayConfig.Mqtt mqtt = config.mqtt();
        assertThat(mqtt.uri()).isEqualTo(URI.create("tcp://localhost:1883"));
        assertThat(mqtt.clientId()).isEqualTo("pumplink-pumplink");
        assertThat(mqtt.username()).isEmpty();
        assertThat(mqtt.password()).isEmpty();
        assertThat(mqtt.topicPrefix()).isEqualTo("pumplink/v1");
        assertThat(mqtt.jsonMirror()).isFalse();
        assertThat(mqtt.keepAlive()).isEqualTo(Duration.ofSeconds(30));
        assertThat(mqtt.maxInFlight()).isEqualTo(100);
        assertThat(List.of(mqtt.reconnectInitial(), mqtt.reconnectMax()))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(60));
        assertThat(config.journal()).isEqualTo(new GatewayConfig.Journal(Path.of("journal"), 256L << 20, 8L << 20,
                Duration.ZERO));
        assertThat(config.clinical()).isEqualTo(ClinicalSettings.DEFAULTS);
        assertThat(config.http()).isEqualTo(new GatewayConfig.Http("127.0.0.1", Optional.of(9410), Optional.empty()));
        assertThat(config.sessionIdle()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.requests()).isEqualTo(new GatewayConfig.Requests(4, 10, "pumplink/v1/replies/"));
        assertThat(ConfigLoader.parse("", "empty")).isEqualTo(config);
    }

    @Test
    void badGatewayId() {
        assertProblems("gatewayId: \"clinic 7\"", "gatewayId: must match [A-Za-z0-9._-]{1,64}, got \"clinic 7\"");
    }

    @Test
    void unknownKeyWithSuggestion() {
        assertProblems("""
                        gatewayID: gw
                        mqtt:
                          topicPrefx: a/b
                        links:
                          - endpoint: tcp:h
                            reconectMax: 1s
                        """,
                "links[0].reconectMax: unknown key (did you mean reconnectMax?)",
                "mqtt.topicPrefx: unknown key (did you mean topicPrefix?)",
                "gatewayID: unknown key (did you mean gatewayId?)");
    }

    @Test
    void unknownKeyWithoutACloseOneListsTheKnownKeys() {
        assertProblems("colour: red", "colour: unknown key (known keys: gatewayId, links, mqtt, journal, clinical,"
                + " http, sessionIdle, requestTimeout, requests, bridge)");
    }

    @Test
    void badLinkEndpoint() {
        assertProblems("""
                        links:
                          - endpoint: ftp:127.0.0.1
                          - id: no-endpoint
                        """,
                "links[0].endpoint: bad endpoint 'ftp:127.0.0.1': expected tcp:HOST[:PORT], serial:PATH[:BAUD]"
                        + " or /PATH[:BAUD]",
                "links[1].endpoint: required");
    }

    @Test
    void duplicateLinkId() {
        assertProblems("""
                        links:
                          - {id: bench-1, endpoint: "tcp:10.0.0.5"}
                          - {id: bench-1, endpoint: /dev/ttyUSB0}
                          - {endpoint: "tcp:10.0.0.6:7410"}
                          - {endpoint: "tcp:10.0.0.6"}
                        """,
                "links[1].id: duplicate link id \"bench-1\"",
                "links[3].id: duplicate link id \"10.0.0.6_7410\"");
    }

    @Test
    void reconnectMaxBelowReconnectInitial() {
        assertProblems("""
                        links:
                          - {endpoint: "tcp:h", reconnectInitial: 2s, reconnectMax: 1s}
                        mqtt: {reconnectInitial: 10s, reconnectMax: 5s}
                        """,
                "links[0].reconnectMax: must be at least reconnectInitial",
                "mqtt.reconnectMax: must be at least reconnectInitial");
    }

    @Test
    void invalidReconnectInitialIsNotComparedAgainstItsPlaceholder() {
        assertProblems("mqtt: {reconnectInitial: fast, reconnectMax: 100ms}",
                "mqtt.reconnectInitial: must be a duration like 500ms, 90s, 10m, 2h, 7d or PT10M, got \"fast\"");
    }

    @Test
    void badMqttUriScheme() {
        assertProblems("mqtt: {uri: \"http://broker:1883\"}",
                "mqtt.uri: must be tcp://HOST:PORT or ssl://HOST:PORT, got \"http://broker:1883\"");
        assertProblems("mqtt: {uri: \"tcp://\"}", "mqtt.uri: must be tcp://HOST:PORT or ssl://HOST:PORT, got \"tcp://\"");
        assertThat(ConfigLoader.parse("mqtt: {uri: \"ssl://broker:8883\"}", "ssl").mqtt().uri())
                .isEqualTo(URI.create("ssl://broker:8883"));
    }

    @Test
    void badTopicPrefix() {
        assertProblems("mqtt: {topicPrefix: pumplink/}",
                "mqtt.topicPrefix: must match [^+#]*[^/+#], got \"pumplink/\"");
    }

    @Test
    void badSizeString() {
        assertProblems("""
                        journal:
                          maxBytes: lots
                          segmentBytes: 100
                        """,
                "journal.segmentBytes: must be within 256B..256MiB, got 100",
                "journal.maxBytes: must be a size like 256MiB, 64KiB or a number of bytes, got \"lots\"");
        // too large for a long, or overflowing once the unit is applied: out of range, never an exception
        assertProblems("journal: {maxBytes: 99999999999999999999}",
                "journal.maxBytes: must be within 256B..64GiB, got 99999999999999999999");
        assertProblems("journal: {maxBytes: 17179869185GiB}",
                "journal.maxBytes: must be within 256B..64GiB, got \"17179869185GiB\"");
        assertThat(ConfigLoader.parse("journal: {maxBytes: 1GiB, segmentBytes: 64KiB}", "sizes").journal())
                .extracting(GatewayConfig.Journal::maxBytes, GatewayConfig.Journal::segmentBytes)
                .containsExactly(1L << 30, 64L << 10);
    }

    @Test
    void segmentBytesAboveMaxBytes() {
        assertProblems("journal: {maxBytes: 8MiB, segmentBytes: 16MiB}",
                "journal.segmentBytes: 16777216 exceeds maxBytes 8388608");
    }

    @Test
    void segmentBytesAboveWhatTheJournalCanRecover() {
        assertProblems("journal: {maxBytes: 1GiB, segmentBytes: 512MiB}",
                "journal.segmentBytes: must be within 256B..256MiB, got \"512MiB\"");
    }

    @Test
    void outOfRangeClinicalValues() {
        assertProblems("clinical: {refillMarginDays: 90, accuracyTolerancePct: 0, pumpSilentAfter: 0s,"
                        + " dailyDoseLimitUgPerDay: {baclofen: -1, aspirin: 5}, alertPriority: {PUMP_SILENT: urgent}}",
                "clinical.refillMarginDays: must be within 0..60, got 90",
                "clinical.accuracyTolerancePct: must be within 0.1..100, got 0",
                "clinical.pumpSilentAfter: must be within 1s..3650d, got \"0s\"",
                "clinical.dailyDoseLimitUgPerDay.baclofen: must be within 0.001..1000000000, got -1",
                "clinical.dailyDoseLimitUgPerDay.aspirin: unknown key (known keys: baclofen, morphine, hydromorphone,"
                        + " ziconotide, bupivacaine, clonidine, fentanyl, other)",
                "clinical.alertPriority.PUMP_SILENT: must be one of INFO, LOW, MEDIUM, HIGH, got \"urgent\"");
    }

    /** Schema 1's tolerance divided by the wrong volume: an old file is told what replaced it. */
    @Test
    void removedRefillToleranceKeyNamesItsReplacement() {
        assertProblems("clinical: {refillTolerancePct: 15}", "clinical.refillTolerancePct: removed: refill accuracy"
                + " is now judged on the volume delivered since the previous refill (ICD section 6); set"
                + " clinical.accuracyTolerancePct (default 14.5) instead");
    }

    @Test
    void clinicalKeysOverrideTheirDefaults() {
        ClinicalSettings clinical = ConfigLoader.parse("""
                clinical:
                  accuracyTolerancePct: 10
                  stallAlertAfter: 2m
                  pumpSilentAfter: 7d
                  doseIncreaseAlertPct: 25
                  clockDriftAlert: 5m
                  dailyDoseLimitUgPerDay: {baclofen: 800, fentanyl: 500}
                  alertPriority: {PUMP_CLOCK_DRIFT: MEDIUM}
                """, "test").clinical();

        assertThat(clinical.accuracyTolerancePct()).isEqualTo(10);
        assertThat(clinical.stallAlertAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(clinical.pumpSilentAfter()).isEqualTo(Duration.ofDays(7));
        assertThat(clinical.doseIncreaseAlertPct()).isEqualTo(25);
        assertThat(clinical.clockDriftAlert()).isEqualTo(Duration.ofMinutes(5));
        assertThat(clinical.dailyDoseLimitUgPerDay(Drug.BACLOFEN)).hasValue(800.0);
        assertThat(clinical.dailyDoseLimitUgPerDay(Drug.FENTANYL)).hasValue(500.0);
        assertThat(clinical.dailyDoseLimitUgPerDay(Drug.MORPHINE)).hasValue(15_000.0); // the default stays
        assertThat(clinical.dailyDoseLimitUgPerDay(Drug.BUPIVACAINE)).isEmpty();
        assertThat(clinical.priority(AlertKind.PUMP_CLOCK_DRIFT)).isEqualTo(AlarmPriority.MEDIUM);
        assertThat(clinical.priority(AlertKind.PUMP_SILENT)).isEqualTo(AlarmPriority.MEDIUM);
    }

    @Test
    void httpPort() {
        assertProblems("http: {port: 70000}", "http.port: must be within 0..65535, got 70000");
        assertProblems("http: {port: \"9410\"}", "http.port: must be an integer, got \"9410\"");
        assertThat(ConfigLoader.parse("http: {port: 0}", "any port").http().port()).contains(0);
    }

    @Test
    void requestLimitsAndReplyPrefix() {
        assertThat(ConfigLoader.parse("mqtt: {topicPrefix: clinic/7}", "prefix").requests().replyPrefix())
                .isEqualTo("clinic/7/replies/");
        assertThat(ConfigLoader.parse("requests: {replyPrefix: tools/answers/, maxPendingPerProgrammer: 1,"
                + " maxPerMinute: 600}", "set").requests())
                .isEqualTo(new GatewayConfig.Requests(1, 600, "tools/answers/"));
        assertProblems("requests: {maxPendingPerProgrammer: 0, maxPerMinute: 601}",
                "requests.maxPendingPerProgrammer: must be within 1..64, got 0",
                "requests.maxPerMinute: must be within 1..600, got 601");
        assertProblems("requests: {replyPrefix: pumplink/v1/replies}",
                "requests.replyPrefix: must end with / and contain no wildcard (+ or #), got \"pumplink/v1/replies\"");
        assertProblems("requests: {replyPrefix: replies/+/}",
                "requests.replyPrefix: must end with / and contain no wildcard (+ or #), got \"replies/+/\"");
        for (String inTheTree : List.of("pumplink/v1/programmers/", "pumplink/", "pumplink/v1/", "pumplink/v1/json/")) {
            assertProblems("requests: {replyPrefix: " + inTheTree + "}", "requests.replyPrefix: must not contain the"
                    + " data tree pumplink/v1/ nor lie in it (only under pumplink/v1/replies/), got \"" + inTheTree
                    + "\"");
        }
    }

    @Test
    void bridgeKeys() {
        GatewayConfig.Bridge bridge = ConfigLoader.parse("""
                bridge:
                  group: ward-3
                  receiveMaximum: 8
                  patientIdentifierSystem: urn:oid:1.2.3
                  hl7: {mllp: "hl7.local:2575", sendingFacility: WARD3, http: {port: 0}}
                  fhir: {base: "https://fhir.local/r4", timeout: 5s}
                """, "bridge").bridge();
        assertThat(bridge.group()).isEqualTo("ward-3");
        assertThat(bridge.receiveMaximum()).isEqualTo(8);
        assertThat(bridge.patientIdentifierSystem()).contains("urn:oid:1.2.3");
        assertThat(bridge.hl7().mllp()).contains("hl7.local:2575");
        assertThat(bridge.hl7().sendingFacility()).isEqualTo("WARD3");
        assertThat(bridge.hl7().http().port()).contains(0);
        assertThat(bridge.fhir().base()).contains(URI.create("https://fhir.local/r4"));
        assertThat(bridge.fhir().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ConfigLoader.defaults().bridge().patientIdentifierSystem()).as("no patient identifier by default")
                .isEmpty();
        assertThat(ConfigLoader.defaults().bridge().fhir().http().port()).contains(9412);
    }

    @Test
    void badBridgeKeys() {
        assertProblems("bridge: {receiveMaximum: 0, retryInitial: 10s, retryMax: 1s}",
                "bridge.retryMax: must be at least retryInitial", "bridge.receiveMaximum: must be within 1..1000, got 0");
        assertProblems("bridge: {hl7: {mllp: hl7.local}}",
                "bridge.hl7.mllp: must be HOST:PORT, got \"hl7.local\"");
        assertProblems("bridge: {fhir: {base: \"ftp://fhir.local\"}}",
                "bridge.fhir.base: must be http://HOST[:PORT]/PATH or https://..., got \"ftp://fhir.local\"");
        assertProblems("bridge: {fhir: {base: fhir.local/r4}}",
                "bridge.fhir.base: must be http://HOST[:PORT]/PATH or https://..., got \"fhir.local/r4\"");
        assertProblems("bridge: {hl7: {sendingFacility: \"A|B\"}}", "bridge.hl7.sendingFacility: must be at most"
                + " 20 characters (HL7 v2.6 HD.1) without an HL7 delimiter (| ^ ~ \\ &), got \"A|B\"");
    }

    @Test
    void durations() {
        assertProblems("""
                        sessionIdle: 5s
                        requestTimeout: soon
                        mqtt: {keepAlive: 2h}
                        journal: {groupCommitMaxDelay: 2s}
                        """,
                "mqtt.keepAlive: must be within 5s..1h, got \"2h\"",
                "journal.groupCommitMaxDelay: must be within 0s..1s, got \"2s\"",
                "sessionIdle: must be within 10s..1d, got \"5s\"",
                "requestTimeout: must be a duration like 500ms, 90s, 10m, 2h, 7d or PT10M, got \"soon\"");
    }

    @Test
    void everyProblemIsCollectedInOneException() throws Exception {
        Path file = Path.of(getClass().getResource("/config/every-problem.yaml").toURI());

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        List<String> expected = List.of(
                "gatewayId: must match [A-Za-z0-9._-]{1,64}, got \"clinic 7\"",
                "links[0].endpoint: bad endpoint 'ftp:127.0.0.1': expected tcp:HOST[:PORT], serial:PATH[:BAUD]"
                        + " or /PATH[:BAUD]",
                "links[1].id: duplicate link id \"bench-1\"",
                "mqtt.uri: must be tcp://HOST:PORT or ssl://HOST:PORT, got \"http://localhost:1883\"",
                "journal.maxBytes: must be a size like 256MiB, 64KiB or a number of bytes, got \"lots\"",
                "clinical.refillMarginDays: must be within 0..60, got -1",
                "http.prot: unknown key (did you mean port?)",
                "sessionIdle: must be within 10s..1d, got \"5s\"");
        assertThat(e.problems()).containsExactlyElementsOf(expected);
        assertThat(e.getMessage()).isEqualTo(file + ": invalid configuration\n  " + String.join("\n  ", expected));
    }

    @Test
    void yamlSyntaxErrorHasLineAndColumn() {
        ConfigException e = invalid("""
                gatewayId: gw
                mqtt:
                  uri: [tcp://localhost:1883
                http: {port: 1}
                """);

        assertThat(e.problems()).singleElement().asString().endsWith("(line 4, column 5)");
        assertThat(e.getMessage()).startsWith("test.yaml: invalid configuration\n  ");
    }

    @Test
    void duplicateKeyIsASyntaxErrorWithLineAndColumn() {
        ConfigException e = invalid("""
                gatewayId: a
                gatewayId: b
                """);

        assertThat(e.problems()).singleElement().asString()
                .startsWith("Duplicate field 'gatewayId'").endsWith("(line 2, column 10)");
    }

    @Test
    void unreadableFileNamesItself() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(Path.of("no/such/gateway.yaml")));

        assertThat(e.getMessage()).startsWith("no/such/gateway.yaml: invalid configuration\n  cannot read: ");
    }

    @Test
    void thePasswordComesFromAFileNeverFromThisOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mqtt-password"), "s3cr3t-pw\n");
        GatewayConfig config = ConfigLoader.parse("mqtt: {username: pumplink, passwordFile: \"" + file + "\"}", "f");

        assertThat(config.mqtt().password()).contains("s3cr3t-pw");
        assertThat(config.mqtt().toString()).contains("pumplink").doesNotContain("s3cr3t-pw");
        assertThat(config.toString()).doesNotContain("s3cr3t-pw");
        ConfigException old = invalid("mqtt: {password: \"s3cr3t-pw\"}");
        assertThat(old.problems()).singleElement().asString()
                .startsWith("mqtt.password: removed:").contains("mqtt.passwordFile", "mqtt.passwordEnv");
        assertThat(old.getMessage()).doesNotContain("s3cr3t-pw");
        assertThat(invalid("mqtt: {passwordFile: \"" + dir.resolve("none") + "\"}").problems())
                .containsExactly("mqtt.passwordFile: cannot read " + dir.resolve("none") + ": no such file or directory");
    }

    @Test
    void thePasswordCanComeFromAnEnvironmentVariable() {
        assertThat(ConfigLoader.parse("mqtt: {passwordEnv: PATH}", "env").mqtt().password())
                .contains(System.getenv("PATH"));
        assertThat(invalid("mqtt: {passwordEnv: PUMPLINK_TEST_NO_SUCH_VARIABLE}").problems())
                .containsExactly("mqtt.passwordEnv: environment variable PUMPLINK_TEST_NO_SUCH_VARIABLE is not set");
        assertThat(invalid("mqtt: {passwordEnv: PATH, passwordFile: /x}").problems())
                .containsExactly("mqtt.passwordEnv: give mqtt.passwordFile or mqtt.passwordEnv, not both");
    }

    @Test
    void tlsFilesNeedAnSslUriAndACertificateNeedsItsKey() {
        GatewayConfig config = ConfigLoader.parse("""
                mqtt: {uri: "ssl://broker:8883", caFile: ca.crt, certFile: gw.crt, keyFile: gw.key,
                       retryOnAuthFailure: true}
                """, "tls");
        assertThat(config.mqtt().tls()).isEqualTo(new BrokerTls(Optional.of(Path.of("ca.crt")),
                Optional.of(Path.of("gw.crt")), Optional.of(Path.of("gw.key"))));
        assertThat(config.mqtt().retryOnAuthFailure()).isTrue();
        assertThat(ConfigLoader.defaults().mqtt().retryOnAuthFailure()).isFalse();

        assertThat(invalid("mqtt: {uri: \"ssl://broker:8883\", certFile: gw.crt}").problems())
                .containsExactly("mqtt.keyFile: a client certificate and its key go together:"
                        + " set mqtt.certFile and mqtt.keyFile");
        assertThat(invalid("mqtt: {uri: \"tcp://broker:1883\", caFile: ca.crt}").problems()).singleElement()
                .asString().startsWith("mqtt.uri: TLS files are set but the broker URI is tcp://");
    }

    @Test
    void pseudonymisedTopicsNeedAKeyFileAndKeepPayloadSerialsOnlyWhenAsked() {
        GatewayConfig.Mqtt keyed = ConfigLoader.parse("mqtt: {pseudonymKeyFile: /etc/pumplink/pseudonym-key}", "key")
                .mqtt();
        assertThat(keyed.pseudonymKeyFile()).contains(Path.of("/etc/pumplink/pseudonym-key"));
        assertThat(keyed.serialsInPayload()).isFalse();
        assertThat(ConfigLoader.parse("mqtt: {pseudonymKeyFile: k, serialsInPayload: true}", "key").mqtt()
                .serialsInPayload()).isTrue();
        assertThat(ConfigLoader.defaults().mqtt().pseudonymKeyFile()).isEmpty();
        assertThat(ConfigLoader.defaults().mqtt().toString()).contains("pseudonymKeyFile=-");
    }

    @Test
    void serialsInPayloadWithoutAKeyFileNamesTheKey() {
        assertProblems("mqtt: {serialsInPayload: true}", "mqtt.serialsInPayload: only with mqtt.pseudonymKeyFile:"
                + " without a key, topics and payloads carry the real serial anyway");
        assertThat(ConfigLoader.parse("mqtt: {serialsInPayload: false}", "off").mqtt().serialsInPayload()).isFalse();
    }

    @Test
    void httpBeyondLoopbackNeedsATokenFile() {
        assertThat(invalid("http: {host: 0.0.0.0}").problems()).singleElement().asString()
                .startsWith("http.tokenFile: required when http.host is not a loopback address (0.0.0.0)");
        assertThat(invalid("http: {host: dashboard.example}").problems()).singleElement().asString()
                .startsWith("http.tokenFile: required");
        assertThat(ConfigLoader.parse("http: {host: 0.0.0.0, tokenFile: /etc/pumplink/http-token}", "t").http()
                .tokenFile()).contains(Path.of("/etc/pumplink/http-token"));
        assertThat(ConfigLoader.parse("http: {host: \"::1\"}", "t").http().tokenFile()).isEmpty();
        assertThat(ConfigLoader.parse("http: {host: localhost}", "t").http().tokenFile()).isEmpty();
        assertThat(ConfigLoader.parse("http: {host: 0.0.0.0, enabled: false}", "t").http().port()).isEmpty();
    }
}
