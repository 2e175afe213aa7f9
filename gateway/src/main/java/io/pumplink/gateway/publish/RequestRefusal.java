package io.pumplink.gateway.publish;

import java.util.Locale;

/**
 * Why the gateway refused an MQTT request before anything was sent to a programmer; the metric tag of
 * {@code pumplink_requests_refused_total{reason}} and, where an answer may be sent, the reply's error.
 */
public enum RequestRefusal {
    /** The programmer already has {@code requests.maxPendingPerProgrammer} requesters waiting. */
    QUEUE_FULL("queue full"),
    /** The programmer's {@code requests.maxPerMinute} is used up. */
    RATE_LIMIT("rate limit"),
    /** No MQTT 5 response topic: there is nowhere to answer. */
    NO_RESPONSE_TOPIC("no response topic"),
    /** A response topic with + or #, which no publication may use. */
    WILDCARD_RESPONSE_TOPIC("wildcard response topic"),
    /** A response topic outside {@code requests.replyPrefix}: the gateway's own data and status topics among them. */
    RESPONSE_TOPIC_NOT_ALLOWED("response topic outside the reply prefix");

    private final String error;

    RequestRefusal(String error) {
        this.error = error;
    }

    /** For the requester and the log. */
    public String error() {
        return error;
    }

    /** The metric tag: queue_full, rate_limit, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The failure a refused request's answer completes with. */
    RequestRefused exception() {
        return new RequestRefused(this);
    }

    /** An answer that never came because the request was refused; no stack trace, it is not a fault. */
    static final class RequestRefused extends RuntimeException {
        private final RequestRefusal reason;

        RequestRefused(RequestRefusal reason) {
            super("refused: " + reason.error(), null, false, false);
            this.reason = reason;
        }

        RequestRefusal reason() {
            return reason;
        }
    }
}
