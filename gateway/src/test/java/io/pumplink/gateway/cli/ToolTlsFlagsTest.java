package io.pumplink.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.TestPki;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator tools take the gateway's TLS flags; a problem names the flag. */
class ToolTlsFlagsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingCaFileIsAUsageErrorNamingTheFlag() {
        Cli.Run run = Cli.run("watch", "--mqtt", "ssl://127.0.0.1:1", "--mqtt-ca", dir.resolve("ca.crt").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("--mqtt-ca: " + dir.resolve("ca.crt")
                + ": cannot read: no such file or directory");
    }

    @Test
    void tlsFilesForAClearTextBrokerAreRefused() {
        Cli.Run run = Cli.run("watch", "--mqtt", "tcp://127.0.0.1:1", "--mqtt-ca", dir.resolve("ca.crt").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("--mqtt-ca/--mqtt-cert/--mqtt-key need an ssl:// broker URI");
    }

    @Test
    void aRefusedClientCertificateNamesTheFlagAndAValidOneConnects() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create("cafile {dir}/ca.crt", "certfile {dir}/server.crt",
                "keyfile {dir}/server.key", "require_certificate true", "use_identity_as_username true")) {
            TestPki pki = TestPki.create(broker.dir(), "ca");
            pki.server("server", "broker.test");
            TestPki.Issued monitor = pki.client("monitor", "pumplink-monitor");
            broker.start();
            String uri = broker.sslUri("127.0.0.1").toString();

            Cli.Run refused = Cli.run("watch", "--mqtt", uri, "--mqtt-ca", pki.caFile().toString(), "--count", "1");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.stderr()).contains("watch: " + uri + ": the broker refused the client certificate",
                    "check --mqtt-cert");

            Cli.Run connected = Cli.run("watch", "--mqtt", uri, "--mqtt-ca", pki.caFile().toString(),
                    "--mqtt-cert", monitor.certFile().toString(), "--mqtt-key", monitor.keyFile().toString(),
                    "--duration", "200ms");
            assertThat(connected.stderr()).contains("watch: connected to " + uri);
            assertThat(connected.exitCode()).isZero();
        }
    }
}
