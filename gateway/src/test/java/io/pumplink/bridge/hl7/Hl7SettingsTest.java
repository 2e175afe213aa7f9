package io.pumplink.bridge.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.pumplink.bridge.PatientIdentity;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Hl7SettingsTest {
    private static Hl7Settings with(int port, Duration ackTimeout, String sendingApplication, String facility) {
        return new Hl7Settings("mllp.example", port, ackTimeout, sendingApplication, facility, "", "",
                PatientIdentity.NONE);
    }

    @Test
    void defaultsSendAsPumplinkWithoutFacilitiesOrPatientIdentifier() {
        Hl7Settings settings = Hl7Settings.of("mllp.example", 2575);

        assertThat(settings.sendingApplication()).isEqualTo("PUMPLINK");
        assertThat(settings.ackTimeout()).isEqualTo(Hl7Settings.DEFAULT_ACK_TIMEOUT);
        assertThat(settings.sendingFacility()).isEmpty();
        assertThat(settings.patients()).isEqualTo(PatientIdentity.NONE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65_536})
    void portOutsideTcpRangeIsRefused(int port) {
        assertThatIllegalArgumentException().isThrownBy(() -> with(port, Duration.ofSeconds(1), "PUMPLINK", ""))
                .withMessageContaining("port");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 301})
    void ackTimeoutMustBePositiveAndAtMostFiveMinutes(long seconds) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> with(2575, Duration.ofSeconds(seconds), "PUMPLINK", ""))
                .withMessageContaining("ackTimeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "PUMP|LINK", "PUMP^LINK", "A_NAME_LONGER_THAN_20_CHARS"})
    void sendingApplicationMustBeAPlainShortName(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> with(2575, Duration.ofSeconds(1), name, ""))
                .withMessageContaining("sendingApplication");
    }

    @Test
    void facilitiesMayBeLeftEmptyButNotHoldDelimiters() {
        assertThat(with(2575, Duration.ofSeconds(1), "PUMPLINK", "").sendingFacility()).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> with(2575, Duration.ofSeconds(1), "PUMPLINK", "W&7"))
                .withMessageContaining("sendingFacility");
    }
}
