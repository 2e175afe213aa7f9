package io.pumplink.protocol.frame;

/** Why a delimited run of bytes is not a valid frame; ICD section 2, in the order they are checked. */
public enum InvalidReason {
    /** COBS decoding failed. */
    COBS_ERROR,
    /** Decoded size under the 12-byte minimum. */
    TOO_SHORT,
    /** Decoded size over 1036 bytes, or an undelimited run over the run limit (discarded as it arrived). */
    TOO_LONG,
    /** CRC-32C does not match. */
    CRC_MISMATCH,
    /** The length field disagrees with the decoded size. */
    LENGTH_MISMATCH,
    /** Version is not 1. */
    BAD_VERSION,
    /** Undefined flag bits or the reserved byte are set. */
    RESERVED_BITS,
    /** The stream ended (link closed, capture cut) before the frame's delimiter. */
    TRUNCATED
}
