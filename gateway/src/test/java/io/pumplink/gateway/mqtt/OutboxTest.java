package io.pumplink.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private final Outbox outbox = new Outbox(0); // merges whenever latest state waits

    @Test
    void nothingIsSentWithoutAConnection() {
        outbox.add(pending(1));
        assertThat(outbox.nextToSend()).isNull();
        assertThat(outbox.waiting()).isEqualTo(1);
    }

    @Test
    void noMoreThanTheBoundIsInFlight() {
        for (int seq = 1; seq <= 5; seq++) {
            outbox.add(pending(seq));
        }
        outbox.open(2);
        Pending first = outbox.nextToSend();
        Pending second = outbox.nextToSend();
        assertThat(outbox.nextToSend()).isNull();
        assertThat(List.of(first.sequence(), second.sequence())).containsExactly(1L, 2L);

        assertThat(outbox.complete(first)).isTrue();
        assertThat(outbox.complete(first)).as("a second acknowledgement frees nothing").isFalse();
        assertThat(outbox.nextToSend().sequence()).isEqualTo(3);
        assertThat(outbox.nextToSend()).isNull();
        assertThat(outbox.inFlight()).isEqualTo(2);
        assertThat(outbox.peakInFlight()).isEqualTo(2);
    }

    @Test
    void aLostConnectionPutsWhatWasInFlightBackFirstInOrderAndDropsItsStatus() {
        outbox.open(10);
        outbox.addFirst(new Pending(Fixtures.status("gw", "online"), 0, true));
        for (int seq = 1; seq <= 4; seq++) {
            outbox.add(pending(seq));
        }
        List<Pending> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(outbox.nextToSend());
        }
        outbox.complete(sent.get(2)); // seq 2 acknowledged; status and seq 1, 3 unacknowledged; 4 waiting

        assertThat(outbox.connectionLost()).isEqualTo(2);
        assertThat(outbox.bound()).isZero();
        assertThat(outbox.nextToSend()).isNull();
        outbox.open(10);
        List<Long> order = new ArrayList<>();
        for (Pending next = outbox.nextToSend(); next != null; next = outbox.nextToSend()) {
            order.add(next.sequence());
        }
        assertThat(order).containsExactly(1L, 3L, 4L);
    }

    @Test
    void putBackReturnsAPublicationToTheHead() {
        outbox.open(1);
        outbox.add(pending(1));
        outbox.add(pending(2));
        Pending first = outbox.nextToSend();
        outbox.putBack(first);
        assertThat(outbox.inFlight()).isZero();
        assertThat(outbox.nextToSend()).isSameAs(first);
    }

    @Test
    void clearReturnsEverythingAndClosesTheWindow() {
        outbox.open(1);
        outbox.add(pending(1));
        outbox.add(pending(2));
        outbox.nextToSend();
        assertThat(outbox.clear()).extracting(Pending::sequence).containsExactly(1L, 2L);
        assertThat(outbox.waiting() + outbox.inFlight() + outbox.bound()).isZero();
    }

    @Test
    void eventsGoBeforeLatestStateWhateverTheirOrderOfArrival() {
        outbox.add(latest(1, "pumps/A/reservoir"));
        outbox.add(latest(2, "pumps/B/reservoir"));
        outbox.add(pending(3));
        outbox.open(10);

        assertThat(drain()).containsExactly(3L, 1L, 2L);
    }

    /** A slow broker gets each topic's current state, once, in the order the topics first waited. */
    @Test
    void latestStateWaitingForATopicIsReplacedByTheNewerOneAndCompletesWithIt() {
        Pending oldA = latest(1, "pumps/A/reservoir");
        Pending b = latest(2, "pumps/B/reservoir");
        Pending newA = latest(3, "pumps/A/reservoir");
        outbox.add(oldA);
        outbox.add(b);
        outbox.add(newA);
        outbox.open(10);

        List<Pending> sent = new ArrayList<>();
        for (Pending next = outbox.nextToSend(); next != null; next = outbox.nextToSend()) {
            sent.add(next);
        }
        assertThat(sent).containsExactly(newA, b);
        assertThat(outbox.coalesced()).isEqualTo(1);
        assertThat(oldA.future()).isNotDone();
        outbox.complete(newA);
        newA.future().complete(null);
        assertThat(oldA.future()).as("released with its replacement").isCompleted();
    }

    @Test
    void belowTheThresholdLatestStateIsNotMerged() {
        Outbox burst = new Outbox(3);
        for (int seq = 1; seq <= 5; seq++) {
            burst.add(latest(seq, "pumps/A/reservoir"));
        }
        burst.open(10);
        List<Long> order = new ArrayList<>();
        for (Pending next = burst.nextToSend(); next != null; next = burst.nextToSend()) {
            order.add(next.sequence());
        }
        assertThat(order).as("3 wait unmerged, then 4 is replaced by 5").containsExactly(1L, 2L, 3L, 5L);
        assertThat(burst.coalesced()).isEqualTo(1);
    }

    /** Whatever was merged, every future completes once what was sent is acknowledged. */
    @Test
    void everyFutureCompletesAfterMergingAboveTheThreshold() {
        Outbox merging = new Outbox(4);
        List<Pending> all = new ArrayList<>();
        merging.open(2);
        for (int seq = 1; seq <= 60; seq++) {
            Pending pending = latest(seq, "pumps/A/battery");
            all.add(pending);
            merging.add(pending);
            if (seq % 10 == 0) {
                sendAndAcknowledge(merging);
            }
        }
        while (merging.waiting() + merging.inFlight() > 0) {
            sendAndAcknowledge(merging);
        }
        assertThat(merging.coalesced()).isPositive();
        assertThat(all).allSatisfy(pending -> assertThat(pending.future()).as("seq " + pending.sequence())
                .isCompleted());
    }

    /** Found by the bench: 20 000 merges chained as dependent futures overflowed the stack, silently. */
    @Test
    void twentyThousandMergesCompleteWithTheOneSent() {
        List<Pending> all = new ArrayList<>();
        for (int seq = 1; seq <= 20_000; seq++) {
            Pending pending = latest(seq, "pumps/A/battery");
            all.add(pending);
            outbox.add(pending);
        }
        outbox.open(10);
        Pending sent = outbox.nextToSend();
        assertThat(outbox.nextToSend()).isNull();
        sent.future().complete(null);

        assertThat(sent.sequence()).isEqualTo(20_000);
        assertThat(all).allSatisfy(pending -> assertThat(pending.future()).isCompleted());
    }

    private static void sendAndAcknowledge(Outbox box) {
        for (Pending next = box.nextToSend(); next != null; next = box.nextToSend()) {
            box.complete(next);
            next.future().complete(null);
        }
    }

    @Test
    void eventsAreNeverMerged() {
        outbox.add(pending(1));
        outbox.add(pending(2));
        outbox.open(10);
        assertThat(drain()).containsExactly(1L, 2L);
        assertThat(outbox.coalesced()).isZero();
    }

    /** After a drop, a resent latest state that a newer one already replaces is not sent again. */
    @Test
    void aLostConnectionResendsLatestStateUnlessANewerOneWaits() {
        outbox.open(10);
        outbox.add(latest(1, "pumps/A/reservoir"));
        outbox.add(latest(2, "pumps/B/reservoir"));
        Pending a = outbox.nextToSend();
        Pending b = outbox.nextToSend();
        outbox.add(latest(3, "pumps/A/reservoir"));
        outbox.add(latest(4, "pumps/C/reservoir"));

        assertThat(outbox.connectionLost()).isEqualTo(2);
        outbox.open(10);
        assertThat(drain()).containsExactly(2L, 3L, 4L);
        assertThat(a.future()).isNotDone();
        assertThat(b.sequence()).isEqualTo(2);
    }

    private List<Long> drain() {
        List<Long> order = new ArrayList<>();
        for (Pending next = outbox.nextToSend(); next != null; next = outbox.nextToSend()) {
            order.add(next.sequence());
        }
        return order;
    }

    private static Pending latest(long seq, String topic) {
        return new Pending(Fixtures.telemetry(topic, (int) seq), seq, false, true);
    }

    private static Pending pending(long seq) {
        return new Pending(Fixtures.telemetry("pumplink/gw/t", (int) seq), seq, false);
    }
}
