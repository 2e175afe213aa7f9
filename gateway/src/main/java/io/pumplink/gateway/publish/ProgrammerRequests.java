package io.pumplink.gateway.publish;

import io.pumplink.protocol.message.CommandResult;
import io.pumplink.proto.v1.RequestKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Admission of MQTT requests to one programmer, so that requests cannot flood a link to an implanted pump:
 * at most {@code maxPending} requesters wait at once (the rest are refused "queue full"); a request of a kind
 * already on its way shares that answer (no second frame); a new frame needs a token of the per-minute bucket
 * ("rate limit"). A requester stops counting as waiting when its answer, failure or timeout, is in.
 */
final class ProgrammerRequests {
    private final int maxPending;
    private final TokenBucket frames;
    private final Map<RequestKind, CompletableFuture<CommandResult>> onTheirWay = new EnumMap<>(RequestKind.class);
    private int waiting;

    ProgrammerRequests(int maxPending, int maxPerMinute, LongSupplier nanoTime) {
        this.maxPending = maxPending;
        this.frames = new TokenBucket(maxPerMinute, nanoTime);
    }

    /**
     * @param send sends the frame and bounds the wait (the link's future with its timeout); called at most once
     * @return this requester's answer; refused ones fail at once with {@link RequestRefusal.RequestRefused}
     */
    synchronized CompletableFuture<CommandResult> submit(RequestKind kind,
                                                         Supplier<CompletableFuture<CommandResult>> send) {
        if (waiting >= maxPending) {
            return CompletableFuture.failedFuture(RequestRefusal.QUEUE_FULL.exception());
        }
        CompletableFuture<CommandResult> answer = onTheirWay.get(kind);
        if (answer == null) {
            if (!frames.tryTake()) {
                return CompletableFuture.failedFuture(RequestRefusal.RATE_LIMIT.exception());
            }
            CompletableFuture<CommandResult> sent = send.get();
            onTheirWay.put(kind, sent);
            sent.whenComplete((result, failure) -> answered(kind, sent));
            answer = sent;
        }
        waiting++;
        return answer.whenComplete((result, failure) -> left());
    }

    private synchronized void answered(RequestKind kind, CompletableFuture<CommandResult> sent) {
        onTheirWay.remove(kind, sent);
    }

    private synchronized void left() {
        waiting--;
    }
}
