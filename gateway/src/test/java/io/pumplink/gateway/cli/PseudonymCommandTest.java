package io.pumplink.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymCommandTest {
    /** The vector of PseudonymsTest, computed there with Python's hmac and base64. */
    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String NGP_4711 = "p-dszeip2cdz3vi3hlqzgvvdzopa";

    @TempDir
    Path dir;

    @Test
    void printsEachSerialWithItsPseudonymAndTopicFilter() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), KEY + "\n");

        Cli.Run run = Cli.run("pseudonym", "--key", key.toString(), "--topic-prefix", "clinic/v1", "NGP-4711",
                "NGP-4712");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().lines()).hasSize(2)
                .startsWith("NGP-4711\t" + NGP_4711 + "\tclinic/v1/pumps/" + NGP_4711 + "/#")
                .allMatch(line -> line.matches("NGP-471[12]\tp-[a-z2-7]{26}\tclinic/v1/pumps/p-[a-z2-7]{26}/#"));
    }

    @Test
    void aKeyTooShortIsAUsageErrorNamingTheFlag() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "short\n");

        Cli.Run run = Cli.run("pseudonym", "--key", key.toString(), "NGP-4711");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--key: " + key + ": 5 bytes after trimming, at least 32 needed")
                .doesNotContain("short\n");
        assertThat(run.stdout()).isEmpty();
    }
}
