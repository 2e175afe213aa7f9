package io.pumplink.protocol.message;

import java.util.Optional;

/** Results of a gateway request (COMMAND_RESULT.result). */
public enum CommandOutcome implements WireCode {
    OK(0),
    NO_PUMP_IN_RANGE(1),
    BUSY(2),
    UNSUPPORTED(3);

    private final int code;

    CommandOutcome(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static Optional<CommandOutcome> of(int code) {
        return WireCode.lookup(values(), code);
    }
}
