package io.pumplink.gateway.journal;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongPredicate;

/**
 * The most recent identities, oldest first, with what {@link Journal#existing(String)} needs of each: the
 * sequence, and the append's future while the entry is not durable yet. Guarded by the journal's lock.
 */
final class IdentityIndex {
    /** An identity whose entry is durable: what the identity file keeps. */
    record Known(String identity, long sequence, long appendedAtMs) {
    }

    /** @param pending the append's future until the entry is durable, then null */
    record Ref(long sequence, long appendedAtMs, CompletableFuture<Entry> pending) {
    }

    private final Map<String, Ref> refs;

    IdentityIndex(int retention, List<Known> known) {
        refs = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Ref> eldest) {
                return size() > retention;
            }
        };
        known.stream().sorted(Comparator.comparingLong(Known::sequence))
                .forEach(k -> put(k.identity(), new Ref(k.sequence(), k.appendedAtMs(), null)));
    }

    Ref get(String identity) {
        return refs.get(identity);
    }

    void pending(String identity, long sequence, long appendedAtMs, CompletableFuture<Entry> future) {
        put(identity, new Ref(sequence, appendedAtMs, future));
    }

    void durable(String identity, long sequence) {
        refs.computeIfPresent(identity, (id, ref) ->
                ref.sequence() == sequence ? new Ref(sequence, ref.appendedAtMs(), null) : ref);
    }

    /** Drops an identity whose append failed, so that a retransmission is stored instead of waiting on it. */
    void forget(String identity, long sequence) {
        refs.computeIfPresent(identity, (id, ref) -> ref.sequence() == sequence ? null : ref);
    }

    /** The durable identities whose sequence {@code stored} rejects, oldest first. */
    List<Known> durableOutside(LongPredicate stored) {
        return refs.entrySet().stream()
                .filter(e -> e.getValue().pending() == null && !stored.test(e.getValue().sequence()))
                .map(e -> new Known(e.getKey(), e.getValue().sequence(), e.getValue().appendedAtMs()))
                .toList();
    }

    /** Re-inserting moves the identity to the young end, so retention keeps the most recent appends. */
    private void put(String identity, Ref ref) {
        refs.remove(identity);
        refs.put(identity, ref);
    }
}
