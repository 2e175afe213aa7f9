package io.pumplink.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.pumplink.protocol.frame.Cobs;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.frame.FrameDecoder;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.frame.InvalidFrame;
import io.pumplink.protocol.frame.InvalidReason;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.MessageDecoder;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.NakReason;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.RejectedFrame;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One named test per way a frame can be malformed (ICD sections 2 and 4), fed through the real inbound pipeline.
 * Frames are written field by field as decoded bytes and {@link #framed} appends the CRC, COBS-encodes and
 * delimits them; where the malformation lives in the COBS or CRC layer, the wire bytes are written directly.
 * Each test checks the exact result and that exactly the counters it names moved, each by one.
 */
class MalformedFrameTest {
    /** ICD section 5, first vector: HEARTBEAT, seq 7, uptime 1000 ms, exactly as on the wire. */
    static final byte[] HEARTBEAT_WIRE = bytes(
            /* cobs 3: version 1, type HEARTBEAT, then flags 0 */ 0x03, 0x01, 0x03,
            /* cobs 1: reserved 0 */ 0x01,
            /* cobs 2: seq 7, 0 */ 0x02, 0x07,
            /* cobs 2: length 4, 0 */ 0x02, 0x04,
            /* cobs 3: uptime 1000 = e8 03 00 .. */ 0x03, 0xE8, 0x03,
            /* cobs 1: .. 00 */ 0x01,
            /* cobs 5: crc 0xdc8a1c6a little-endian, last block */ 0x05, 0x6A, 0x1C, 0x8A, 0xDC,
            /* delimiter */ 0x00);
    static final Packet HEARTBEAT_PACKET = new Packet(7, 0, new Heartbeat(1000));

    private final Link link = new Link();

    @AfterEach
    void releaseLink() {
        link.close();
    }

    // ---- COBS layer ----

    @Test
    void cobsCodePointingPastTheEndIsCobsError() {
        assertInvalid(cobsCodePastTheEnd(), InvalidReason.COBS_ERROR);
    }

    @Test
    void cobsLoneEmptyCodeDecodesToNothingAndIsTooShort() {
        assertInvalid(cobsLoneEmptyCode(), InvalidReason.TOO_SHORT);
    }

    @Test
    void cobsRunOfEmptyCodesDecodesToZerosAndFailsTheCrc() {
        assertInvalid(cobsOnlyEmptyCodes(), InvalidReason.CRC_MISMATCH);
    }

    @Test
    void cobsFullBlockFrameIsAcceptedWithAndWithoutTheFinalEmptyCode() {
        byte[] referenceForm = fullBlockFrame();
        assertThat(referenceForm[referenceForm.length - 2]).as("reference encoder's final code").isEqualTo((byte) 1);
        byte[] shortForm = concat(Arrays.copyOf(referenceForm, referenceForm.length - 2), bytes(/* delimiter */ 0x00));

        link.write(concat(referenceForm, shortForm));

        Packet expected = new Packet(2, 0, new Heartbeat(0x010103E8L));
        assertThat(link.drain()).containsExactly(expected, expected);
        assertThat(link.counters()).isEqualTo(Link.counts(Link.VALID, 2, Link.decoded(MessageType.HEARTBEAT), 2));
    }

    @Test
    void cobsExtraEmptyCodeAfterAFullBlockAddsAZeroByteAndFailsTheCrc() {
        assertInvalid(fullBlockFrameWithExtraEmptyCode(), InvalidReason.CRC_MISMATCH);
    }

    // ---- decoded size ----

    @Test
    void decodedSizeElevenIsTooShort() {
        assertInvalid(decodedSizeEleven(), InvalidReason.TOO_SHORT);
    }

    @Test
    void decodedSize1037WithinTheRunLimitIsTooLong() {
        byte[] wire = decodedSize1037();
        assertThat(wire.length - 1).as("encoded run").isLessThanOrEqualTo(FrameDecoder.ICD_MAX_RUN_LENGTH);
        assertInvalid(wire, InvalidReason.TOO_LONG);
    }

    // ---- CRC ----

    @Test
    void crcOffByOneBitIsCrcMismatch() {
        assertInvalid(crcOffByOneBit(), InvalidReason.CRC_MISMATCH);
    }

    @Test
    void crcStoredBigEndianIsCrcMismatch() {
        assertInvalid(crcBigEndian(), InvalidReason.CRC_MISMATCH);
    }

    // ---- header fields ----

    @Test
    void lengthFieldLargerThanPayloadIsLengthMismatch() {
        assertInvalid(heartbeatWithLength(5), InvalidReason.LENGTH_MISMATCH);
    }

    @Test
    void lengthFieldSmallerThanPayloadIsLengthMismatch() {
        assertInvalid(heartbeatWithLength(3), InvalidReason.LENGTH_MISMATCH);
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {0, 2})
    void versionOtherThanOneIsBadVersion(int version) {
        assertInvalid(heartbeatWithHeader(version, 0x00, 0x00), InvalidReason.BAD_VERSION);
    }

    @ParameterizedTest(name = "flag bit {0}")
    @ValueSource(ints = {2, 3, 4, 5, 6, 7})
    void undefinedFlagBitIsReservedBits(int bit) {
        assertInvalid(heartbeatWithHeader(0x01, 1 << bit, 0x00), InvalidReason.RESERVED_BITS);
    }

    @Test
    void nonZeroReservedByteIsReservedBits() {
        assertInvalid(heartbeatWithHeader(0x01, 0x00, 0x01), InvalidReason.RESERVED_BITS);
    }

    @Test
    void severalFaultsReportTheFirstInIcdOrder() {
        byte[] wire = framed(
                /* version 2: BAD_VERSION */ 0x02, /* type HEARTBEAT */ 0x03, /* flags bit 7: RESERVED_BITS */ 0x80,
                /* reserved */ 0x00, /* seq 7 */ 0x07, 0x00, /* length 5, payload is 4: LENGTH_MISMATCH */ 0x05, 0x00,
                /* uptime 1000 */ 0xE8, 0x03, 0x00, 0x00);
        assertInvalid(wire, InvalidReason.LENGTH_MISMATCH);
    }

    // ---- runs and the stream ----

    @Test
    void undelimitedRunOf1101BytesIsDiscardedAndTheNextFrameDecoded() {
        link.write(filled(FrameDecoder.ICD_MAX_RUN_LENGTH + 1, 0x55));
        assertThat(link.buffered()).as("discarded as it arrives").isZero();
        assertThat(link.drain()).as("reported once the run ends, with its whole length").isEmpty();

        link.write(concat(filled(300, 0x55), bytes(/* delimiter ends the discarded run */ 0x00), HEARTBEAT_WIRE));

        assertThat(link.drain()).containsExactly(
                new InvalidFrame(InvalidReason.TOO_LONG, FrameDecoder.ICD_MAX_RUN_LENGTH + 1 + 300), HEARTBEAT_PACKET);
        assertThat(link.counters()).isEqualTo(Link.counts(Link.invalid(InvalidReason.TOO_LONG), 1, Link.RESYNCS, 1,
                Link.VALID, 1, Link.decoded(MessageType.HEARTBEAT), 1));
    }

    @Test
    void runOfExactly1100BytesIsNotDiscardedAsOversized() {
        byte[] run = cobsBlocks(FrameDecoder.ICD_MAX_RUN_LENGTH);
        for (byte b : run) {
            link.write(new byte[] {b}); // byte by byte, so the run passes every length on the way to the limit
        }
        assertThat(link.drain()).as("nothing before the delimiter").isEmpty();
        assertThat(link.buffered()).isEqualTo(FrameDecoder.ICD_MAX_RUN_LENGTH);

        link.write(concat(bytes(/* delimiter */ 0x00), HEARTBEAT_WIRE));

        // decoded (1095 bytes, over the maximum frame), not discarded: no resync
        assertThat(link.drain()).containsExactly(
                new InvalidFrame(InvalidReason.TOO_LONG, FrameDecoder.ICD_MAX_RUN_LENGTH), HEARTBEAT_PACKET);
        assertThat(link.counters()).isEqualTo(Link.counts(Link.invalid(InvalidReason.TOO_LONG), 1,
                Link.VALID, 1, Link.decoded(MessageType.HEARTBEAT), 1));
    }

    @Test
    void tenThousandGarbageBytesKeepTheBufferBoundedAndCostOneFrame() {
        int read = 100;
        byte[] garbage = nonZeroGarbage(new Random(10_000), 10_000);
        for (int offset = 0; offset < garbage.length; offset += read) {
            link.write(Arrays.copyOfRange(garbage, offset, offset + read));
            link.assertBounded(read);
        }
        // the first frame after the garbage ends the discarded run: that frame is what resync costs
        byte[] lost = framedHeartbeat(6, 999);
        link.write(concat(lost, HEARTBEAT_WIRE));

        // one run: the garbage and the lost frame up to its delimiter
        assertThat(link.drain()).containsExactly(
                new InvalidFrame(InvalidReason.TOO_LONG, garbage.length + lost.length - 1), HEARTBEAT_PACKET);
        assertThat(link.counters()).isEqualTo(Link.counts(Link.invalid(InvalidReason.TOO_LONG), 1, Link.RESYNCS, 1,
                Link.VALID, 1, Link.decoded(MessageType.HEARTBEAT), 1));
    }

    @Test
    void streamClosedMidFrameIsTruncated() {
        link.write(Arrays.copyOf(HEARTBEAT_WIRE, 10));

        assertThat(link.finish()).containsExactly(new InvalidFrame(InvalidReason.TRUNCATED, 10));
        assertThat(link.counters()).isEqualTo(Link.counts(Link.invalid(InvalidReason.TRUNCATED), 1));
    }

    @Test
    void loneDelimiterBetweenFramesIsIgnored() {
        link.write(concat(HEARTBEAT_WIRE, bytes(/* idle delimiter */ 0x00), HEARTBEAT_WIRE));

        assertThat(link.drain()).containsExactly(HEARTBEAT_PACKET, HEARTBEAT_PACKET);
        assertThat(link.counters()).isEqualTo(Link.counts(Link.VALID, 2, Link.decoded(MessageType.HEARTBEAT), 2));
    }

    // ---- message layer ----

    @Test
    void unknownTypeIsRejectedKeepingTheReliableFlag() {
        assertRejected(unknownType(), new RejectedFrame(0x7F, 9, Frame.RELIABLE, NakReason.UNKNOWN_TYPE, "0x7f"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MessageType.class)
    void payloadOneByteShortIsRejected(MessageType type) {
        int length = type.minPayloadLength() - 1;
        int flags = type.reliable() ? Frame.RELIABLE : 0;
        byte[] wire = framed(concat(bytes(
                /* version */ 0x01, /* type */ type.code(), /* flags as the ICD sends it */ flags, /* reserved */ 0x00,
                /* seq 11 */ 0x0B, 0x00, /* length: one short */ length, 0x00),
                /* payload: printable filler */ filled(length, 0x20)));
        assertRejected(wire, new RejectedFrame(type.code(), 11, flags, NakReason.PAYLOAD_TOO_SHORT, type.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSerials")
    void invalidPumpSerialIsRejectedNamingTheField(byte[] pumpSerial) {
        assertRejected(reservoirStatus(pumpSerial),
                new RejectedFrame(0x11, 42, 0, NakReason.INVALID_FIELD, "pump_serial"));
    }

    /** Issue 11 item 7: the ICD (section 4, ALARM) knows only states 1 RAISED and 2 CLEARED. */
    @ParameterizedTest(name = "state {0}")
    @ValueSource(ints = {0, 3, 0xFF})
    void alarmStateOtherThanRaisedOrClearedIsAnInvalidField(int state) {
        assertRejected(alarm(state), new RejectedFrame(0x14, 43, Frame.RELIABLE, NakReason.INVALID_FIELD, "state"));
    }

    static Stream<Arguments> invalidSerials() {
        return Stream.of(
                arguments(named("control byte 0x1F", serial(0x4E, 0x47, 0x50, 0x1F, 0x34, 0x37, 0x31, 0x31))),
                arguments(named("DEL 0x7F", serial(0x4E, 0x47, 0x50, 0x7F, 0x34, 0x37, 0x31, 0x31))),
                arguments(named("high-bit byte 0x80", serial(0x4E, 0x47, 0x50, 0x80, 0x34, 0x37, 0x31, 0x31))),
                arguments(named("non-zero byte after the 0x00 padding",
                        serial(0x4E, 0x47, 0x50, 0x2D, 0x34, 0x37, 0x31, 0x31, 0x00, 0x00, 0x41))));
    }

    @Test
    void payloadLongerThanRequiredIsAcceptedAndTheExtraIgnored() {
        byte[] wire = framed(
                /* version */ 0x01, /* type HEARTBEAT */ 0x03, /* flags */ 0x00, /* reserved */ 0x00,
                /* seq 7 */ 0x07, 0x00, /* length 7: 4 required + 3 extra */ 0x07, 0x00,
                /* uptime 1000 */ 0xE8, 0x03, 0x00, 0x00, /* extra from a later minor revision */ 0xAA, 0xBB, 0xCC);

        link.write(wire);

        assertThat(link.drain()).containsExactly(HEARTBEAT_PACKET);
        assertThat(link.counters()).isEqualTo(Link.counts(Link.VALID, 1, Link.decoded(MessageType.HEARTBEAT), 1));
    }

    // ---- resynchronisation ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("delimitedGarbage")
    void frameRightAfterDelimitedGarbageIsNeverLost(byte[] garbage) {
        link.write(concat(HEARTBEAT_WIRE, garbage, HEARTBEAT_WIRE));

        List<Object> results = link.drain();
        assertThat(results).first().isEqualTo(HEARTBEAT_PACKET);
        assertThat(results).last().isEqualTo(HEARTBEAT_PACKET);
        assertThat(results.subList(1, results.size() - 1)).doesNotHaveAnyElementsOfTypes(Packet.class);
    }

    /** Every malformation above, whole with its delimiter, and other noise that ends in one. */
    static Stream<Arguments> delimitedGarbage() {
        return Stream.of(
                arguments(named("COBS code past the end", cobsCodePastTheEnd())),
                arguments(named("COBS lone empty code", cobsLoneEmptyCode())),
                arguments(named("COBS empty codes only", cobsOnlyEmptyCodes())),
                arguments(named("COBS extra empty code", fullBlockFrameWithExtraEmptyCode())),
                arguments(named("decoded size 11", decodedSizeEleven())),
                arguments(named("decoded size 1037", decodedSize1037())),
                arguments(named("CRC off by one bit", crcOffByOneBit())),
                arguments(named("CRC big-endian", crcBigEndian())),
                arguments(named("length too large", heartbeatWithLength(5))),
                arguments(named("length too small", heartbeatWithLength(3))),
                arguments(named("version 2", heartbeatWithHeader(0x02, 0x00, 0x00))),
                arguments(named("flag bit 7", heartbeatWithHeader(0x01, 0x80, 0x00))),
                arguments(named("reserved byte", heartbeatWithHeader(0x01, 0x00, 0x01))),
                arguments(named("unknown type", unknownType())),
                arguments(named("invalid pump serial", reservoirStatus(serial(0x4E, 0x47, 0x50, 0x7F)))),
                arguments(named("oversized run, delimited", concat(filled(5000, 0x55), bytes(0x00)))),
                arguments(named("noise with zeros", concat(anyGarbage(new Random(7), 700), bytes(0x00)))),
                arguments(named("idle delimiters", bytes(0x00, 0x00, 0x00))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undelimitedGarbage")
    void undelimitedGarbageCostsOnlyTheFrameItRunsInto(byte[] garbage) {
        Packet next = new Packet(8, 0, new Heartbeat(2000));
        link.write(concat(HEARTBEAT_WIRE, garbage, framedHeartbeat(6, 999), framedHeartbeat(8, 2000)));

        List<Object> results = link.drain();
        assertThat(results).first().isEqualTo(HEARTBEAT_PACKET);
        assertThat(results).last().isEqualTo(next);
        assertThat(results).hasSize(3).element(1).isInstanceOf(InvalidFrame.class);
    }

    /** Bytes with no delimiter: the frame that follows ends their run and is lost with them, and only it. */
    static Stream<Arguments> undelimitedGarbage() {
        return Stream.of(
                arguments(named("frame cut short", Arrays.copyOf(HEARTBEAT_WIRE, 9))),
                arguments(named("frame without its delimiter",
                        Arrays.copyOf(HEARTBEAT_WIRE, HEARTBEAT_WIRE.length - 1))),
                arguments(named("1101-byte run", filled(FrameDecoder.ICD_MAX_RUN_LENGTH + 1, 0x55))),
                arguments(named("10 000 bytes of noise", nonZeroGarbage(new Random(10_000), 10_000))));
    }

    // ---- the malformations, field by field ----

    private static byte[] cobsCodePastTheEnd() {
        return heartbeatWireEndingWith(/* cobs 6 announces 5 bytes, only the 4 crc bytes follow */
                0x06, 0x6A, 0x1C, 0x8A, 0xDC);
    }

    /** Code 0x01 with nothing after it: valid COBS for an empty frame. */
    private static byte[] cobsLoneEmptyCode() {
        return bytes(/* cobs 1, last block: no data */ 0x01, /* delimiter */ 0x00);
    }

    /** Thirteen empty codes: twelve zero bytes, a frame-sized run whose zero CRC does not match. */
    private static byte[] cobsOnlyEmptyCodes() {
        return concat(filled(Frame.MIN_FRAME_LENGTH + 1, 0x01), bytes(/* delimiter */ 0x00));
    }

    /**
     * A frame whose last block is a full 254 non-zero bytes (250 payload, 4 CRC), so the reference encoder ends
     * it with code 0xFF and then a final 0x01. seq 2 is chosen so that the CRC has no zero byte.
     */
    private static byte[] fullBlockFrame() {
        return framed(concat(bytes(
                        /* version */ 0x01, /* type HEARTBEAT */ 0x03, /* flags */ 0x00, /* reserved */ 0x00,
                        /* seq 2 */ 0x02, 0x00, /* length 250 */ 0xFA, 0x00,
                        /* uptime 0x010103e8 */ 0xE8, 0x03, 0x01, 0x01),
                /* extra payload, ignored */ filled(246, 0x41)));
    }

    private static byte[] fullBlockFrameWithExtraEmptyCode() {
        byte[] frame = fullBlockFrame();
        return concat(Arrays.copyOf(frame, frame.length - 1), bytes(/* cobs 1: one more zero byte */ 0x01,
                /* delimiter */ 0x00));
    }

    private static byte[] decodedSizeEleven() {
        return framed(
                /* version */ 0x01, /* type HEARTBEAT */ 0x03, /* flags */ 0x00, /* reserved */ 0x00,
                /* seq 7 */ 0x07, 0x00, /* length: its high byte is missing */ 0x00);
    }

    private static byte[] decodedSize1037() {
        return framed(concat(bytes(
                        /* version */ 0x01, /* type HEARTBEAT */ 0x03, /* flags */ 0x00, /* reserved */ 0x00,
                        /* seq 7 */ 0x07, 0x00, /* length 1025, one over the maximum */ 0x01, 0x04),
                /* payload */ filled(1025, 0x41)));
    }

    private static byte[] crcOffByOneBit() {
        return heartbeatWireEndingWith(/* cobs 5: crc with bit 0 flipped (6a -> 6b) */ 0x05, 0x6B, 0x1C, 0x8A, 0xDC);
    }

    private static byte[] crcBigEndian() {
        return heartbeatWireEndingWith(/* cobs 5: the right crc, big-endian */ 0x05, 0xDC, 0x8A, 0x1C, 0x6A);
    }

    /** The HEARTBEAT vector on the wire with its last COBS block, the CRC, replaced. */
    private static byte[] heartbeatWireEndingWith(int... lastBlock) {
        int lastBlockOffset = HEARTBEAT_WIRE.length - 6; // code and 4 CRC bytes, then the delimiter
        return concat(Arrays.copyOf(HEARTBEAT_WIRE, lastBlockOffset), bytes(lastBlock), bytes(/* delimiter */ 0x00));
    }

    /** HEARTBEAT with its 4-byte payload and the given length field. */
    private static byte[] heartbeatWithLength(int length) {
        return framed(
                /* version */ 0x01, /* type HEARTBEAT */ 0x03, /* flags */ 0x00, /* reserved */ 0x00,
                /* seq 7 */ 0x07, 0x00, /* length */ length, 0x00, /* uptime 1000, 4 bytes */ 0xE8, 0x03, 0x00, 0x00);
    }

    private static byte[] heartbeatWithHeader(int version, int flags, int reserved) {
        return framed(
                /* version */ version, /* type HEARTBEAT */ 0x03, /* flags */ flags, /* reserved */ reserved,
                /* seq 7 */ 0x07, 0x00, /* length 4 */ 0x04, 0x00, /* uptime 1000 */ 0xE8, 0x03, 0x00, 0x00);
    }

    private static byte[] framedHeartbeat(int seq, int uptimeMs) {
        return framed(
                /* version */ 0x01, /* type HEARTBEAT */ 0x03, /* flags */ 0x00, /* reserved */ 0x00,
                /* seq */ seq, seq >>> 8, /* length 4 */ 0x04, 0x00,
                /* uptime */ uptimeMs, uptimeMs >>> 8, uptimeMs >>> 16, uptimeMs >>> 24);
    }

    private static byte[] unknownType() {
        return framed(
                /* version */ 0x01, /* type: unknown */ 0x7F, /* flags RELIABLE */ 0x01, /* reserved */ 0x00,
                /* seq 9 */ 0x09, 0x00, /* length 2 */ 0x02, 0x00, /* payload */ 0x12, 0x34);
    }

    /** RESERVOIR_STATUS of ICD section 5 (seq 42, pump NGP-4711) with the given pump_serial field. */
    /** ALARM seq 43 of pump NGP-4711, alarm_id 9, LOW_RESERVOIR, medium, with the given state byte. */
    private static byte[] alarm(int state) {
        return framed(
                /* version */ 0x01, /* type ALARM */ 0x14, /* flags RELIABLE */ 0x01, /* reserved */ 0x00,
                /* seq 43 */ 0x2B, 0x00, /* length 36 */ 0x24, 0x00,
                /* ts 1767225600000 */ 0x00, 0xA8, 0xDA, 0x76, 0x9B, 0x01, 0x00, 0x00,
                /* pump_serial NGP-4711 */ 0x4E, 0x47, 0x50, 0x2D, 0x34, 0x37, 0x31, 0x31, 0, 0, 0, 0, 0, 0, 0, 0,
                /* alarm_id 9 */ 0x09, 0x00, 0x00, 0x00, /* code LOW_RESERVOIR */ 0x01, 0x00, /* priority */ 0x02,
                /* state */ state, /* detail 1998 */ 0xCE, 0x07, 0x00, 0x00);
    }

    private static byte[] reservoirStatus(byte[] pumpSerial) {
        return framed(concat(bytes(
                        /* version */ 0x01, /* type RESERVOIR_STATUS */ 0x11, /* flags */ 0x00, /* reserved */ 0x00,
                        /* seq 42 */ 0x2A, 0x00, /* length 45 */ 0x2D, 0x00,
                        /* ts 1767225600000 */ 0x00, 0xA8, 0xDA, 0x76, 0x9B, 0x01, 0x00, 0x00),
                /* pump_serial char[16] */ pumpSerial,
                bytes(
                        /* volume_ul 12345 */ 0x39, 0x30, 0x00, 0x00,
                        /* low_alarm_threshold_ul 2000 */ 0xD0, 0x07, 0x00, 0x00,
                        /* drug baclofen */ 0x01,
                        /* concentration 2000 ug/ml */ 0xD0, 0x07, 0x00, 0x00,
                        /* last_refill_ts 1764547200000 */ 0x00, 0x84, 0x35, 0xD7, 0x9A, 0x01, 0x00, 0x00)));
    }

    /** A char[16] field: the given bytes, right-padded with 0x00. */
    private static byte[] serial(int... leading) {
        return Arrays.copyOf(bytes(leading), 16);
    }

    /** A COBS-valid run of {@code length} non-zero bytes: full 0xFF blocks, then one shorter block. */
    private static byte[] cobsBlocks(int length) {
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        while (run.size() < length) {
            int block = Math.min(0xFF, length - run.size());
            run.write(block);
            run.writeBytes(filled(block - 1, 0x41));
        }
        return run.toByteArray();
    }

    // ---- byte helpers ----

    /** Appends the CRC-32C (little-endian) to decoded frame bytes, COBS-encodes them and adds the delimiter. */
    static byte[] framed(byte[] decoded) {
        long crc = FrameCodec.crc(decoded, decoded.length);
        byte[] withCrc = concat(decoded, bytes((int) crc, (int) (crc >>> 8), (int) (crc >>> 16), (int) (crc >>> 24)));
        ByteBuf out = Unpooled.buffer(Cobs.maxEncodedLength(withCrc.length) + 1);
        try {
            Cobs.encode(withCrc, withCrc.length, out);
            out.writeByte(FrameCodec.DELIMITER);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    static byte[] framed(int... decoded) {
        return framed(bytes(decoded));
    }

    /** Bytes from ints, each cut to its low 8 bits, so that fields can be written as unsigned values. */
    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] filled(int length, int value) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }

    /** Random bytes, zeros included. */
    static byte[] anyGarbage(Random random, int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    /** Random bytes without a delimiter. */
    static byte[] nonZeroGarbage(Random random, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (1 + random.nextInt(0xFF));
        }
        return out;
    }

    // ---- assertions ----

    /** One run, one invalid result of that run's encoded size, one invalid counter moved. */
    private void assertInvalid(byte[] wire, InvalidReason reason) {
        link.write(wire);

        assertThat(link.drain()).containsExactly(new InvalidFrame(reason, wire.length - 1));
        assertThat(link.counters()).isEqualTo(Link.counts(Link.invalid(reason), 1));
    }

    /** A valid frame whose message is refused: exact header fields and reason, a detail naming the problem. */
    private void assertRejected(byte[] wire, RejectedFrame expected) {
        link.write(wire);

        List<Object> results = link.drain();
        assertThat(results).singleElement().usingRecursiveComparison().ignoringFields("detail").isEqualTo(expected);
        assertThat(((RejectedFrame) results.get(0)).detail()).contains(expected.detail());
        assertThat(link.counters()).isEqualTo(Link.counts(Link.VALID, 1, Link.rejected(expected.nakReason()), 1));
    }

    /**
     * The inbound pipeline of one link and its counters, as the gateway builds it. Shared by the protocol tests.
     * Reads are unpooled buffers: leak detection tracks them too, and a released one is never recycled, so its
     * reference count can still be checked at the end.
     */
    static final class Link implements AutoCloseable {
        static final String VALID = "valid";
        static final String RESYNCS = "resyncs";
        // protected in ByteToMessageDecoder and FrameDecoder is final: reflection is the only way to look at it
        private static final Method INTERNAL_BUFFER = internalBufferMethod();

        private final FrameStats frameStats = new FrameStats();
        private final MessageStats messageStats = new MessageStats();
        private final FrameDecoder decoder = new FrameDecoder(frameStats);
        private final EmbeddedChannel channel = new EmbeddedChannel(decoder, new MessageDecoder(messageStats));
        private final List<ByteBuf> reads = new ArrayList<>();

        /** Delivers one read. The decoder may keep it as its cumulation, so its release is checked at close. */
        void write(byte[] read) {
            ByteBuf buf = Unpooled.buffer(read.length).writeBytes(read);
            reads.add(buf);
            channel.writeInbound(buf);
        }

        List<Object> drain() {
            List<Object> results = new ArrayList<>();
            for (Object result = channel.readInbound(); result != null; result = channel.readInbound()) {
                results.add(result);
            }
            return results;
        }

        /** Closes the stream, as when the link drops, and returns what that produced. */
        List<Object> finish() {
            channel.finish();
            return drain();
        }

        /** Bytes held back by the decoder for a run not yet delimited. */
        int buffered() {
            return internalBuffer().readableBytes();
        }

        /**
         * The decoder holds one undelimited run at most, whatever arrives, in a buffer that cannot keep growing:
         * Netty's cumulator rounds up to a power of two and compacts once half of it is read, so its capacity
         * stays under four times the run limit plus the largest read.
         */
        void assertBounded(int largestRead) {
            assertThat(buffered()).as("bytes held").isLessThanOrEqualTo(FrameDecoder.ICD_MAX_RUN_LENGTH);
            assertThat(internalBuffer().capacity()).as("buffer capacity")
                    .isLessThanOrEqualTo(4 * (FrameDecoder.ICD_MAX_RUN_LENGTH + largestRead));
        }

        private ByteBuf internalBuffer() {
            try {
                return (ByteBuf) INTERNAL_BUFFER.invoke(decoder);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The non-zero counters of both layers, by name. */
        Map<String, Long> counters() {
            Map<String, Long> all = new LinkedHashMap<>();
            all.put(VALID, frameStats.valid());
            all.put(RESYNCS, frameStats.resyncs());
            for (InvalidReason reason : InvalidReason.values()) {
                all.put(invalid(reason), frameStats.invalid(reason));
            }
            for (MessageType type : MessageType.values()) {
                all.put(decoded(type), messageStats.decoded(type));
            }
            for (NakReason reason : NakReason.values()) {
                all.put(rejected(reason), messageStats.rejected(reason));
            }
            return all.entrySet().stream().filter(e -> e.getValue() != 0)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }

        static String invalid(InvalidReason reason) {
            return "invalid " + reason;
        }

        static String decoded(MessageType type) {
            return "decoded " + type;
        }

        static String rejected(NakReason reason) {
            return "rejected " + reason;
        }

        /** Expected counters: name, value, name, value... */
        static Map<String, Long> counts(Object... namesAndValues) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                counts.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).longValue());
            }
            return counts;
        }

        /** Closes the channel, releasing whatever is left, and checks that the decoder released every read. */
        @Override
        public void close() {
            channel.finishAndReleaseAll();
            assertThat(reads).as("reads released").allMatch(read -> read.refCnt() == 0);
        }

        private static Method internalBufferMethod() {
            try {
                Method method = ByteToMessageDecoder.class.getDeclaredMethod("internalBuffer");
                method.setAccessible(true);
                return method;
            } catch (NoSuchMethodException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
