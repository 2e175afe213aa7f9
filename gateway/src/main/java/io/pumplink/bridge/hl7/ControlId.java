package io.pumplink.bridge.hl7;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * MSH-10 of the message built for one published message id: the first {@link #LENGTH} hex digits of its SHA-256.
 * Receivers de-duplicate on MSH-10, so a redelivery (after a bridge restart, a lost ACK) must carry the same one;
 * and MSH-10 is an ST of at most 20 characters in v2.6, which a message id (topic-like, may name the pump) is not.
 */
final class ControlId {
    static final int LENGTH = 20;

    private ControlId() {
    }

    static String of(String messageId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
