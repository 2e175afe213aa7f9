package io.pumplink.gateway.journal;

/**
 * An append was refused because the journal already holds {@code maxBytes} of unreleased data. The caller must
 * not ACK: the programmer keeps the frame and retransmits it. An {@link IllegalStateException}, like a full
 * {@link java.util.Queue#add}.
 */
public final class JournalFullException extends IllegalStateException {
    JournalFullException(long bytes, long maxBytes) {
        super("journal full: " + bytes + " unreleased bytes, limit " + maxBytes);
    }
}
