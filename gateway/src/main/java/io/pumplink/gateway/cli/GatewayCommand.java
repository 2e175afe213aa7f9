package io.pumplink.gateway.cli;

import io.pumplink.cli.Lifetime;
import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.StartupException;
import io.pumplink.gateway.config.ConfigException;
import io.pumplink.gateway.config.ConfigLoader;
import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.gateway.mqtt.AuthFailure;
import io.pumplink.gateway.mqtt.BrokerTls;
import io.pumplink.protocol.transport.Endpoint;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pumplink gateway}: programmer links to MQTT 5, read-only. */
@Command(name = "gateway", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the gateway: PTL v1 links (serial, Bluetooth SPP, TCP) -> durable journal -> MQTT 5.",
            "Flags override the config file; --serial and --tcp add links to those it lists."},
        footer = {"", "Examples:",
            "  pumplink gateway --config config/gateway.yaml",
            "  pumplink gateway --tcp 127.0.0.1:7410 --mqtt tcp://localhost:1883",
            "  pumplink gateway --serial /dev/rfcomm0 --serial /dev/ttyUSB0:9600 --gateway-id clinic-7",
            "", "Bluetooth SPP: bind the programmer once with `rfcomm bind 0 AA:BB:CC:DD:EE:FF 1`,",
            "then use --serial /dev/rfcomm0 (see README, Bluetooth)."})
public final class GatewayCommand implements Callable<Integer> {
    /** The exit code for a configuration that cannot run; the line on stderr names the key and the reason. */
    static final int CONFIGURATION_ERROR = 2;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (see config/gateway.yaml)")
    private Path configFile;

    @Option(names = "--serial", paramLabel = "PATH[:BAUD]", description = "a serial link, repeatable")
    private List<String> serial = new ArrayList<>();

    @Option(names = "--tcp", paramLabel = "HOST:PORT", description = "a TCP link (device server, emulator), repeatable")
    private List<String> tcp = new ArrayList<>();

    @Option(names = "--mqtt", paramLabel = "URI", description = "broker, tcp://HOST:PORT or ssl://HOST:PORT")
    private URI mqtt;

    @CommandLine.Mixin
    private MqttOptions mqttOptions = new MqttOptions();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--gateway-id", paramLabel = "ID", description = "this gateway's id in topics and headers")
    private String gatewayId;

    @Option(names = "--journal", paramLabel = "DIR", description = "journal directory")
    private Path journalDir;

    @Option(names = "--http-port", paramLabel = "PORT", description = "metrics and health port (0: any free port)")
    private Integer httpPort;

    @Override
    public Integer call() throws Exception {
        GatewayConfig config;
        try {
            config = withFlags(configFile == null ? ConfigLoader.defaults() : ConfigLoader.load(configFile));
        } catch (ConfigException e) {
            System.err.println("gateway: " + e.getMessage());
            return CONFIGURATION_ERROR;
        }
        if (config.links().isEmpty()) {
            System.err.println("gateway: no links configured; give --serial, --tcp or links: in --config");
            return CONFIGURATION_ERROR;
        }
        try (Lifetime lifetime = new Lifetime();
             Gateway gateway = new Gateway(config, VersionProvider.version()).start()) {
            System.err.printf("gateway %s: %d link(s) -> %s%s%n", config.gatewayId(), config.links().size(),
                    config.mqtt().uri(), gateway.httpPort().map(p -> ", metrics http://" + config.http().host() + ":"
                            + p + "/metrics").orElse(""));
            // a TLS or authentication refusal is a configuration error: the broker will not change its mind
            CompletableFuture<AuthFailure> refused = gateway.mqtt().authFailures().gaveUp();
            refused.thenRun(lifetime::stop);
            lifetime.await(Optional.empty());
            if (refused.isDone()) {
                AuthFailure cause = refused.join();
                System.err.println("gateway: " + cause.configKey() + ": " + cause.description()
                        + " (set mqtt.retryOnAuthFailure: true to keep retrying)");
                return CONFIGURATION_ERROR;
            }
        } catch (StartupException e) {
            System.err.println("gateway: " + e.getMessage());
            return CONFIGURATION_ERROR;
        }
        return 0;
    }

    GatewayConfig withFlags(GatewayConfig file) {
        List<Endpoint> extra = new ArrayList<>();
        serial.forEach(path -> extra.add(Endpoint.parse(path.startsWith("serial:") ? path : "serial:" + path)));
        tcp.forEach(address -> extra.add(Endpoint.parse(address.startsWith("tcp:") ? address : "tcp:" + address)));
        String id = gatewayId != null ? gatewayId : file.gatewayId();
        GatewayConfig.Mqtt m = file.mqtt();
        BrokerTls tls;
        try {
            tls = mqttOptions.tls(m.tls());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--mqtt-cert and --mqtt-key: " + e.getMessage());
        }
        GatewayConfig.Mqtt mqttConfig = new GatewayConfig.Mqtt(mqtt != null ? mqtt : m.uri(),
                gatewayId != null && m.clientId().equals("pumplink-" + file.gatewayId()) ? "pumplink-" + id
                        : m.clientId(), mqttOptions.user(m.username()),
                mqttOptions.password(spec.commandLine(), m.password()), m.topicPrefix(), m.jsonMirror(),
                m.keepAlive(), m.maxInFlight(), m.reconnectInitial(), m.reconnectMax(), tls, m.retryOnAuthFailure(),
                m.pseudonymKeyFile(), m.serialsInPayload());
        GatewayConfig.Journal j = file.journal();
        return new GatewayConfig(id, ConfigLoader.withLinks(file.links(), extra), mqttConfig,
                new GatewayConfig.Journal(journalDir != null ? journalDir : j.dir(), j.maxBytes(), j.segmentBytes(),
                        j.groupCommitMaxDelay()),
                file.clinical(),
                httpPort != null ? file.http().withPort(httpPort) : file.http(),
                file.sessionIdle(), file.requestTimeout(), file.requests(), file.bridge());
    }
}
