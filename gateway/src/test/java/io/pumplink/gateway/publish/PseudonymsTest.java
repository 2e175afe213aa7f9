package io.pumplink.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PseudonymsTest {
    static final String KEY = "0123456789abcdef0123456789abcdef";
    /**
     * Computed outside the gateway, with Python's standard library:
     * <pre>
     * d = hmac.new(b"0123456789abcdef0123456789abcdef", b"pumplink/pump-serial/v1\x00NGP-4711", hashlib.sha256)
     * "p-" + base64.b32encode(d.digest()[:16]).decode().rstrip("=").lower()
     * </pre>
     */
    static final String NGP_4711 = "p-dszeip2cdz3vi3hlqzgvvdzopa";

    @TempDir
    Path dir;

    private static Pseudonyms keyed(String key) {
        return Pseudonyms.keyed(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSerialsPseudonymIsTheTruncatedHmacInLowercaseBase32() {
        assertThat(keyed(KEY).pseudonym("NGP-4711")).isEqualTo(NGP_4711);
    }

    @Test
    void aPseudonymIsStablePerKey() {
        Pseudonyms one = keyed(KEY);
        assertThat(one.pseudonym("NGP-4711")).isEqualTo(one.pseudonym("NGP-4711"))
                .isEqualTo(keyed(KEY).pseudonym("NGP-4711"));
    }

    @Test
    void differentKeysGiveDifferentPseudonyms() {
        assertThat(keyed(KEY).pseudonym("NGP-4711")).isNotEqualTo(keyed(KEY.toUpperCase()).pseudonym("NGP-4711"));
    }

    @Test
    void theEmptySerialStaysEmpty() {
        assertThat(keyed(KEY).pseudonym("")).isEmpty();
    }

    @Test
    void withoutAKeyASerialIsItsOwnName() {
        assertThat(Pseudonyms.IDENTITY.pseudonym("NGP-4711")).isEqualTo("NGP-4711");
        assertThat(Pseudonyms.IDENTITY.keyed()).isFalse();
        assertThat(keyed(KEY).keyed()).isTrue();
    }

    @Test
    void manySerialsNeverShareAPseudonym() {
        Pseudonyms pseudonyms = keyed(KEY);
        int serials = 3 * Pseudonyms.CACHED_SERIALS; // beyond the cache, too
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < serials; i++) {
            String pseudonym = pseudonyms.pseudonym("NGP-" + i);
            assertThat(pseudonym).matches("p-[a-z2-7]{26}");
            seen.add(pseudonym);
        }
        assertThat(seen).hasSize(serials);
    }

    @Test
    void pseudonymsAreTheSameFromManyThreads() {
        Pseudonyms shared = keyed(KEY);
        Pseudonyms reference = keyed(KEY);
        Set<String> wrong = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 20_000).parallel().forEach(i -> {
            String serial = "NGP-" + (i % 500);
            if (!shared.pseudonym(serial).equals(reference.pseudonym(serial))) {
                wrong.add(serial);
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void theKeyIsNeverShown() {
        assertThat(keyed(KEY).toString()).doesNotContain(KEY);
    }

    @Test
    void aKeyFileGivesItsFirstLineTrimmed() throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "  " + KEY + " \nignored\n");
        assertThat(Pseudonyms.fromKeyFile(file).pseudonym("NGP-4711")).isEqualTo(NGP_4711);
    }

    @Test
    void aMissingKeyFileIsRefusedWithTheReason() {
        Path file = dir.resolve("no-key");
        assertThatThrownBy(() -> Pseudonyms.fromKeyFile(file)).isInstanceOf(Pseudonyms.KeyFileException.class)
                .hasMessage("cannot read " + file + ": no such file or directory");
    }

    @Test
    void aShortKeyIsRefusedWithoutShowingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "short-key-of-31-bytes----------\n");
        assertThatThrownBy(() -> Pseudonyms.fromKeyFile(file)).isInstanceOf(Pseudonyms.KeyFileException.class)
                .hasMessage(file + ": 31 bytes after trimming, at least 32 needed (e.g. openssl rand -hex 32)")
                .message().doesNotContain("short-key");
    }

    @Test
    void anUnreadableKeyFileIsRefused() throws Exception {
        Path writeOnly = Files.writeString(dir.resolve("key"), KEY);
        Files.setPosixFilePermissions(writeOnly, PosixFilePermissions.fromString("-w-------"));
        boolean root = Files.isReadable(writeOnly); // root reads anything: a directory stands in
        Path file = root ? Files.createDirectory(dir.resolve("key-dir")) : writeOnly;
        assertThatThrownBy(() -> Pseudonyms.fromKeyFile(file)).isInstanceOf(Pseudonyms.KeyFileException.class)
                .hasMessage("cannot read " + file + ": " + (root ? "Is a directory" : "permission denied"));
    }

    @Test
    void aKeyFileReadableByOthersIsWarnedAboutOnceWithoutTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("key"), KEY);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(loggedWhileReading(file)).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains(file.toString(), "chmod 600").doesNotContain(KEY);
        });
    }

    @Test
    void aKeyFileForItsOwnerOnlyIsNotWarnedAbout() throws Exception {
        Path file = Files.writeString(dir.resolve("key"), KEY);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(loggedWhileReading(file)).isEmpty();
    }

    @Test
    void aBinaryKeyFileIsRefusedWithAHint() throws Exception {
        byte[] binary = new byte[40];
        binary[0] = (byte) 0xC3; // a lead byte without its continuation: not UTF-8
        Path file = Files.write(dir.resolve("key"), binary);
        assertThatThrownBy(() -> Pseudonyms.fromKeyFile(file)).isInstanceOf(Pseudonyms.KeyFileException.class)
                .hasMessage(file + ": not text; write the key as text (e.g. openssl rand -hex 32)");
    }

    private static List<ILoggingEvent> loggedWhileReading(Path file) throws Pseudonyms.KeyFileException {
        Logger logger = (Logger) LoggerFactory.getLogger(Pseudonyms.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            Pseudonyms.fromKeyFile(file);
        } finally {
            logger.detachAppender(logged);
        }
        return logged.list;
    }
}
