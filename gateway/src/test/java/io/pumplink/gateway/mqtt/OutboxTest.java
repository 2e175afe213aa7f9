package io.pumplink.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private final Outbox outbox = new Outbox();

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

    private static Pending pending(long seq) {
        return new Pending(Fixtures.telemetry("pumplink/gw/t", (int) seq), seq, false);
    }
}
