package io.pumplink.protocol.message;

/**
 * A gateway's read-only request to a programmer (G→P, reliable), answered by a {@link CommandResult} with the
 * same request id.
 */
public sealed interface Request extends Message permits RequestInterrogation, RequestStatus {
    long requestId();
}
