package io.pumplink.gateway.link;

/** Where a link stands; published retained per link, so operators see why data stopped. */
public enum LinkState {
    /** Opening the port or connecting, including the wait before a retry. */
    CONNECTING,
    /** The byte stream is open; no HELLO yet. */
    AWAITING_HELLO,
    /** HELLO received and answered. */
    UP,
    /** Nothing received for three heartbeat intervals, or the stream failed. */
    LOST,
    /** Closed on purpose (shutdown). */
    STOPPED,
    /** The programmer speaks a protocol version this gateway does not. */
    REJECTED
}
