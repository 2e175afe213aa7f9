package io.pumplink.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.pumplink.proto.v1.Envelope;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopePayloadTest {
    @Test
    void protobufThatBeginsLikeJsonIsStillProtobuf() {
        // header field 1, length 123: the payload starts with the bytes "\n{"
        Envelope.Builder sized = Samples.reservoir().toBuilder();
        while (sized.getHeader().getSerializedSize() < 123) {
            sized.getHeaderBuilder().setGatewayId(sized.getHeader().getGatewayId() + "x");
        }
        Envelope envelope = sized.build();
        assertThat(envelope.toByteArray()).startsWith(0x0A, 0x7B);

        assertThat(EnvelopePayload.decode(envelope.toByteArray()).envelope()).isEqualTo(envelope);
    }

    @Test
    void payloadsAreProtobufOrTheJsonMirrorElseSaidToBeNeither() throws Exception {
        Envelope reservoir = Samples.reservoir();
        assertThat(EnvelopePayload.decode(reservoir.toByteArray()).envelope()).isEqualTo(reservoir);
        byte[] json = JsonFormat.printer().print(reservoir).getBytes(StandardCharsets.UTF_8);
        assertThat(EnvelopePayload.decode(json).envelope()).isEqualTo(reservoir);

        assertThat(EnvelopePayload.decode(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2}).error())
                .startsWith("not a pumplink.v1.Envelope");
        assertThat(EnvelopePayload.decode("{\"header\": ".getBytes(StandardCharsets.UTF_8)).ok()).isFalse();
        assertThat(EnvelopePayload.decode(new byte[0]).error()).isEqualTo("empty payload");
        assertThat(EnvelopePayload.decode("{}".getBytes(StandardCharsets.UTF_8)).error())
                .isEqualTo("not a pumplink.v1.Envelope (no header, no body)");
    }

    @Test
    void jsonTextIsWhatOpensAnObjectAfterBlanks() {
        assertThat(EnvelopePayload.isJsonText(" \r\n\t{\"header\":{}}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(EnvelopePayload.isJsonText("[{}]".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(EnvelopePayload.isJsonText(Samples.reservoir().toByteArray())).isFalse();
        assertThat(EnvelopePayload.isJsonText(" \n".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
