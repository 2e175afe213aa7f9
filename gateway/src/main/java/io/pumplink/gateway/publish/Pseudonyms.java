package io.pumplink.gateway.publish;

import io.pumplink.config.FileReasons;
import io.pumplink.gateway.config.SecretFile;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pump serials as they appear in topic levels when {@code mqtt.pseudonymKeyFile} is set (README "Pseudonymised
 * topics"): {@code "p-"} + lowercase base32 (RFC 4648, no padding) of the first 16 bytes of
 * HMAC-SHA256(key, {@value #DOMAIN_TEXT} NUL + UTF-8 serial). Stable per key, unlinkable to the serial without it.
 * {@link #IDENTITY} (no key) names every serial by itself, so the publishing code has one path. Thread-safe.
 */
public final class Pseudonyms {
    /** The shortest key accepted, in bytes after trimming: HMAC-SHA256's own output size. */
    public static final int MIN_KEY_BYTES = 32;
    /** Serials whose pseudonym is kept; a gateway sees a few hundred pumps, beyond this they are recomputed. */
    static final int CACHED_SERIALS = 4096;
    static final String DOMAIN_TEXT = "pumplink/pump-serial/v1";
    /** Separates this use of the key from any other, and the domain from the serial. */
    private static final byte[] DOMAIN = (DOMAIN_TEXT + "\0").getBytes(StandardCharsets.US_ASCII);
    private static final String PREFIX = "p-";
    /** 128 bits: no two of a clinic's pumps share a pseudonym, and it stays a short topic level. */
    private static final int PSEUDONYM_BYTES = 16;
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Set<PosixFilePermission> SHARED = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);
    private static final Logger LOG = LoggerFactory.getLogger(Pseudonyms.class);

    public static final Pseudonyms IDENTITY = new Pseudonyms(null);

    /** Null for {@link #IDENTITY}. Never shown. */
    private final SecretKeySpec key;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    private Pseudonyms(SecretKeySpec key) {
        this.key = key;
    }

    /** @param key at least {@link #MIN_KEY_BYTES} */
    public static Pseudonyms keyed(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a pseudonym key has at least " + MIN_KEY_BYTES + " bytes");
        }
        return new Pseudonyms(new SecretKeySpec(key, ALGORITHM));
    }

    /**
     * The key in {@code file}: its first line, trimmed, as UTF-8 bytes (text, so that {@code openssl rand -hex 32}
     * makes one). Warns once when the file is readable by group or others.
     */
    public static Pseudonyms fromKeyFile(Path file) throws KeyFileException {
        String text;
        try {
            text = SecretFile.read(file).strip();
        } catch (CharacterCodingException e) {
            throw new KeyFileException(file + ": not text; write the key as text (e.g. openssl rand -hex 32)");
        } catch (IOException e) {
            throw new KeyFileException("cannot read " + file + ": " + FileReasons.of(e));
        }
        byte[] key = text.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_KEY_BYTES) {
            throw new KeyFileException(file + ": " + key.length + " bytes after trimming, at least " + MIN_KEY_BYTES
                    + " needed (e.g. openssl rand -hex 32)");
        }
        warnIfShared(file);
        return keyed(key);
    }

    private static void warnIfShared(Path file) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(SHARED::contains)) {
                LOG.warn("pseudonym key file {} is readable by group or others, who could then map pumps to their"
                        + " topics: chmod 600 it", file);
            }
        } catch (IOException e) {
            LOG.warn("pseudonym key file {}: cannot read its permissions: {}", file, FileReasons.of(e));
        }
    }

    /** Whether names are pseudonyms; false for {@link #IDENTITY}. */
    public boolean keyed() {
        return key != null;
    }

    /** The pseudonym of {@code serial}; the empty serial (no pump) stays empty. */
    public String pseudonym(String serial) {
        if (key == null || serial.isEmpty()) {
            return serial;
        }
        String cached = cache.get(serial);
        if (cached != null) {
            return cached;
        }
        String pseudonym = compute(serial);
        if (cache.size() < CACHED_SERIALS) {
            cache.putIfAbsent(serial, pseudonym);
        }
        return pseudonym;
    }

    private String compute(String serial) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // one per call: a Mac is not thread-safe, and the cache makes calls rare
            mac.init(key);
            mac.update(DOMAIN);
            byte[] digest = mac.doFinal(serial.getBytes(StandardCharsets.UTF_8));
            return PREFIX + base32(digest, PSEUDONYM_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        }
    }

    /** RFC 4648 base32 of the first {@code length} bytes, lowercase, without padding. */
    private static String base32(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder((length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < length; i++) {
            buffer = buffer << 8 | bytes[i] & 0xFF;
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt(buffer >> bits - 5 & 0x1F));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt(buffer << 5 - bits & 0x1F));
        }
        return out.toString();
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return key == null ? "Pseudonyms[none]" : "Pseudonyms[keyed]";
    }

    /** A key file that cannot be used; the message names the file and the reason, never the key. */
    public static final class KeyFileException extends Exception {
        KeyFileException(String message) {
            super(message);
        }
    }
}
