package io.pumplink.gateway.store;

import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.Packet;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A digest of each recent reliable frame's content, by identity, so that a frame with a known identity can be told
 * apart as a retransmission (same content) or an identity conflict (other content) on the link's event loop,
 * without reading the original back from disk.
 *
 * <p>Memory only: after a restart the digests of frames stored before it are unknown, and a frame with one of
 * their identities is taken for a retransmission, as the ICD's rule has it.
 */
final class FrameDigests {
    /** Bytes of SHA-256 kept: 64 bits make an accidental match of two contents negligible. */
    private static final int DIGEST_BYTES = Long.BYTES;
    private static final String CONFLICT_PREFIX = "conflict-";

    private final Map<String, Long> byIdentity;

    /** @param retention identities kept, the oldest forgotten first (the journal's identity retention) */
    FrameDigests(int retention) {
        byIdentity = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > retention;
            }
        };
    }

    /**
     * The content of a frame: its type and payload, without the header (seq and RETRANSMIT differ between
     * a frame and its retransmission).
     */
    static long digest(Packet packet) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sha256.update((byte) packet.type().code());
        sha256.update(MessageCodec.encode(packet).payload());
        return ByteBuffer.wrap(sha256.digest(), 0, DIGEST_BYTES).getLong();
    }

    /** The suffix that gives a conflicting frame an identity and message id of its own. */
    static String conflictTag(long digest) {
        return CONFLICT_PREFIX + HexFormat.of().toHexDigits(digest);
    }

    synchronized void remember(String identity, long digest) {
        byIdentity.remove(identity); // re-inserted at the young end
        byIdentity.put(identity, digest);
    }

    /** True only when the identity's content is known and is not this one. */
    synchronized boolean differs(String identity, long digest) {
        Long known = byIdentity.get(identity);
        return known != null && known != digest;
    }
}
