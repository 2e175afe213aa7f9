package io.pumplink.protocol.message;

import java.util.Map;

/** The message layer's counters of one link at one moment: a value, unlike the live {@link MessageStats}. */
public record MessageCounts(Map<MessageType, Long> decoded, Map<NakReason, Long> rejected) {
    public MessageCounts {
        decoded = Map.copyOf(decoded);
        rejected = Map.copyOf(rejected);
    }

    public long decoded(MessageType type) {
        return decoded.getOrDefault(type, 0L);
    }

    public long rejected(NakReason reason) {
        return rejected.getOrDefault(reason, 0L);
    }
}
