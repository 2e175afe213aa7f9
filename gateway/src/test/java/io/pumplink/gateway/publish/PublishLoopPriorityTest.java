package io.pumplink.gateway.publish;

import static io.pumplink.gateway.model.TestFrames.PUMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.journal.JournalSettings;
import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.TestFrames;
import io.pumplink.gateway.mqtt.Fixtures;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.MqttPublisher;
import io.pumplink.gateway.mqtt.Probe;
import io.pumplink.gateway.store.JournalRecords;
import io.pumplink.protocol.message.AlarmState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue-10 finding: a reliable alarm waited behind every status frame journaled before it (p99 43 s at 16 links
 * × 1 000 frames/s). With a backlog of 20 000 status frames ahead of it, the alarm reaches a subscriber before
 * the backlog's first thousand, and everything is still published and released.
 */
class PublishLoopPriorityTest {
    private static final String TOPICS = Topics.DEFAULT_PREFIX + "/pumps/" + PUMP + "/";
    private static final int BACKLOG = 20_000;

    @TempDir
    Path dir;

    @Test
    void anAlarmGoesAheadOfABacklogOfStatusFrames() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.launch("max_queued_messages 100000");
             Probe subscriber = Probe.connect(broker.uri(), "priority-subscriber");
             Journal journal = Journal.open(JournalSettings.defaults(dir.resolve("journal")))) {
            subscriber.subscribe(TOPICS + "#", 1);
            for (int i = 0; i < BACKLOG; i++) {
                journal.append(JournalRecords.encode(TestFrames.received(i, TestFrames.battery(PUMP), TestFrames.TS)),
                        Optional.empty());
            }
            journal.append(JournalRecords.encode(TestFrames.received(BACKLOG, TestFrames.alarm(PUMP, 9,
                    AlarmState.RAISED), TestFrames.TS)), Optional.of("alarm-9"), true).join();

            MqttPublisher mqtt = Fixtures.publisher(broker.uri(), "priority-gw", 100);
            DispatcherFixture fixture = new DispatcherFixture(dir, ClinicalSettings.DEFAULTS, false);
            PublishLoop loop = new PublishLoop(journal, fixture.dispatcher, mqtt, System::currentTimeMillis,
                    Duration.ofMinutes(5), 2048);
            try {
                mqtt.start();
                loop.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> journal.depth() == 0);
            } finally {
                loop.close();
                mqtt.close();
            }

            List<Probe.Msg> received = subscriber.received();
            int alarmAt = indexOf(received, TOPICS + "alarm");
            assertThat(alarmAt).as("place of the alarm among %d publications", received.size()).isBetween(0, 1_000);
            assertThat(subscriber.deviceAlarms(TOPICS + "alarm")).as("published once").hasSize(1);
            assertThat(subscriber.on(TOPICS + "battery")).as("the backlog, merged while it waited").isNotEmpty();
        }
    }

    private static int indexOf(List<Probe.Msg> received, String topic) {
        for (int i = 0; i < received.size(); i++) {
            if (received.get(i).topic().equals(topic)) {
                return i;
            }
        }
        return -1;
    }
}
