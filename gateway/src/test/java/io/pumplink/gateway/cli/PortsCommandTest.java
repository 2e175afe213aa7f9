package io.pumplink.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumplink.protocol.transport.SocatPty;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsThePortsUnderAHeaderOrSaysThereAreNone() {
        Cli.Run run = Cli.run("ports");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).satisfiesAnyOf(
                out -> assertThat(out).startsWith("PATH").contains("DESCRIPTION").contains("HINT"),
                out -> assertThat(out).startsWith("no serial ports found"));
    }

    @Test
    void anIncludedSocatPtyIsListedAsPty() throws Exception {
        try (SocatPty pty = SocatPty.start(dir)) {
            String real = pty.a().toRealPath().toString();

            Cli.Run run = Cli.run("ports", "--include", pty.a().toString());

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.lines().get(0)).startsWith("PATH").contains("DESCRIPTION").endsWith("HINT");
            assertThat(run.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith(pty.a().toString()).contains("link to " + real).endsWith("PTY"));
        }
    }

    @Test
    void jsonIsOneArrayForMachines() throws Exception {
        try (SocatPty pty = SocatPty.start(dir)) {
            Cli.Run run = Cli.run("ports", "--json", "--include", pty.a().toString());

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            JsonNode ports = new ObjectMapper().readTree(run.stdout());
            assertThat(ports.isArray()).isTrue();
            assertThat(ports).anySatisfy(port -> {
                assertThat(port.get("path").asText()).isEqualTo(pty.a().toString());
                assertThat(port.get("hint").asText()).isEqualTo(PortsCommand.PTY);
                assertThat(port.get("source").asText()).isEqualTo("include");
                assertThat(port.get("description").asText()).startsWith("link to /dev/pts/");
            });
        }
    }

    @Test
    void aMissingIncludedPathIsAUsageError() {
        Cli.Run run = Cli.run("ports", "--include", dir.resolve("absent").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("no such file").contains("absent");
    }

    @Test
    void rfcommNodesAreFoundByName() throws Exception {
        for (String name : new String[] {"rfcomm0", "rfcomm12", "rfcommX", "ttyS0", "xrfcomm1"}) {
            Files.createFile(dir.resolve(name));
        }
        assertThat(PortsCommand.rfcommNodes(dir)).containsExactly(dir.resolve("rfcomm0"), dir.resolve("rfcomm12"));
        assertThat(PortsCommand.rfcommNodes(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void hintsFollowTheDeviceName() {
        assertThat(PortsCommand.hint("/dev/rfcomm0", "/dev/rfcomm0", false)).isEqualTo(PortsCommand.BLUETOOTH);
        assertThat(PortsCommand.hint("/dev/ttyUSB0", "/dev/ttyUSB0", false)).isEqualTo(PortsCommand.USB_UART);
        assertThat(PortsCommand.hint("/dev/ttyACM1", "/dev/ttyACM1", false)).isEqualTo(PortsCommand.USB_UART);
        assertThat(PortsCommand.hint("/dev/serial/by-id/usb-FTDI", "/dev/ttyUSB3", true))
                .isEqualTo(PortsCommand.USB_UART);
        assertThat(PortsCommand.hint("/tmp/gw", "/dev/pts/7", false)).isEqualTo(PortsCommand.PTY);
        assertThat(PortsCommand.hint("/dev/ttyS0", "/dev/ttyS0", false)).isEqualTo(PortsCommand.UART);
        assertThat(PortsCommand.hint("/dev/ttyXYZ", "/dev/ttyXYZ", false)).isEmpty();
    }

    @Test
    void helpShowsExamples() {
        Cli.Run run = Cli.run("ports", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("Examples:").contains("pumplink ports --json").contains("rfcomm");
    }
}
