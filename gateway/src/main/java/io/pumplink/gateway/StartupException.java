package io.pumplink.gateway;

/**
 * The gateway cannot start because of something the operator sets: the message is one line, the configuration
 * key first, then the reason ({@code journal.dir: /var/lib/pumplink is locked by another gateway}).
 */
public final class StartupException extends RuntimeException {
    public StartupException(String key, String reason) {
        super(key + ": " + reason);
    }
}
