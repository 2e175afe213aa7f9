package io.pumplink.gateway.cli;

import ca.uhn.fhir.context.FhirContext;
import io.pumplink.bridge.Bridge;
import io.pumplink.bridge.BridgeSettings;
import io.pumplink.bridge.Destination;
import io.pumplink.bridge.PatientIdentity;
import io.pumplink.bridge.fhir.FhirDestination;
import io.pumplink.bridge.fhir.FhirSettings;
import io.pumplink.bridge.hl7.Hl7Settings;
import io.pumplink.bridge.hl7.MllpDestination;
import io.pumplink.cli.Lifetime;
import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.StartupException;
import io.pumplink.gateway.config.ConfigException;
import io.pumplink.gateway.config.ConfigLoader;
import io.pumplink.gateway.config.GatewayConfig;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.paho.mqttv5.common.MqttException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pumplink bridge hl7|fhir}: subscribe to the published tree and deliver it to a hospital system, at least
 * once. The bridges only subscribe: nothing they do reaches the gateway, the link or a pump.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deliver the published tree to hospital systems: IHE PCD over HL7 v2 (MLLP) or FHIR R4.",
            "Each publication is acknowledged to the broker only once the receiver took it (HL7 AA, FHIR 2xx)."},
        subcommands = {BridgeCommand.Hl7.class, BridgeCommand.Fhir.class},
        footer = {"", "Examples:",
            "  pumplink bridge hl7 --mqtt tcp://localhost:1883 --mllp hl7-engine.local:2575",
            "  pumplink bridge fhir --mqtt ssl://broker:8883 --mqtt-ca ca.pem --fhir-base https://fhir.local/r4",
            "", "Keys under bridge: in --config (see config/gateway.yaml); docs/interoperability.md."})
public final class BridgeCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give hl7 or fhir");
    }

    /** What both kinds take: the broker, its security, the config file, the HTTP port. */
    abstract static class Kind implements Callable<Integer> {
        @Option(names = "--mqtt", paramLabel = "URI", description = "broker, tcp://HOST:PORT or ssl://HOST:PORT"
                + " (default: mqtt.uri of --config)")
        URI mqtt;

        @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration: mqtt: and bridge:")
        Path configFile;

        @Option(names = "--http-port", paramLabel = "PORT", description = "metrics and health port (0: any free port)")
        Integer httpPort;

        @CommandLine.Mixin
        MqttOptions mqttOptions = new MqttOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract String kind();

        abstract GatewayConfig.Http http(GatewayConfig.Bridge bridge);

        /** The destination from the config and the flags; a missing address is a usage error. */
        abstract Destination destination(GatewayConfig.Bridge bridge, PatientIdentity patients);

        @Override
        public Integer call() throws Exception {
            GatewayConfig config;
            try {
                config = configFile == null ? ConfigLoader.defaults() : ConfigLoader.load(configFile);
            } catch (ConfigException e) {
                System.err.println("bridge " + kind() + ": " + e.getMessage());
                return GatewayCommand.CONFIGURATION_ERROR;
            }
            URI broker = ToolClient.brokerUri(spec.commandLine(), mqtt != null ? mqtt : config.mqtt().uri());
            GatewayConfig.Http http = httpPort != null ? http(config.bridge()).withPort(httpPort)
                    : http(config.bridge());
            PatientIdentity patients = new PatientIdentity(config.bridge().patientIdentifierSystem());
            GatewayConfig.Mqtt m = config.mqtt();
            try (Lifetime lifetime = new Lifetime();
                 Bridge bridge = new Bridge(BridgeSettings.of(kind(), broker, config, http),
                         destination(config.bridge(), patients))
                         .start(options -> mqttOptions.configure(spec.commandLine(), broker, options, m.tls(),
                                 m.username(), m.password()), token(http))) {
                System.err.printf("bridge %s: %s -> %s%s%n", kind(), broker, target(config.bridge()),
                        bridge.httpPort().map(p -> ", health http://" + http.host() + ":" + p
                                + "/health").orElse(""));
                lifetime.await(Optional.empty());
            } catch (MqttException e) {
                System.err.println("bridge " + kind() + ": cannot connect to " + broker + ": " + e.getMessage()
                        + " (mqtt.uri, --mqtt; the broker's TLS and credentials: mqtt.* keys and --mqtt-* flags)");
                return GatewayCommand.CONFIGURATION_ERROR;
            } catch (BindException e) {
                System.err.println("bridge " + kind() + ": bridge." + kind() + ".http.port: cannot listen: "
                        + e.getMessage());
                return GatewayCommand.CONFIGURATION_ERROR;
            } catch (StartupException | IllegalStateException | IllegalArgumentException e) {
                System.err.println("bridge " + kind() + ": " + e.getMessage());
                return GatewayCommand.CONFIGURATION_ERROR;
            }
            return 0;
        }

        abstract String target(GatewayConfig.Bridge bridge);

        private Optional<String> token(GatewayConfig.Http http) {
            return http.tokenFile().map(file -> Gateway.bearerToken(file, "bridge." + kind() + ".http.tokenFile"));
        }
    }

    @Command(name = "hl7", mixinStandardHelpOptions = true, sortOptions = false,
            description = "IHE PCD-01 ORU^R01 (records, status) and PCD-04 ORU^R40 (alarms), HL7 v2.6 over MLLP")
    static final class Hl7 extends Kind {
        @Option(names = "--mllp", paramLabel = "HOST:PORT", description = "the HL7 receiver (default: bridge.hl7.mllp)")
        String mllp;

        @Override
        String kind() {
            return "hl7";
        }

        @Override
        GatewayConfig.Http http(GatewayConfig.Bridge bridge) {
            return bridge.hl7().http();
        }

        @Override
        String target(GatewayConfig.Bridge bridge) {
            return "mllp://" + address(bridge);
        }

        private String address(GatewayConfig.Bridge bridge) {
            return Optional.ofNullable(mllp).or(() -> bridge.hl7().mllp()).orElseThrow(() ->
                    new CommandLine.ParameterException(spec.commandLine(), "give --mllp HOST:PORT or bridge.hl7.mllp"));
        }

        @Override
        Destination destination(GatewayConfig.Bridge bridge, PatientIdentity patients) {
            String address = address(bridge);
            int colon = address.lastIndexOf(':');
            int port;
            try {
                port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65_535) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--mllp must be HOST:PORT: " + address);
            }
            GatewayConfig.Hl7 hl7 = bridge.hl7();
            return new MllpDestination(new Hl7Settings(address.substring(0, colon).replaceAll("^\\[|]$", ""), port,
                    hl7.ackTimeout(), hl7.sendingApplication(), hl7.sendingFacility(), hl7.receivingApplication(),
                    hl7.receivingFacility(), patients));
        }
    }

    @Command(name = "fhir", mixinStandardHelpOptions = true, sortOptions = false,
            description = "FHIR R4 transaction Bundles (Device, DeviceMetric, Observation) POSTed to a FHIR server")
    static final class Fhir extends Kind {
        @Option(names = "--fhir-base", paramLabel = "URL", description = "the server's base URL (default:"
                + " bridge.fhir.base)")
        URI fhirBase;

        @Override
        String kind() {
            return "fhir";
        }

        @Override
        GatewayConfig.Http http(GatewayConfig.Bridge bridge) {
            return bridge.fhir().http();
        }

        @Override
        String target(GatewayConfig.Bridge bridge) {
            return base(bridge).toString();
        }

        private URI base(GatewayConfig.Bridge bridge) {
            URI base = Optional.ofNullable(fhirBase).or(() -> bridge.fhir().base()).orElseThrow(() ->
                    new CommandLine.ParameterException(spec.commandLine(), "give --fhir-base URL or bridge.fhir.base"));
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--fhir-base must be http(s)://HOST/..: "
                        + base);
            }
            return base;
        }

        @Override
        Destination destination(GatewayConfig.Bridge bridge, PatientIdentity patients) {
            FhirSettings settings = new FhirSettings(base(bridge), bridge.fhir().timeout(), patients);
            return new FhirDestination(FhirContext.forR4(), settings); // the context is costly: only once all is valid
        }
    }
}
