package io.pumplink.gateway.demo;

import io.pumplink.emulator.Emulator;
import io.pumplink.emulator.device.EmulatedProgrammer;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioLoader;
import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.config.ConfigLoader;
import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.protocol.transport.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything of the one-command demo in one process: an embedded MQTT 5 broker, emulated programmers (one per
 * scenario, each with its pump, on consecutive TCP ports), and the gateway linked to them over TCP with its HTTP
 * side. All on 127.0.0.1; the journal and the broker's folders live in a temporary directory deleted by
 * {@link #close()}, which stops the gateway first (it says "offline" while the broker is still there), then the
 * emulators, then the broker.
 */
public final class Demo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

    public static final String HOST = "127.0.0.1";
    public static final String GATEWAY_ID = "demo";
    /**
     * The demo's scenarios, copies of config/scenarios/demo*.yaml shipped in the jar: three pumps that differ in
     * drug, concentration, mode, protocol revision and state (one in alarm, one on a flex schedule, one due for a
     * refill).
     */
    public static final List<String> SCENARIO_RESOURCES = List.of("/io/pumplink/gateway/demo/demo.yaml",
            "/io/pumplink/gateway/demo/demo-flex.yaml", "/io/pumplink/gateway/demo/demo-refill.yaml");
    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final int DEFAULT_HTTP_PORT = 9410;
    public static final int DEFAULT_EMULATOR_PORT = Endpoint.DEFAULT_TCP_PORT;
    public static final double DEFAULT_SPEED = 600;

    /**
     * @param mqttPort     the broker's port; 0 for any free one
     * @param httpPort     the gateway's metrics/health port; 0 for any free one
     * @param speed        simulated seconds per real second
     * @param emulatorPort the first programmer's port (the others follow), or the first of a free range above
     *                     it when taken; 0 for any free range
     * @param scenarios    one emulated programmer per scenario
     */
    public record Options(int mqttPort, int httpPort, double speed, int emulatorPort, List<Scenario> scenarios,
                          String version) {
        public Options {
            scenarios = List.copyOf(scenarios);
            checkPort("mqttPort", mqttPort);
            checkPort("httpPort", httpPort);
            checkPort("emulatorPort", emulatorPort);
            if (!(speed > 0)) {
                throw new IllegalArgumentException("speed must be > 0: " + speed);
            }
            if (scenarios.isEmpty()) {
                throw new IllegalArgumentException("the demo needs at least one scenario");
            }
        }

        /** The command's defaults: broker 1883, HTTP 9410, programmers from 7410, the demo scenarios at 600x. */
        public static Options defaults(String version) {
            return new Options(DEFAULT_MQTT_PORT, DEFAULT_HTTP_PORT, DEFAULT_SPEED, DEFAULT_EMULATOR_PORT,
                    demoScenarios(), version);
        }

        private static void checkPort(String name, int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " must be within 0..65535: " + port);
            }
        }
    }

    /**
     * A port the demo was asked to use is taken; {@link #flag()} is the command-line option to change it and
     * {@link #suggestion()} a port that was free a moment ago (0 if none was found nearby).
     */
    public static final class PortInUseException extends IOException {
        private final int port;
        private final String flag;
        private final int suggestion;

        PortInUseException(String what, int port, String flag) {
            super(what + " port " + port + " on " + HOST + " is already in use");
            this.port = port;
            this.flag = flag;
            this.suggestion = IntStream.rangeClosed(port + 1, Math.min(port + 100, 65_535))
                    .filter(candidate -> Ports.free(HOST, candidate)).findFirst().orElse(0);
        }

        public int port() {
            return port;
        }

        public String flag() {
            return flag;
        }

        public int suggestion() {
            return suggestion;
        }
    }

    private final Options options;
    private Path workDir;
    private EmbeddedBroker broker;
    private final List<Emulator> emulators = new ArrayList<>();
    private Gateway gateway;
    private boolean closed;

    public Demo(Options options) {
        this.options = options;
    }

    /** The demo scenarios shipped in the jar (copies of config/scenarios/demo*.yaml). */
    public static List<Scenario> demoScenarios() {
        return SCENARIO_RESOURCES.stream().map(Demo::scenario).toList();
    }

    private static Scenario scenario(String resource) {
        try (InputStream in = Demo.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return ScenarioLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "classpath:" + resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the broker alone, so that a watcher can subscribe before anything is published; {@link #start()}
     * then starts the rest. Idempotent.
     */
    public synchronized Demo startBroker() throws IOException {
        if (closed) {
            throw new IllegalStateException("demo is closed");
        }
        if (broker != null) {
            return this;
        }
        if (options.httpPort() != 0 && !Ports.free(HOST, options.httpPort())) {
            throw new PortInUseException("HTTP (metrics, health)", options.httpPort(), "--http-port");
        }
        int mqttPort = options.mqttPort() != 0 ? options.mqttPort() : Ports.any(HOST);
        if (!Ports.free(HOST, mqttPort)) {
            throw new PortInUseException("MQTT", mqttPort, "--mqtt-port");
        }
        if (workDir == null) {
            workDir = Files.createTempDirectory("pumplink-demo-");
        }
        EmbeddedBroker starting = new EmbeddedBroker(workDir.resolve("broker"), HOST, mqttPort);
        try {
            starting.start();
        } catch (IOException e) {
            starting.close();
            throw e;
        }
        broker = starting;
        return this;
    }

    /** Starts whatever is not running yet: the broker, the emulated programmers, the gateway. */
    public synchronized Demo start() throws IOException, InterruptedException {
        startBroker();
        if (gateway != null) {
            return this;
        }
        if (!emulators.isEmpty()) {
            throw new IllegalStateException("the demo failed to start before; close it and start a new one");
        }
        List<Scenario> scenarios = options.scenarios();
        int firstPort = Ports.consecutive(HOST, options.emulatorPort(), scenarios.size());
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario scenario = scenarios.get(i);
            Emulator emulator = new Emulator(new Emulator.Options(scenario, new Endpoint.Tcp(HOST, firstPort + i), 1,
                    scenario.seed().orElse(1), options.speed(), Optional.empty()));
            emulators.add(emulator); // added first: close() stops what a failed start left running
            emulator.start();
        }
        Gateway starting = new Gateway(gatewayConfig(), options.version());
        try {
            starting.start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                starting.close(); // best effort: a half-started gateway may lack parts that close() expects
            } catch (Exception ignored) {
                // the start failure is what matters
            }
            throw e;
        }
        gateway = starting;
        LOG.info("demo started: {} programmer(s) on {}:{}.., speed {}, broker {}:{}", scenarios.size(), HOST,
                firstPort, options.speed(), HOST, broker.port());
        return this;
    }

    private GatewayConfig gatewayConfig() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("gatewayId: ").append(GATEWAY_ID).append('\n');
        yaml.append("links:\n");
        List<String> programmers = programmerSerials();
        List<Integer> ports = programmerPorts();
        for (int i = 0; i < programmers.size(); i++) {
            yaml.append("  - id: ").append(quote(programmers.get(i))).append('\n')
                    .append("    endpoint: ").append(quote("tcp:" + HOST + ":" + ports.get(i))).append('\n')
                    .append("    reconnectInitial: 250ms\n")
                    .append("    reconnectMax: 2s\n");
        }
        yaml.append("mqtt:\n")
                .append("  uri: ").append(quote("tcp://" + HOST + ":" + broker.port())).append('\n')
                .append("  jsonMirror: true\n") // readable with mosquitto_sub under pumplink/v1/json/#
                .append("  reconnectInitial: 1s\n")
                .append("  reconnectMax: 5s\n");
        yaml.append("journal:\n")
                .append("  dir: ").append(quote(workDir.resolve("journal").toString())).append('\n');
        // the emulated pumps' clocks start at the scenario's date and run `speed` times faster than the gateway's:
        // every pump would raise PUMP_CLOCK_DRIFT, which says nothing in a demo
        yaml.append("clinical:\n")
                .append("  clockDriftAlert: 3650d\n");
        yaml.append("http:\n")
                .append("  host: ").append(HOST).append('\n')
                .append("  port: ").append(options.httpPort()).append('\n');
        return ConfigLoader.parse(yaml.toString(), "demo");
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    public String brokerUri() {
        return "tcp://localhost:" + mqttPort();
    }

    public int mqttPort() {
        return broker().port();
    }

    public int httpPort() {
        return gateway().httpPort().orElseThrow();
    }

    public List<String> programmerSerials() {
        return emulators().stream().flatMap(e -> e.programmers().stream()).map(EmulatedProgrammer::serial).toList();
    }

    public List<Integer> programmerPorts() {
        return emulators().stream().flatMap(e -> e.ports().stream()).toList();
    }

    public Gateway gateway() {
        return require(gateway, "gateway");
    }

    /** The temporary directory with the journal and the broker's folders, deleted on close. */
    public Path workDir() {
        return require(workDir, "work directory");
    }

    private List<Emulator> emulators() {
        return require(emulators.isEmpty() ? null : emulators, "emulator");
    }

    private EmbeddedBroker broker() {
        return require(broker, "broker");
    }

    private static <T> T require(T part, String name) {
        if (part == null) {
            throw new IllegalStateException("demo " + name + " not started");
        }
        return part;
    }

    /** Whether the gateway's HTTP side answers {@code GET /} (a dashboard), so the command may point to it. */
    public boolean hasDashboard() {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create("http://" + HOST + ":" + httpPort() + "/")
                    .toURL().openConnection();
            http.setConnectTimeout(1_000);
            http.setReadTimeout(1_000);
            try {
                return http.getResponseCode() == 200;
            } finally {
                http.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Gateway, then emulators, then broker; then the temporary directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (gateway != null) {
            try {
                gateway.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("demo: gateway did not close cleanly: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        emulators.forEach(Emulator::close);
        if (broker != null) {
            broker.close();
        }
        if (workDir != null) {
            deleteTree(workDir);
        }
    }

    private static void deleteTree(Path root) {
        List<Path> failed = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    failed.add(path);
                }
            });
        } catch (IOException e) {
            failed.add(root);
        }
        if (!failed.isEmpty()) {
            LOG.warn("demo: could not delete {} (first: {})", root, failed.get(0));
        }
    }
}
