package io.pumplink.gateway.cli;

import io.pumplink.emulator.EmulatorCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pumplink} command line: one jar, one subcommand per job. */
@Command(name = "pumplink", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "PumpLink: PTL v1 pump programmer links to MQTT 5 (read-only; never changes therapy).",
        subcommands = {GatewayCommand.class, EmulatorCommand.class, DecodeCommand.class, WatchCommand.class,
            RequestCommand.class, PseudonymCommand.class, BridgeCommand.class, PortsCommand.class, DemoCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class PumpLinkCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PumpLinkCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
