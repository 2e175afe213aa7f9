package io.pumplink.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.gateway.model.TestFrames;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.Packet;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
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

        assertThat(JournalRecords.decode(JournalRecords.encode(frame))).isEqualTo(frame);
    }

    @Property(tries = 200)
    void originAndHeaderRoundTrip(@ForAll @StringLength(max = 64) @CharRange(from = 0x20, to = 0x7E) String linkId,
                                  @ForAll @StringLength(max = 16) @CharRange(from = 0x20, to = 0x7E) String serial,
                                  @ForAll long receiveTimeMs, @ForAll @IntRange(max = 0xFFFF) int seq) {
        ReceivedFrame frame = new ReceivedFrame(linkId, serial, receiveTimeMs,
                Packet.of(seq, TestFrames.alarm(TestFrames.PUMP, 9, 1, 1)).asRetransmit());

        assertThat(JournalRecords.decode(JournalRecords.encode(frame))).isEqualTo(frame);
    }

    @Test
    void wrongVersionIsRefused() {
        byte[] entry = JournalRecords.encode(FRAME);
        entry[0] = 2;

        assertThatIllegalArgumentException().isThrownBy(() -> JournalRecords.decode(entry))
                .withMessage("journal record version 2");
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

    /** A record in the journal's layout around the given frame bytes. */
    private static byte[] entry(byte[] rawFrame) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF(TestFrames.LINK);
            out.writeUTF(TestFrames.PROGRAMMER);
            out.writeLong(TestFrames.TS);
            out.writeInt(rawFrame.length);
            out.write(rawFrame);
        }
        return bytes.toByteArray();
    }
}
