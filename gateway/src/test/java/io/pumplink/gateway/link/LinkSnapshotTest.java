package io.pumplink.gateway.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.message.MessageStats;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A snapshot is a value: the link's counters move on, what was taken does not. */
class LinkSnapshotTest {
    @Test
    void countersAreCopiedWhenTheSnapshotIsTaken() {
        LinkCounters live = new LinkCounters();
        live.acksSent.increment();
        live.frameReceived(1_000L);

        LinkSnapshot taken = snapshot(live);
        live.acksSent.add(4);
        live.faults.increment();
        live.frameReceived(2_000L);

        assertThat(taken.counters().acksSent()).isEqualTo(1);
        assertThat(taken.counters().faults()).isZero();
        assertThat(taken.counters().lastFrameReceivedMs()).hasValue(1_000L);
        assertThat(snapshot(live).counters()).isEqualTo(live.snapshot())
                .extracting(LinkCounts::acksSent).isEqualTo(5L);
        assertThat(snapshot(live)).as("equal values, equal snapshots").isEqualTo(snapshot(live));
    }

    private static LinkSnapshot snapshot(LinkCounters live) {
        return new LinkSnapshot("bench-1", "tcp:127.0.0.1:7410", false, false, LinkState.UP, "HELLO from PRG-1",
                500L, Optional.empty(), new FrameStats(), new MessageStats(), live);
    }
}
