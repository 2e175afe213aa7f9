package io.pumplink.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutcomeTest {
    @Test
    void aReceiversReasonBecomesOneBoundedLine() {
        assertThat(Outcome.oneLine(" HL7 AE:\r\n\tOBX-5   not numeric\u0000 ", 100)).isEqualTo("HL7 AE: OBX-5 not numeric");
        assertThat(Outcome.oneLine("0123456789", 10)).isEqualTo("0123456789");
        assertThat(Outcome.oneLine("0123456789A", 10)).as("9 characters and the ellipsis").isEqualTo("012345678…");
    }
}
