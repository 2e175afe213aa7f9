package io.pumplink.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.journal.JournalSettings;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.TestPki;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pumplink gateway} refuses to start on a configuration it cannot run: exit code 2 and one line on
 * stderr naming the key and the reason, no stack trace.
 */
class GatewayStartupErrorsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aJournalDirectoryThatIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("journal"), "not a directory");
        assertRefused(gateway("--journal", file.toString()), "gateway: journal.dir: " + file
                + " is a file, not a directory");
    }

    @Test
    void aJournalDirectoryWithoutItsParent() {
        Path journal = dir.resolve("no/such/journal");
        assertRefused(gateway("--journal", journal.toString()), "gateway: journal.dir: parent directory "
                + journal.getParent() + " does not exist");
    }

    /** A directory its owner made read-only; as root (who writes anywhere) a procfs directory stands in. */
    @Test
    void anUnwritableJournalDirectory() throws Exception {
        Path journal = Files.createDirectory(dir.resolve("journal"));
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("r-x------"));
        if (Files.isWritable(journal)) {
            journal = Path.of("/proc/self"); // procfs refuses new files even to root
        }
        assertRefused(gateway("--journal", journal.toString()), "gateway: journal.dir: " + journal
                + " is not writable by this user");
    }

    @Test
    void aJournalLockedByAnotherGateway() throws Exception {
        Path journal = dir.resolve("journal");
        try (Journal other = Journal.open(new JournalSettings(journal, 1 << 20, 4096, Duration.ZERO, 64, 100))) {
            assertRefused(gateway("--journal", journal.toString()), "gateway: journal.dir: " + journal
                    + " is locked by another gateway (or another Journal in this process)");
        }
    }

    @Test
    void anHttpHostThatDoesNotResolve() throws Exception {
        Path token = Files.writeString(dir.resolve("http-token"), "t0ken\n");
        Path config = Files.writeString(dir.resolve("gateway.yaml"),
                "http: {host: no-such-host.invalid, port: 0, tokenFile: \"" + token + "\"}\n");
        assertRefused(gateway("--config", config.toString()),
                "gateway: http.host: cannot resolve \"no-such-host.invalid\"");
    }

    @Test
    void anHttpPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Cli.Run run = Cli.run(args("--http-port", Integer.toString(taken.getLocalPort())));
            assertThat(run.exitCode()).isEqualTo(GatewayCommand.CONFIGURATION_ERROR);
            assertThat(errorLines(run)).singleElement().asString()
                    .startsWith("gateway: http.port: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
        }
    }

    @Test
    void aMissingHttpTokenFile() throws Exception {
        Path token = dir.resolve("http-token");
        Path config = Files.writeString(dir.resolve("gateway.yaml"),
                "http: {host: 0.0.0.0, port: 0, tokenFile: \"" + token + "\"}\n");
        assertRefused(gateway("--config", config.toString()), "gateway: http.tokenFile: cannot read " + token
                + ": no such file or directory");
    }

    @Test
    void aMissingPseudonymKeyFile() throws Exception {
        Path key = dir.resolve("pseudonym-key");
        assertRefused(gateway("--config", config("mqtt: {pseudonymKeyFile: \"" + key + "\"}\n").toString()),
                "gateway: mqtt.pseudonymKeyFile: cannot read " + key + ": no such file or directory");
    }

    @Test
    void aPseudonymKeyTooShortIsRefusedWithoutShowingIt() throws Exception {
        Path key = Files.writeString(dir.resolve("pseudonym-key"), "  too-short-a-key  \n");
        assertRefused(gateway("--config", config("mqtt: {pseudonymKeyFile: \"" + key + "\"}\n").toString()),
                "gateway: mqtt.pseudonymKeyFile: " + key + ": 15 bytes after trimming, at least 32 needed (e.g."
                        + " openssl rand -hex 32)");
    }

    @Test
    void anUnreadablePseudonymKeyFile() throws Exception {
        Path writeOnly = Files.writeString(dir.resolve("pseudonym-key"), "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(writeOnly, PosixFilePermissions.fromString("-w-------"));
        boolean root = Files.isReadable(writeOnly); // root reads anything: a directory stands in
        Path key = root ? Files.createDirectory(dir.resolve("key-dir")) : writeOnly;
        assertRefused(gateway("--config", config("mqtt: {pseudonymKeyFile: \"" + key + "\"}\n").toString()),
                "gateway: mqtt.pseudonymKeyFile: cannot read " + key + ": "
                        + (root ? "Is a directory" : "permission denied"));
    }

    @Test
    void aMissingCaFile() {
        Path ca = dir.resolve("ca.crt");
        assertRefused(gateway("--mqtt", "ssl://127.0.0.1:1", "--mqtt-ca", ca.toString()),
                "gateway: mqtt.caFile: " + ca + ": cannot read: no such file or directory");
    }

    @Test
    void aKeyFileThatIsNoKey() throws Exception {
        TestPki pki = TestPki.create(dir, "ca");
        TestPki.Issued client = pki.client("gateway", "gw");
        assertRefused(gateway("--mqtt", "ssl://127.0.0.1:1", "--mqtt-ca", pki.caFile().toString(),
                        "--mqtt-cert", client.certFile().toString(), "--mqtt-key", client.certFile().toString()),
                "gateway: mqtt.keyFile: " + client.certFile() + ": not an unencrypted private key (PKCS#8, PKCS#1"
                        + " or SEC1 PEM); decrypt it with openssl pkey");
    }

    @Test
    void aBrokerRefusingTheClientCertificateStopsTheGateway() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create("cafile {dir}/ca.crt", "certfile {dir}/server.crt",
                "keyfile {dir}/server.key", "require_certificate true", "use_identity_as_username true")) {
            TestPki pki = TestPki.create(broker.dir(), "ca");
            pki.server("server", "broker.test");
            broker.start();
            Cli.Running gateway = Cli.start(args("--mqtt", broker.sslUri("127.0.0.1").toString(),
                    "--mqtt-ca", pki.caFile().toString()));
            Cli.Run run = gateway.await(TIMEOUT);
            assertThat(run.exitCode()).isEqualTo(GatewayCommand.CONFIGURATION_ERROR);
            assertThat(errorLines(run)).containsExactly("gateway: mqtt.certFile: the broker refused the client"
                    + " certificate (none, unknown CA, expired or revoked) (set mqtt.retryOnAuthFailure: true to keep"
                    + " retrying)");
        }
    }

    private Path config(String yaml) throws Exception {
        return Files.writeString(dir.resolve("gateway.yaml"), yaml);
    }

    private String[] gateway(String... flags) {
        return args(flags);
    }

    /** A gateway with one link to nowhere, {@code flags}, and its own journal and any free port unless given. */
    private String[] args(String... flags) {
        List<String> given = List.of(flags);
        List<String> all = new ArrayList<>(List.of("gateway", "--tcp", "127.0.0.1:1"));
        all.addAll(given);
        if (!given.contains("--journal")) {
            all.addAll(List.of("--journal", dir.resolve("default-journal").toString()));
        }
        if (!given.contains("--http-port")) {
            all.addAll(List.of("--http-port", "0"));
        }
        return all.toArray(String[]::new);
    }

    private static void assertRefused(String[] args, String line) {
        Cli.Run run = Cli.run(args);
        assertThat(run.exitCode()).isEqualTo(GatewayCommand.CONFIGURATION_ERROR);
        assertThat(errorLines(run)).as(run.stderr()).containsExactly(line);
    }

    /** The lines the command itself wrote, without its start-up banner. */
    private static List<String> errorLines(Cli.Run run) {
        return run.stderr().lines().filter(line -> line.startsWith("gateway: ")).toList();
    }
}
