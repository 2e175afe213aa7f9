package io.pumplink.gateway.journal;

/**
 * An append was refused for lack of room: the journal already holds {@code maxBytes} of unreleased data, or
 * {@code maxUncommitted} appends wait for the disk (links take frames faster than it writes them). The caller must
 * not ACK: the programmer keeps the frame and retransmits it. An {@link IllegalStateException}, like a full
 * {@link java.util.Queue#add}.
 */
public final class JournalFullException extends IllegalStateException {
    private JournalFullException(String message) {
        super(message);
    }

    static JournalFullException full(long bytes, long maxBytes) {
        return new JournalFullException("journal full: " + bytes + " unreleased bytes, limit " + maxBytes);
    }

    static JournalFullException busy(long uncommitted, long maxUncommitted) {
        return new JournalFullException("journal busy: " + uncommitted + " appends wait for the disk, limit "
                + maxUncommitted);
    }
}
