package io.pumplink.bridge.fhir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.pumplink.bridge.PatientIdentity;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FhirSettingsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void anHttpOrHttpsBaseWithAPositiveTimeoutIsAccepted() {
        assertThatNoException().isThrownBy(() -> new FhirSettings(URI.create("https://fhir.example.org/r4"), TIMEOUT,
                PatientIdentity.NONE));
        assertThatNoException().isThrownBy(() -> new FhirSettings(URI.create("http://127.0.0.1:8080/fhir"),
                Duration.ofMillis(1), PatientIdentity.NONE));
    }

    @Test
    void aBaseThatIsNoHttpUrlIsRefused() {
        for (String base : new String[] {"fhir/r4", "ftp://fhir.example.org/", "https:///r4",
                "https://fhir.example.org/r4?x=1", "https://fhir.example.org/r4#top"}) {
            assertThatThrownBy(() -> new FhirSettings(URI.create(base), TIMEOUT, PatientIdentity.NONE))
                    .as(base).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FHIR base");
        }
    }

    @Test
    void aTimeoutThatIsNotPositiveOrTooLongIsRefused() {
        URI base = URI.create("https://fhir.example.org/r4");
        for (Duration timeout : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), Duration.ofDays(30)}) {
            assertThatThrownBy(() -> new FhirSettings(base, timeout, PatientIdentity.NONE))
                    .as(timeout.toString()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("FHIR timeout");
        }
        assertThatThrownBy(() -> new FhirSettings(base, null, PatientIdentity.NONE))
                .isInstanceOf(NullPointerException.class);
    }
}
