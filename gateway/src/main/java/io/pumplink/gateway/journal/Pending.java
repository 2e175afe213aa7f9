package io.pumplink.gateway.journal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** An accepted append on its way to disk; its sequence is fixed, its future completes after the fsync. */
record Pending(long sequence, long appendedAtMs, byte[] payload, Optional<String> identity, byte[] identityBytes,
               long enqueuedNanos, CompletableFuture<Entry> future) {

    int recordLength() {
        return RecordFormat.recordLength(identityBytes.length, payload.length);
    }

    Entry entry() {
        return new Entry(sequence, appendedAtMs, payload, identity);
    }
}
