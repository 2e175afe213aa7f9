package io.pumplink.gateway.journal;

import java.io.IOException;

/** The journal directory cannot be used: a file, no parent, not writable, or locked by another gateway. */
public final class JournalDirectoryException extends IOException {
    JournalDirectoryException(String message) {
        super(message);
    }
}
