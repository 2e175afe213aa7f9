package io.pumplink.protocol.message;

/**
 * A field value the ICD forbids (NAK reason 3). Thrown by a payload decoder and turned into a
 * {@link RejectedFrame} by {@link MessageCodec}; it never leaves the protocol layer.
 */
public final class InvalidFieldException extends Exception {
    private final String field;

    public InvalidFieldException(String field, String why) {
        super(field + ": " + why, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
