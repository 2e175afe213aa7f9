package io.pumplink.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.gateway.publish.Dispatcher;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The issue-10 finding: the dashboard tap parsed and redacted every publication on the publish loop's thread. */
class PendingChangesTest {
    private static final String PUMPS = "pumplink/v1/pumps/";

    private final PendingChanges pending = new PendingChanges(3);

    @Test
    void latestStateIsKeptOncePerTopicAndNeverParsedWhenAdded() {
        for (int i = 0; i < 10_000; i++) {
            pending.add(latest(PUMPS + "NGP-1/reservoir", new byte[] {(byte) 0xff, (byte) i})); // not an envelope
        }
        pending.add(latest(PUMPS + "NGP-2/reservoir", new byte[] {2}));

        assertThat(pending.take()).extracting(Publication::topic)
                .containsExactly(PUMPS + "NGP-1/reservoir", PUMPS + "NGP-2/reservoir");
        assertThat(pending.merged()).isEqualTo(9_999);
        assertThat(pending.take()).as("taken").isEmpty();
    }

    @Test
    void eventsComeFirstInOrderAndOnlyTheNewestAreKept() {
        pending.add(latest(PUMPS + "NGP-1/reservoir", new byte[] {1}));
        for (int id = 1; id <= 5; id++) {
            pending.add(event(PUMPS + "NGP-1/alarm", new byte[] {(byte) id}));
        }

        assertThat(pending.take()).extracting(publication -> publication.payload()[0])
                .containsExactly((byte) 3, (byte) 4, (byte) 5, (byte) 1);
        assertThat(pending.dropped()).isEqualTo(2);
    }

    @Test
    void theJsonMirrorIsLeftOut() {
        pending.add(new Publication("pumplink/v1/json/pumps/NGP-1/alarm", "{}".getBytes(), 1, false,
                Dispatcher.JSON_CONTENT_TYPE, Map.of()));
        assertThat(pending.take()).isEmpty();
    }

    private static Publication latest(String topic, byte[] payload) {
        return new Publication(topic, payload, 1, true, Dispatcher.CONTENT_TYPE, Map.of(), Optional.empty(), true);
    }

    private static Publication event(String topic, byte[] payload) {
        return new Publication(topic, payload, 1, false, Dispatcher.CONTENT_TYPE, Map.of());
    }
}
