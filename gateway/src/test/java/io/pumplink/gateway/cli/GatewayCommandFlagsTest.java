package io.pumplink.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.gateway.config.ConfigLoader;
import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.protocol.transport.Endpoint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GatewayCommandFlagsTest {
    private static final GatewayConfig FILE = ConfigLoader.parse("""
            gatewayId: clinic-7
            links:
              - {id: bench-1, endpoint: "tcp:127.0.0.1:7410", reconnectInitial: 1s, reconnectMax: 10s}
            mqtt: {uri: "tcp://broker:1883", username: pumplink, jsonMirror: true}
            journal: {dir: /var/lib/pumplink, maxBytes: 1GiB}
            http: {host: 0.0.0.0, port: 9500, tokenFile: /etc/pumplink/http-token}
            """, "file");

    private static GatewayConfig withFlags(GatewayConfig file, String... args) {
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs(args);
        return command.withFlags(file);
    }

    @Test
    void withoutFlagsTheFileStandsAsItIs() {
        assertThat(withFlags(FILE)).isEqualTo(FILE);
    }

    @Test
    void tcpAndSerialFlagsAddLinksAfterThoseOfTheFile() {
        GatewayConfig config = withFlags(FILE, "--tcp", "10.0.0.5:7411", "--serial", "/dev/ttyUSB0:9600",
                "--tcp", "tcp:[::1]", "--serial", "serial:/dev/rfcomm0");

        assertThat(config.links()).map(GatewayConfig.Link::id)
                .containsExactly("bench-1", "ttyUSB0", "rfcomm0", "10.0.0.5_7411", "__1_7410");
        assertThat(config.links().get(0)).isEqualTo(FILE.links().get(0));
        assertThat(config.links().get(1).endpoint()).isEqualTo(Endpoint.parse("/dev/ttyUSB0:9600"));
        assertThat(config.links().get(2).endpoint().bluetooth()).isTrue();
        assertThat(config.links().get(3).endpoint()).isEqualTo(new Endpoint.Tcp("10.0.0.5", 7411));
        assertThat(config.links().get(4).endpoint()).isEqualTo(new Endpoint.Tcp("::1", 7410));
        assertThat(config.links().subList(1, 5)).allSatisfy(link -> {
            assertThat(link.reconnectInitial()).isEqualTo(Duration.ofMillis(500));
            assertThat(link.reconnectMax()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void mqttGatewayIdJournalAndHttpPortOverrideTheFile() {
        GatewayConfig config = withFlags(FILE, "--mqtt", "ssl://broker.example:8883", "--gateway-id", "clinic-8",
                "--journal", "/tmp/journal", "--http-port", "0");

        assertThat(config.gatewayId()).isEqualTo("clinic-8");
        assertThat(config.mqtt().uri()).isEqualTo(URI.create("ssl://broker.example:8883"));
        // the client id follows the gateway id while it is the default one
        assertThat(config.mqtt().clientId()).isEqualTo("pumplink-clinic-8");
        assertThat(config.journal().dir()).isEqualTo(Path.of("/tmp/journal"));
        assertThat(config.http()).isEqualTo(new GatewayConfig.Http("0.0.0.0", Optional.of(0),
                Optional.of(Path.of("/etc/pumplink/http-token"))));
        // everything else is the file's
        assertThat(config.mqtt()).usingRecursiveComparison().ignoringFields("uri", "clientId")
                .isEqualTo(FILE.mqtt());
        assertThat(config.journal()).usingRecursiveComparison().ignoringFields("dir").isEqualTo(FILE.journal());
        assertThat(config).usingRecursiveComparison()
                .ignoringFields("gatewayId", "mqtt", "journal", "http").isEqualTo(FILE);
    }

    @Test
    void explicitClientIdIsKeptWhenTheGatewayIdChanges() {
        GatewayConfig file = ConfigLoader.parse("mqtt: {clientId: bench-client}", "file");

        assertThat(withFlags(file, "--gateway-id", "clinic-8").mqtt().clientId()).isEqualTo("bench-client");
    }
}
