package io.pumplink.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pumplink bridge}: a configuration that cannot run stops at once, exit 2, one line naming the key or flag. */
class BridgeCommandTest {
    @TempDir
    Path dir;

    @Test
    void hl7WithoutAReceiverNamesTheFlagAndTheKey() {
        Cli.Run run = Cli.run("bridge", "hl7", "--mqtt", "tcp://127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("give --mllp HOST:PORT or bridge.hl7.mllp");
    }

    @Test
    void aFhirBaseThatIsNoHttpUrlIsRefused() {
        Cli.Run run = Cli.run("bridge", "fhir", "--mqtt", "tcp://127.0.0.1:1", "--fhir-base", "ftp://fhir.local/r4");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("--fhir-base must be http(s)://HOST/..: ftp://fhir.local/r4");
    }

    @Test
    void aBadBridgeKeyIsAConfigurationError() throws Exception {
        Path config = Files.writeString(dir.resolve("bridge.yaml"), "bridge: {receiveMaximum: 0}\n");
        Cli.Run run = Cli.run("bridge", "hl7", "--config", config.toString(), "--mllp", "127.0.0.1:2575");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("bridge hl7: " + config)
                .contains("bridge.receiveMaximum: must be within 1..1000, got 0");
    }

    @Test
    void aBrokerItCannotReachStopsTheBridgeAtStartNamingTheKey() {
        Cli.Run run = Cli.run("bridge", "hl7", "--mqtt", "tcp://127.0.0.1:1", "--mllp", "127.0.0.1:2575");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("bridge hl7: cannot connect to tcp://127.0.0.1:1: ")
                .contains("(mqtt.uri, --mqtt;");
    }
}
