package io.pumplink.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.proto.v1.ProgrammerRequest;
import io.pumplink.proto.v1.RequestKind;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBridgeParseTest {
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(value = RequestKind.class, names = {"REQUEST_KIND_INTERROGATION", "REQUEST_KIND_STATUS"})
    void protobufFormIsAccepted(RequestKind kind) {
        byte[] payload = ProgrammerRequest.newBuilder().setKind(kind).build().toByteArray();

        assertThat(RequestBridge.parse(payload)).contains(kind);
    }

    @ParameterizedTest
    @EnumSource(value = RequestKind.class, names = {"REQUEST_KIND_INTERROGATION", "REQUEST_KIND_STATUS"})
    void jsonFormIsAcceptedByNameAndNumber(RequestKind kind) {
        assertThat(RequestBridge.parse(utf8("{\"kind\":\"" + kind.name() + "\"}"))).contains(kind);
        assertThat(RequestBridge.parse(utf8("  {\"kind\": " + kind.getNumber() + "}\n"))).contains(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"kind\":\"REQUEST_KIND_UNSPECIFIED\"}", "{\"kind\":\"REQUEST_KIND_DOSE\"}",
        "{\"kind\":7}", "{\"kind\":\"REQUEST_KIND_STATUS\",\"rate\":5}", "{not json"})
    void unspecifiedUnknownOrMalformedJsonIsRefused(String payload) {
        assertThat(RequestBridge.parse(utf8(payload))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff ff ff", "08", "08 07", "0a 05 01 02"})
    void unspecifiedUnknownOrMalformedProtobufIsRefused(String hex) {
        String[] parts = hex.split(" ");
        byte[] payload = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            payload[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        assertThat(RequestBridge.parse(payload)).isEmpty();
    }

    @Property(tries = 500)
    void anyPayloadGivesAnAnswerAndNeverAnException(@ForAll byte[] payload) {
        assertThat(RequestBridge.parse(payload)).satisfiesAnyOf(
                kind -> assertThat(kind).isEmpty(),
                kind -> assertThat(kind.orElseThrow()).isIn(RequestKind.REQUEST_KIND_INTERROGATION,
                        RequestKind.REQUEST_KIND_STATUS));
    }
}
