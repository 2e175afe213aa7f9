package io.pumplink.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.util.JsonFormat;
import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.RawFrame;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EnvelopeLinesTest {
    private final EnvelopeLines lines = new EnvelopeLines("pumplink/v1", ZoneOffset.UTC);

    @Test
    void reservoirLineHasTimeTopicAndValuesWithUnits() {
        assertThat(lines.line("pumplink/v1/pumps/NGP-4711/reservoir", Samples.reservoir(),
                Samples.RECEIVED.plusSeconds(3)))
                .isEqualTo("12:00:01 pumps/NGP-4711/reservoir  RESERVOIR 12.3 mL (threshold 2.0 mL) baclofen"
                        + " 2000 µg/mL, low in 5.2 d, refill by 2026-01-05");
    }

    @Test
    void aMessageFromAnotherDayShowsItsDate() {
        assertThat(lines.line("pumplink/v1/pumps/NGP-4711/alarm", Samples.alarm("a"),
                Samples.RECEIVED.plusSeconds(86_400)))
                .isEqualTo("2026-01-01 12:00:01 pumps/NGP-4711/alarm  ALARM RAISED LOW_RESERVOIR medium id=9"
                        + " detail=1998");
    }

    @Test
    void everySampleReadsAsExpectedAndNoneShowsThePatientReference() {
        for (Samples.Sample sample : Samples.published("pumplink/v1").values()) {
            String line = lines.line(sample.topic(), sample.envelope(), Samples.RECEIVED);
            assertThat(line).contains(sample.expected()).doesNotContain(Samples.PATIENT_REF);
        }
    }

    @Test
    void interrogationSummaryListsMissingIndicesAndFlaggedRefills() {
        assertThat(lines.body(Samples.interrogation("PRG-1", 18, false)))
                .isEqualTo("INTERROGATION session 18 ABORTED_TELEMETRY_LOST (incomplete), entries 10/12,"
                        + " missing 2 (#4, #7), flagged refills 1 (#2), alarms 0, patient: <present>,"
                        + " closed: session end");
    }

    @Test
    void everyBodyKindOfTheSchemaHasAReadableForm() {
        for (FieldDescriptor body : Envelope.getDescriptor().getOneofs().get(0).getFields()) {
            Envelope.Builder envelope = Envelope.newBuilder();
            envelope.setField(body, envelope.newBuilderForField(body).build());
            assertThat(lines.body(envelope.build())).as(body.getName())
                    .isNotBlank().doesNotContain("no readable form");
        }
    }

    @Test
    void codesThisBuildDoesNotKnowAreShownAsNumbers() {
        Envelope alarm = Envelope.newBuilder().setAlarm(Alarm.newBuilder().setAlarmCode(0x0123).setPriorityCode(9)
                .setStateCode(7).setAlarmId(3)).build();
        assertThat(lines.body(alarm)).isEqualTo("ALARM state code 7 code 0x0123 priority code 9 id=3 detail=0");
        Envelope raw = Envelope.newBuilder().setRawFrame(RawFrame.newBuilder().setTypeCode(0x2A)
                .setPayload(ByteString.copyFrom(new byte[5])).setReason("unknown type")).build();
        assertThat(lines.body(raw)).isEqualTo("RAW FRAME type 0x2A, 5 bytes: unknown type");
    }

    @Test
    void protobufThatBeginsLikeJsonIsStillProtobuf() {
        // header field 1, length 123: the payload starts with the bytes "\n{"
        Envelope reservoir = Samples.reservoir();
        Envelope.Builder sized = reservoir.toBuilder();
        while (sized.getHeader().getSerializedSize() < 123) {
            sized.getHeaderBuilder().setGatewayId(sized.getHeader().getGatewayId() + "x");
        }
        Envelope envelope = sized.build();
        assertThat(envelope.toByteArray()).startsWith(0x0A, 0x7B);

        assertThat(EnvelopeLines.decode(envelope.toByteArray()).envelope()).isEqualTo(envelope);
    }

    @Test
    void payloadsAreProtobufOrTheJsonMirrorElseSaidToBeNeither() throws Exception {
        Envelope reservoir = Samples.reservoir();
        assertThat(EnvelopeLines.decode(reservoir.toByteArray()).envelope()).isEqualTo(reservoir);
        byte[] json = JsonFormat.printer().print(reservoir).getBytes(StandardCharsets.UTF_8);
        assertThat(EnvelopeLines.decode(json).envelope()).isEqualTo(reservoir);

        assertThat(EnvelopeLines.decode(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2}).error())
                .startsWith("not a pumplink.v1.Envelope");
        assertThat(EnvelopeLines.decode("{\"header\": ".getBytes(StandardCharsets.UTF_8)).ok()).isFalse();
        assertThat(EnvelopeLines.decode(new byte[0]).error()).isEqualTo("empty payload");
        assertThat(lines.unparseable("pumplink/v1/pumps/X/flow", 5, "empty payload", Samples.RECEIVED))
                .isEqualTo("12:00:01 pumps/X/flow  UNPARSEABLE payload of 5 bytes: empty payload");
    }

    @Test
    void jsonIsTheMirrorsMappingOnOneLine() throws Exception {
        String json = lines.json(Samples.interrogation("PRG-1", 17, true));
        assertThat(json).doesNotContain("\n").contains(Samples.PATIENT_REF);
        Envelope.Builder parsed = Envelope.newBuilder();
        JsonFormat.parser().merge(json, parsed);
        assertThat(parsed.build()).isEqualTo(Samples.interrogation("PRG-1", 17, true));
    }
}
