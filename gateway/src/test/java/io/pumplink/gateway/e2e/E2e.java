package io.pumplink.gateway.e2e;

import io.pumplink.emulator.device.EmulatedProgrammer;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioLoader;
import io.pumplink.gateway.config.ConfigLoader;
import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.gateway.publish.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Shared pieces of the end-to-end tests: gateway configurations, emulators on free ports, scenarios, HTTP. */
final class E2e {
    static final String PREFIX = Topics.DEFAULT_PREFIX;
    static final Topics TOPICS = new Topics(PREFIX);
    /** Generous: everything here normally happens within a second or two, but CI machines stall. */
    static final Duration TIMEOUT = Duration.ofSeconds(45);

    private E2e() {
    }

    /** A gateway configuration in the YAML a user writes, through the real {@link ConfigLoader}. */
    static final class Config {
        private final String gatewayId;
        private final URI mqtt;
        private final Path journalDir;
        private final List<String> links = new ArrayList<>();
        private String maxBytes = "64MiB";
        private String segmentBytes = "1MiB";
        private String clinical = "";
        private String mqttKeys = "";

        Config(String gatewayId, URI mqtt, Path journalDir) {
            this.gatewayId = gatewayId;
            this.mqtt = mqtt;
            this.journalDir = journalDir;
        }

        Config link(String id, String endpoint) {
            links.add("  - { id: %s, endpoint: \"%s\", reconnectInitial: 100ms, reconnectMax: 1s }"
                    .formatted(id, endpoint));
            return this;
        }

        /** Keys under {@code clinical:}, one per line, e.g. {@code pumpSilentAfter: 3s}. */
        Config clinical(String... keys) {
            this.clinical = "clinical:\n" + String.join("\n", Arrays.stream(keys).map(key -> "  " + key).toList())
                    + "\n";
            return this;
        }

        /** More keys under {@code mqtt:}, one per line, e.g. {@code jsonMirror: true}. */
        Config mqtt(String... keys) {
            this.mqttKeys = String.join("", Arrays.stream(keys).map(key -> "  " + key + "\n").toList());
            return this;
        }

        Config journal(String maxBytes, String segmentBytes) {
            this.maxBytes = maxBytes;
            this.segmentBytes = segmentBytes;
            return this;
        }

        String yaml() {
            return """
                    gatewayId: %s
                    links:
                    %s
                    mqtt:
                      uri: %s
                      topicPrefix: %s
                      keepAlive: 5s
                      maxInFlight: 100
                      reconnectInitial: 100ms
                      reconnectMax: 1s
                    %s\
                    journal:
                      dir: "%s"
                      maxBytes: %s
                      segmentBytes: %s
                    http:
                      host: 127.0.0.1
                      port: 0
                    sessionIdle: 30s
                    requestTimeout: 10s
                    """.formatted(gatewayId, links.isEmpty() ? "  []" : String.join("\n", links), mqtt, PREFIX,
                    mqttKeys, journalDir, maxBytes, segmentBytes) + clinical;
        }

        GatewayConfig build() {
            return ConfigLoader.parse(yaml(), "e2e-" + gatewayId);
        }
    }

    /**
     * One programmer with one pump already below its low-reservoir threshold (1.5 mL of 2 mL), so it raises
     * LOW_RESERVOIR at once; {@code events} is the scenario's events: list, empty for none.
     */
    static Scenario belowLowReservoir(String name, String programmerSerial, String pumpSerial, String events) {
        return ScenarioLoader.parse("""
                name: %s
                seed: 1
                speed: 1
                start: 2026-04-06T00:00:00Z
                programmer: { serial: %s }
                pumps:
                  - serial: "%s"
                    reservoirCapacityUl: 20000
                    volumeUl: 1500
                    lowAlarmThresholdUl: 2000
                    drug: BACLOFEN
                    concentrationUgPerMl: 2000
                    mode: CONTINUOUS
                    rateNlPerHour: 10417
                """.formatted(name, programmerSerial, pumpSerial) + events, name);
    }

    /** A scenario file from src/test/resources, through the real {@link ScenarioLoader}. */
    static Scenario scenario(String resource) {
        try (InputStream in = E2e.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            return ScenarioLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code task} on the programmer's own thread (its state is confined there) and returns the result. */
    static <T> T onProgrammer(EmulatedProgrammer programmer, Callable<T> task) {
        try {
            return programmer.executor().submit(task).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("task on programmer " + programmer.serial() + " failed", e);
        }
    }

    /** Reliable frames the emulated programmer holds: in flight (unacknowledged) plus queued behind them. */
    static int unacknowledged(EmulatedProgrammer programmer) {
        return onProgrammer(programmer, () -> programmer.link().outbox().inFlightCount()
                + programmer.link().outbox().queuedCount());
    }

    static int inFlight(EmulatedProgrammer programmer) {
        return onProgrammer(programmer, () -> programmer.link().outbox().inFlightCount());
    }

    record HttpReply(int status, String body) {
    }

    /** One client for all requests: each HttpClient keeps a selector thread of its own while it lives. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static HttpReply get(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new HttpReply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
