package io.pumplink.protocol.message;

import java.util.Optional;

/** NAK reasons. */
public enum NakReason implements WireCode {
    UNKNOWN_TYPE(1),
    PAYLOAD_TOO_SHORT(2),
    INVALID_FIELD(3),
    NO_HELLO_YET(4);

    private final int code;

    NakReason(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static Optional<NakReason> of(int code) {
        return WireCode.lookup(values(), code);
    }
}
