package io.pumplink.protocol.message;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the message layer for one link: decoded messages by type, rejected frames by NAK reason. */
public final class MessageStats {
    private final Map<MessageType, LongAdder> decoded = new EnumMap<>(MessageType.class);
    private final Map<NakReason, LongAdder> rejected = new EnumMap<>(NakReason.class);

    public MessageStats() {
        for (MessageType type : MessageType.values()) {
            decoded.put(type, new LongAdder());
        }
        for (NakReason reason : NakReason.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    void count(Inbound inbound) {
        if (inbound instanceof Packet packet) {
            decoded.get(packet.type()).increment();
        } else if (inbound instanceof RejectedFrame rejectedFrame) {
            rejected.get(rejectedFrame.nakReason()).increment();
        }
    }

    public long decoded(MessageType type) {
        return decoded.get(type).sum();
    }

    public long rejected(NakReason reason) {
        return rejected.get(reason).sum();
    }

    /** The counters' values now. */
    public MessageCounts snapshot() {
        return new MessageCounts(sums(decoded, MessageType.class), sums(rejected, NakReason.class));
    }

    private static <K extends Enum<K>> Map<K, Long> sums(Map<K, LongAdder> counters, Class<K> keys) {
        Map<K, Long> sums = new EnumMap<>(keys);
        counters.forEach((key, count) -> sums.put(key, count.sum()));
        return sums;
    }
}
