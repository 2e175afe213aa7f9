package io.pumplink.gateway.store;

import static io.pumplink.gateway.model.TestFrames.PUMP;
import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.gateway.journal.Entry;
import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.journal.JournalSettings;
import io.pumplink.gateway.link.FrameStore.Stored;
import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.gateway.model.TestFrames;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.Packet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalFrameStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private Journal journal;

    @AfterEach
    void close() throws Exception {
        journal.close();
    }

    private JournalFrameStore open(JournalSettings settings) throws Exception {
        journal = Journal.open(settings);
        return new JournalFrameStore(journal);
    }

    private static Stored stored(CompletableFuture<Stored> future) {
        return future.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    private static ReceivedFrame frame(int seq, Message message) {
        return TestFrames.received(seq, message, TestFrames.TS);
    }

    private List<Entry> entries() {
        return journal.readAfter(0, 100);
    }

    @Test
    void storedFrameReadsBackFromTheJournal() throws Exception {
        JournalFrameStore store = open(JournalSettings.defaults(dir));
        ReceivedFrame frame = frame(43, TestFrames.alarm(PUMP, 9, AlarmState.RAISED));

        assertThat(stored(store.store(frame))).isEqualTo(Stored.NEW);

        assertThat(entries()).singleElement().satisfies(entry -> {
            assertThat(JournalRecords.decode(entry.payload())).isEqualTo(new JournalRecord.Frame(frame));
            assertThat(entry.identity()).contains("alarm:NGP-4711:9:1");
        });
    }

    @Test
    void reliableFrameStoredTwiceIsADuplicateAndKeptOnce() throws Exception {
        JournalFrameStore store = open(JournalSettings.defaults(dir));
        Message entry = TestFrames.entry(PUMP, 7, 3);
        ReceivedFrame original = frame(10, entry);
        // the same LOG_ENTRY resent after a reconnect: new seq, RETRANSMIT set
        ReceivedFrame resent = new ReceivedFrame(TestFrames.LINK, TestFrames.PROGRAMMER, TestFrames.CAPABILITIES_1_0,
                TestFrames.TS + 900, Packet.of(2, entry).asRetransmit());

        assertThat(stored(store.store(original))).isEqualTo(Stored.NEW);
        assertThat(stored(store.store(resent))).isEqualTo(Stored.DUPLICATE);

        assertThat(entries()).singleElement()
                .satisfies(stored -> assertThat(JournalRecords.decode(stored.payload()))
                        .isEqualTo(new JournalRecord.Frame(original)));
    }

    @Test
    void unreliableFramesAreNeverDeduplicated() throws Exception {
        JournalFrameStore store = open(JournalSettings.defaults(dir));
        ReceivedFrame reservoir = frame(10, TestFrames.reservoir(PUMP, 12_345, 2000));

        assertThat(stored(store.store(reservoir))).isEqualTo(Stored.NEW);
        assertThat(stored(store.store(reservoir))).isEqualTo(Stored.NEW);

        assertThat(entries()).hasSize(2).allSatisfy(entry -> assertThat(entry.identity()).isEmpty());
    }

    @Test
    void fullJournalRefusesTheStoreButStillAcksADuplicate() throws Exception {
        // the smallest journal: one 256-byte segment, two at most
        JournalFrameStore store = open(new JournalSettings(dir, 512, 256, Duration.ZERO, 16, 100));
        ReceivedFrame alarm = frame(1, TestFrames.alarm(PUMP, 9, AlarmState.RAISED));
        stored(store.store(alarm));
        for (int seq = 2; !journal.full(); seq++) {
            stored(store.store(frame(seq, TestFrames.battery(PUMP))));
        }

        assertThat(stored(store.store(frame(100, TestFrames.entry(PUMP, 7, 0))))).isEqualTo(Stored.FULL);
        assertThat(store.refusedWhileFull()).isOne();
        // a retransmission of a frame already stored is still answered: the programmer may drop it
        assertThat(stored(store.store(alarm))).isEqualTo(Stored.DUPLICATE);
    }

    /**
     * Defect 6: PUMP_TELEMETRY_LOST id 3 from two programmers. Before the fix the second was "alarm::3:1" like the
     * first, answered DUPLICATE (ACKed) and never published.
     */
    @Test
    void defect6SameProgrammerAlarmIdFromTwoProgrammersIsStoredTwice() throws Exception {
        JournalFrameStore store = open(JournalSettings.defaults(dir));
        Packet lost = Packet.of(5, TestFrames.alarm("", 3, 0x0101, AlarmState.RAISED.code()));

        assertThat(stored(store.store(new ReceivedFrame(TestFrames.LINK, "PRG-000001", 7, TestFrames.TS, lost))))
                .isEqualTo(Stored.NEW);
        assertThat(stored(store.store(new ReceivedFrame("bench-2", "PRG-000002", 7, TestFrames.TS, lost))))
                .isEqualTo(Stored.NEW);
        assertThat(stored(store.store(new ReceivedFrame("bench-2", "PRG-000002", 7, TestFrames.TS + 500,
                lost.asRetransmit())))).isEqualTo(Stored.DUPLICATE);

        assertThat(entries()).map(entry -> entry.identity().orElseThrow())
                .containsExactly("programmer-alarm:PRG-000001:3:1", "programmer-alarm:PRG-000002:3:1");
    }

    /**
     * A journal written before the fix holds a programmer alarm as a version 1 record under the old identity: it
     * still recovers, and another programmer's alarm with that id is not mistaken for it.
     */
    @Test
    void aJournalFromBeforeTheFixStillRecovers() throws Exception {
        Packet lost = Packet.of(5, TestFrames.alarm("", 3, 0x0101, AlarmState.RAISED.code()));
        byte[] version1 = JournalRecordsTest.version1("PRG-000001",
                FrameCodec.toBytes(MessageCodec.encode(lost)));
        try (Journal old = Journal.open(JournalSettings.defaults(dir))) {
            old.append(version1, Optional.of("alarm::3:1")).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        JournalFrameStore store = open(JournalSettings.defaults(dir));

        assertThat(JournalRecords.decode(entries().get(0).payload())).isEqualTo(new JournalRecord.Frame(
                new ReceivedFrame(TestFrames.LINK, "PRG-000001", 0, TestFrames.TS, lost)));
        assertThat(stored(store.store(new ReceivedFrame("bench-2", "PRG-000002", 7, TestFrames.TS, lost))))
                .isEqualTo(Stored.NEW);
        assertThat(entries()).hasSize(2);
    }
    /**
     * Issue 11 item 5: MOTOR_STALL high under the identity of an earlier LOW_RESERVOIR low (same pump, alarm id and
     * state) was ACKed as a duplicate and never published. It is an identity conflict: stored under an identity of
     * its own, marked, counted; a retransmission of either frame is still a duplicate.
     */
    @Test
    void sameIdentityWithOtherContentIsStoredAsAConflictAndCounted() throws Exception {
        JournalFrameStore store = open(JournalSettings.defaults(dir));
        Packet lowReservoir = Packet.of(10, new Alarm(TestFrames.TS, PUMP, 9, 0x0001, 1, AlarmState.RAISED.code(), 0));
        Packet motorStall = Packet.of(11, new Alarm(TestFrames.TS, PUMP, 9, 0x0004, 3, AlarmState.RAISED.code(), 0));

        assertThat(stored(store.store(received(lowReservoir)))).isEqualTo(Stored.NEW);
        assertThat(stored(store.store(received(motorStall)))).isEqualTo(Stored.NEW);
        assertThat(stored(store.store(received(lowReservoir.asRetransmit())))).isEqualTo(Stored.DUPLICATE);
        assertThat(stored(store.store(received(motorStall.asRetransmit())))).isEqualTo(Stored.DUPLICATE);

        assertThat(entries()).hasSize(2);
        JournalRecord.Frame conflict = (JournalRecord.Frame) JournalRecords.decode(entries().get(1).payload());
        assertThat(conflict.frame().packet()).isEqualTo(motorStall);
        assertThat(conflict.identityConflict()).hasValueSatisfying(tag -> assertThat(tag).startsWith("conflict-"));
        assertThat(entries().get(1).identity()).contains("alarm:NGP-4711:9:1:" + conflict.identityConflict().get());
        assertThat(store.identityConflicts()).isOne();
    }

    private static ReceivedFrame received(Packet packet) {
        return new ReceivedFrame(TestFrames.LINK, TestFrames.PROGRAMMER, TestFrames.CAPABILITIES_1_0, TestFrames.TS,
                packet);
    }
}
