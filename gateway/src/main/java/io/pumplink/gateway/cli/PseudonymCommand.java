package io.pumplink.gateway.cli;

import io.pumplink.gateway.publish.Pseudonyms;
import io.pumplink.gateway.publish.Topics;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pumplink pseudonym}: where a known pump's data is when the gateways pseudonymise pump serials. */
@Command(name = "pseudonym", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the pseudonym a gateway with mqtt.pseudonymKeyFile gives each pump SERIAL in its topics"
                + " (and, unless mqtt.serialsInPayload, in its payloads), one line each: serial, pseudonym and the"
                + " topic filter of that pump's data, separated by tabs.",
            "Needs the gateways' key file: whoever holds it can map serials to topics, so keep it 0600."},
        footer = {"", "Examples:",
            "  pumplink pseudonym --key /etc/pumplink/pseudonym-key NGP-4711",
            "  pumplink watch --mqtt tcp://broker:1883 \\",
            "      --topic \"$(pumplink pseudonym --key /etc/pumplink/pseudonym-key NGP-4711 | cut -f3)\"",
            "", "Output:",
            "  NGP-4711\tp-dszeip2cdz3vi3hlqzgvvdzopa\tpumplink/v1/pumps/p-dszeip2cdz3vi3hlqzgvvdzopa/#"})
public final class PseudonymCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the gateways' mqtt.pseudonymKeyFile")
    private Path key;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Topics.DEFAULT_PREFIX,
            description = "the gateways' mqtt.topicPrefix (default: ${DEFAULT-VALUE})")
    private String topicPrefix;

    @Parameters(arity = "1..*", paramLabel = "SERIAL", description = "pump serials, as the pump reports them")
    private List<String> serials;

    @Override
    public Integer call() {
        Topics topics = WatchCommand.prefix(spec.commandLine(), topicPrefix);
        Pseudonyms pseudonyms;
        try {
            pseudonyms = Pseudonyms.fromKeyFile(key);
        } catch (Pseudonyms.KeyFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--key: " + e.getMessage());
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        for (String serial : serials) {
            String pseudonym = pseudonyms.pseudonym(serial);
            out.println(serial + "\t" + pseudonym + "\t" + topics.pump(pseudonym, "#"));
        }
        return 0;
    }
}
