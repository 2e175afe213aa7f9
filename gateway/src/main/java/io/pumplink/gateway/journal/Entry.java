package io.pumplink.gateway.journal;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One journal entry. Equality compares the payload's content; {@link #toString()} never shows it, because a
 * payload is patient data.
 *
 * @param sequence     journal-wide, increasing, starting at 1
 * @param appendedAtMs gateway wall clock when the append was accepted
 * @param payload      the stored bytes
 * @param identity     the caller's duplicate-detection key, if any
 */
public record Entry(long sequence, long appendedAtMs, byte[] payload, Optional<String> identity) {
    public Entry {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(identity, "identity");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Entry e && sequence == e.sequence && appendedAtMs == e.appendedAtMs
                && Arrays.equals(payload, e.payload) && identity.equals(e.identity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, appendedAtMs, Arrays.hashCode(payload), identity);
    }

    @Override
    public String toString() {
        return "Entry[sequence=" + sequence + ", payload=" + payload.length + " bytes, identity="
                + identity.map(id -> id.length() + " chars").orElse("none") + "]";
    }
}
