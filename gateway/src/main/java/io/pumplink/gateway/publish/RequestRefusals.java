package io.pumplink.gateway.publish;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refused requests: counted by reason (read by {@code GatewayMetrics}), and logged once per streak: the first
 * refusal for a reason is logged, the rest are only counted until a programmer answers a request again. No payload, no
 * response topic (the requester's text) in the log: only the reason and the programmer this gateway holds.
 */
public final class RequestRefusals {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRefusals.class);

    private final Map<RequestRefusal, LongAdder> counts = new EnumMap<>(RequestRefusal.class);
    private final Set<RequestRefusal> streaks = EnumSet.noneOf(RequestRefusal.class);

    public RequestRefusals() {
        for (RequestRefusal reason : RequestRefusal.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    /** @param programmer the held programmer's serial, or a description when the gateway holds none */
    void refused(RequestRefusal reason, String programmer) {
        counts.get(reason).increment();
        boolean first;
        synchronized (streaks) {
            first = streaks.add(reason);
        }
        if (first) {
            LOG.warn("request to {} refused: {}; further refusals for this reason are only counted"
                    + " (pumplink_requests_refused_total) until a request is answered", programmer, reason.error());
        }
    }

    void answered() {
        synchronized (streaks) {
            streaks.clear();
        }
    }

    public long count(RequestRefusal reason) {
        return counts.get(reason).sum();
    }
}
