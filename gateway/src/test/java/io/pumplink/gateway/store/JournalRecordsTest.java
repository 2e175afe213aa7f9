package io.pumplink.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.gateway.model.AlertKind;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.model.TestFrames;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.Packet;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JournalRecordsTest {
    private static final ReceivedFrame FRAME = TestFrames.received(44, TestFrames.flow(TestFrames.PUMP, 20_833),
            TestFrames.TS + 250);

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyMessageTypeRoundTrips(MessageType type) {
        ReceivedFrame frame = TestFrames.received(7, TestFrames.oneOfEach().get(type), TestFrames.TS + 250);

        assertThat(JournalRecords.decode(JournalRecords.encode(frame))).isEqualTo(new JournalRecord.Frame(frame));
    }

    @Property(tries = 200)
    void originAndHeaderRoundTrip(@ForAll @StringLength(max = 64) @CharRange(from = 0x20, to = 0x7E) String linkId,
                                  @ForAll @StringLength(max = 16) @CharRange(from = 0x20, to = 0x7E) String serial,
                                  @ForAll @LongRange(max = 0xFFFF_FFFFL) long capabilities,
                                  @ForAll long receiveTimeMs, @ForAll @IntRange(max = 0xFFFF) int seq) {
        ReceivedFrame frame = new ReceivedFrame(linkId, serial, capabilities, receiveTimeMs,
                Packet.of(seq, TestFrames.alarm(TestFrames.PUMP, 9, 1, 1)).asRetransmit());

        assertThat(JournalRecords.decode(JournalRecords.encode(frame))).isEqualTo(new JournalRecord.Frame(frame));
    }

    @Test
    void identityConflictRoundTripsWithItsTag() {
        JournalRecord.Frame conflict = new JournalRecord.Frame(FRAME, Optional.of("conflict-0123456789abcdef"));

        assertThat(JournalRecords.decode(JournalRecords.encode(FRAME, conflict.identityConflict())))
                .isEqualTo(conflict);
    }

    @Property(tries = 200)
    void gatewayAlertRoundTrips(@ForAll AlertKind kind, @ForAll AlarmPriority priority, @ForAll boolean raised,
                                @ForAll @LongRange(min = 1, max = 0xFFFF_FFFFL) long alarmId, @ForAll long atMs,
                                @ForAll int detail, @ForAll @StringLength(max = 200) String reason) {
        GatewayAlert alert = new GatewayAlert(TestFrames.PUMP, kind, alarmId, priority,
                raised ? AlarmState.RAISED : AlarmState.CLEARED, atMs, detail, reason);

        assertThat(JournalRecords.decode(JournalRecords.encode(alert))).isEqualTo(new JournalRecord.Alert(alert));
    }

    /** Journals written before schema 2 hold version 1 records: they still recover, as frames of a 1.0 programmer. */
    @Test
    void version1RecordStillReadsWithNoCapabilities() throws IOException {
        byte[] raw = FrameCodec.toBytes(MessageCodec.encode(FRAME.packet()));

        assertThat(JournalRecords.decode(entry(raw))).isEqualTo(new JournalRecord.Frame(new ReceivedFrame(
                TestFrames.LINK, TestFrames.PROGRAMMER, 0, TestFrames.TS, FRAME.packet())));
    }

    @Test
    void wrongVersionIsRefused() {
        byte[] entry = JournalRecords.encode(FRAME);
        entry[0] = 3;

        assertThatIllegalArgumentException().isThrownBy(() -> JournalRecords.decode(entry))
                .withMessage("journal record version 3");
    }

    @Test
    void unknownKindIsRefused() {
        byte[] entry = JournalRecords.encode(FRAME);
        entry[1] = 9;

        assertThatIllegalArgumentException().isThrownBy(() -> JournalRecords.decode(entry))
                .withMessage("journal record kind 9");
    }

    @Test
    void truncatedEntryIsRefused() {
        byte[] entry = JournalRecords.encode(FRAME);

        assertThatIllegalArgumentException().isThrownBy(() -> JournalRecords.decode(new byte[0]));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JournalRecords.decode(Arrays.copyOf(entry, entry.length - 1)));
        assertThatIllegalArgumentException().isThrownBy(() -> JournalRecords.decode(Arrays.copyOf(entry, 10)))
                .withMessage("journal record truncated");
    }

    @Test
    void flippedFrameByteFailsTheCrc() {
        byte[] entry = JournalRecords.encode(FRAME);
        entry[entry.length - 10] ^= 0x01;

        assertThatIllegalArgumentException().isThrownBy(() -> JournalRecords.decode(entry))
                .withMessageStartingWith("journal record holds an invalid frame");
    }

    @Test
    void validFrameWithoutAUsableMessageIsRefused() throws IOException {
        byte[] unknownType = FrameCodec.toBytes(new Frame(0x7F, 0, 1, new byte[3]));

        assertThatIllegalArgumentException().isThrownBy(() -> JournalRecords.decode(entry(unknownType)))
                .withMessageStartingWith("journal record holds an unusable frame");
    }

    /** A version 1 record (schema 1 journals) around the given frame bytes. */
    private static byte[] entry(byte[] rawFrame) throws IOException {
        return version1(TestFrames.PROGRAMMER, rawFrame);
    }

    /** The layout JournalRecords wrote before schema 2, from {@code programmer} on TestFrames' link at TS. */
    static byte[] version1(String programmer, byte[] rawFrame) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF(TestFrames.LINK);
            out.writeUTF(programmer);
            out.writeLong(TestFrames.TS);
            out.writeInt(rawFrame.length);
            out.write(rawFrame);
        }
        return bytes.toByteArray();
    }
}
