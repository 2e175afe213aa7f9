package io.pumplink.protocol.message;

import java.util.Optional;

/** How an interrogation session ended. */
public enum SessionOutcome implements WireCode {
    COMPLETE(0),
    ABORTED_TELEMETRY_LOST(1),
    ABORTED_BY_USER(2);

    private final int code;

    SessionOutcome(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static Optional<SessionOutcome> of(int code) {
        return WireCode.lookup(values(), code);
    }
}
