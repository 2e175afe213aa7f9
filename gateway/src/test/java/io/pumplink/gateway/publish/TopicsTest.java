package io.pumplink.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
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
        assertThat(topics.json().pump("NGP-4711", "flow")).isEqualTo("clinic/pumplink/json/pumps/NGP-4711/flow");
    }

    @Test
    void requestRoutingTopics() {
        assertThat(topics.gatewayRequests("gw-1")).isEqualTo("clinic/pumplink/gateways/gw-1/programmers/+/request");
        assertThat(topics.gatewayRequest("gw-1", "PRG-1"))
                .isEqualTo("clinic/pumplink/gateways/gw-1/programmers/PRG-1/request");
        assertThat(topics.directory("PRG-1")).isEqualTo("clinic/pumplink/programmers/PRG-1/gateway");
    }

    @Test
    void reservedCharactersInSerialsAreReplaced() {
        assertThat(topics.pump("A/B+C#D", "flow")).isEqualTo("clinic/pumplink/pumps/A_B_C_D/flow");
        assertThat(topics.programmer("", "alarm")).isEqualTo("clinic/pumplink/programmers/_/alarm");
        assertThat(topics.link("gw/1", "tcp+#")).isEqualTo("clinic/pumplink/gateways/gw_1/links/tcp__");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "pumplink/", "pumplink/+/v1", "pumplink/#", "#"})
    void badPrefixesAreRejected(String prefix) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Topics(prefix))
                .withMessageContaining("topic prefix must be non-empty, without wildcards or a trailing /");
    }

    /** Any printable serial is exactly one topic level without wildcards. */
    @Property(tries = 300)
    void anySerialIsOneLevel(@ForAll @CharRange(from = 0x20, to = 0x7E) @StringLength(max = 16) String serial) {
        String segment = Topics.segment(serial);
        assertThat(segment).isNotEmpty().doesNotContain("/", "+", "#").hasSize(Math.max(1, serial.length()));
    }
}
