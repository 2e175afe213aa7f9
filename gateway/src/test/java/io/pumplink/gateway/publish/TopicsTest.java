package io.pumplink.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {
    private final Topics topics = new Topics("clinic/pumplink");

    @Test
    void treeUnderThePrefix() {
        assertThat(topics.gatewayStatus("gw-1")).isEqualTo("clinic/pumplink/gateways/gw-1/status");
        assertThat(topics.link("gw-1", "bench-1")).isEqualTo("clinic/pumplink/gateways/gw-1/links/bench-1");
        assertThat(topics.programmer("PRG-1", "status")).isEqualTo("clinic/pumplink/programmers/PRG-1/status");
        assertThat(topics.pump("NGP-4711", "alarms/active")).isEqualTo("clinic/pumplink/pumps/NGP-4711/alarms/active");
        assertThat(topics.allRequests()).isEqualTo("clinic/pumplink/programmers/+/request");
        assertThat(topics.allPumps("alarm")).isEqualTo("clinic/pumplink/pumps/+/alarm");
        assertThat(topics.json().pump("NGP-4711", "flow")).isEqualTo("clinic/pumplink/json/pumps/NGP-4711/flow");
    }

    @Test
    void requestRoutingTopics() {
        assertThat(topics.gatewayRequests("gw-1")).isEqualTo("clinic/pumplink/gateways/gw-1/programmers/+/request");
        assertThat(topics.gatewayRequest("gw-1", "PRG-1"))
                .isEqualTo("clinic/pumplink/gateways/gw-1/programmers/PRG-1/request");
        assertThat(topics.directory("PRG-1")).isEqualTo("clinic/pumplink/programmers/PRG-1/gateway");
    }

    /** Issue 11 item 4: these serials all became pumps/A_B and overwrote each other's retained alarms/active. */
    @Test
    void serialsThatOnceCollidedGetTopicsOfTheirOwn() {
        List<String> serials = List.of("A/B", "A_B", "A+B", "A#B", "#", "", "_", "%", "0000000000");
        Set<String> topicsOf = serials.stream().map(s -> topics.pump(s, "alarms/active")).collect(Collectors.toSet());

        assertThat(topicsOf).hasSameSizeAs(serials);
        assertThat(topics.pump("A/B+C#D", "flow")).isEqualTo("clinic/pumplink/pumps/A%2FB%2BC%23D/flow");
        assertThat(topics.programmer("", "alarm")).isEqualTo("clinic/pumplink/programmers/%/alarm");
        assertThat(topics.link("gw/1", "tcp+#")).isEqualTo("clinic/pumplink/gateways/gw%2F1/links/tcp%2B%23");
    }

    /** Letters, digits, '-', '_' and '.' stay readable: the serials seen in clinics keep their topics. */
    @Test
    void plainSerialsStayReadable() {
        assertThat(Topics.segment("NGP-4711_b.2")).isEqualTo("NGP-4711_b.2");
    }

    /** Every printable ASCII character, and every pair of them, gives a segment of its own that decodes back. */
    @Test
    void everyPrintableAsciiCharacterAndPairIsInjectiveAndRoundTrips() {
        Map<String, String> bySegment = new HashMap<>();
        List<String> names = new ArrayList<>(List.of(""));
        for (char a = 0x20; a <= 0x7E; a++) {
            names.add(String.valueOf(a));
            for (char b = 0x20; b <= 0x7E; b++) {
                names.add("" + a + b);
            }
        }
        for (String name : names) {
            String segment = Topics.segment(name);
            assertThat(segment).isNotEmpty().doesNotContain("/", "+", "#");
            assertThat(bySegment.put(segment, name)).as("segment %s of %s", segment, name).isNull();
            assertThat(Topics.decodeSegment(segment)).isEqualTo(name);
        }
    }

    /** The consumers that read a serial back from a topic (request bridge, bench subscriber) get the serial. */
    @Test
    void serialsParseBackFromTheirTopics() {
        assertThat(topics.requestProgrammer(topics.programmer("PRG/1+#", "request"))).contains("PRG/1+#");
        assertThat(topics.requestProgrammer(topics.programmer("", "request"))).contains("");
        assertThat(topics.requestProgrammer(topics.gatewayRequest("gw/1", "PRG/1"))).contains("PRG/1");
        assertThat(topics.requestProgrammer("clinic/pumplink/gateways/%G/programmers/PRG-1/request")).isEmpty();
        assertThat(topics.requestProgrammer("clinic/pumplink/links/gw-1/programmers/PRG-1/request")).isEmpty();
        assertThat(topics.requestProgrammer("clinic/pumplink/programmers/A_B/C/request")).isEmpty();
        assertThat(topics.requestProgrammer("clinic/pumplink/programmers/%G0/request")).isEmpty();
        assertThat(topics.requestProgrammer("clinic/pumplink/pumps/PRG-1/request")).isEmpty();
        assertThat(topics.requestProgrammer("other/pumplink/programmers/PRG-1/request")).isEmpty();
        assertThat(topics.pumpOf(topics.pump("A/B", "alarm"), "alarm")).contains("A/B");
        assertThat(topics.pumpOf(topics.pump("A/B", "alarms/active"), "alarm")).isEmpty();
        assertThat(topics.pumpOf("other/pumps/A/alarm", "alarm")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"%2", "%G1", "%2f", "a%", "A/B", "A+B", "%41", "%%"})
    void nonCanonicalSegmentsAreRejected(String segment) {
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.decodeSegment(segment));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "pumplink/", "pumplink/+/v1", "pumplink/#", "#"})
    void badPrefixesAreRejected(String prefix) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Topics(prefix))
                .withMessageContaining("topic prefix must be non-empty, without wildcards or a trailing /");
    }

    /**
     * Any name, Unicode included (without lone surrogates, which UTF-8 cannot carry), is exactly one topic level
     * without wildcards, and decodes back.
     */
    @Property(tries = 300)
    void anyNameIsOneLevelAndRoundTrips(@ForAll @CharRange(from = 0x00, to = 0x7F) @CharRange(from = 0xA0, to = 0xD7FF)
                                        @StringLength(max = 16) String name) {
        String segment = Topics.segment(name);
        assertThat(segment).isNotEmpty().doesNotContain("/", "+", "#");
        assertThat(Topics.decodeSegment(segment)).isEqualTo(name);
    }
}
