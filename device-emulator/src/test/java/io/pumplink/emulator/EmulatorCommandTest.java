package io.pumplink.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.emulator.scenario.ProtocolRevision;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --ptl-revision}: one scenario run as either revision. */
class EmulatorCommandTest {

    @Test
    void thePtlRevisionFlagOverridesTheScenarioAndTheDefault(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("t.yaml"), "name: t\nprogrammer: { protocolRevision: \"1.1\" }\n");

        assertThat(revision("--scenario", file.toString())).isEqualTo(ProtocolRevision.V1_1);
        assertThat(revision("--scenario", file.toString(), "--ptl-revision", "1.0")).isEqualTo(ProtocolRevision.V1_0);
        assertThat(revision()).as("the default scenario").isEqualTo(ProtocolRevision.V1_0);
        assertThat(revision("--ptl-revision", "1.1")).isEqualTo(ProtocolRevision.V1_1);
    }

    @Test
    void anUnknownRevisionIsAUsageErrorBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new EmulatorCommand());
        command.setErr(new PrintWriter(err, true));

        int exit = command.execute("--listen", "tcp:127.0.0.1:" + TestScenarios.freePort(), "--duration", "1s",
                "--ptl-revision", "1.2");

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString())
                .contains("Invalid value for option '--ptl-revision': must be \"1.0\" or \"1.1\", got \"1.2\"");
    }

    private static ProtocolRevision revision(String... args) {
        EmulatorCommand command = new EmulatorCommand();
        new CommandLine(command).parseArgs(args);
        return command.scenario().programmer().protocolRevision();
    }
}
