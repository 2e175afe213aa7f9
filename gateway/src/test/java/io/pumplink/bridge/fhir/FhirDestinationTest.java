package io.pumplink.bridge.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.bridge.Outcome;
import io.pumplink.bridge.PatientIdentity;
import io.pumplink.bridge.Received;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FhirDestinationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String DIAGNOSTICS = "Observation.code: unknown code";

    private FhirTestServer server;
    private FhirDestination destination;

    @BeforeEach
    void start() throws IOException {
        server = new FhirTestServer();
        destination = destination(server.base(), TIMEOUT);
    }

    @AfterEach
    void stop() {
        destination.close();
        server.close();
    }

    @Test
    void eachMappedBodyIsDeliveredAsAValidTransactionTheServerAccepts() throws InterruptedException {
        for (Received message : FhirSamples.all()) {
            assertThat(destination.deliver(message)).as(message.toString()).isEqualTo(new Outcome.Delivered());
        }
        assertThat(server.received()).hasSize(FhirSamples.all().size())
                .allSatisfy(bundle -> assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION));
        assertThat(destination.name()).isEqualTo("fhir");
    }

    @Test
    void aRedeliveredMessageCreatesNothingTheSecondTime() throws InterruptedException {
        Received message = FhirSamples.reservoir("m-1");
        assertThat(destination.deliver(message)).isEqualTo(new Outcome.Delivered());
        Map<String, String> afterFirst = server.stored();

        // a new bridge (a restart) delivering the same message again
        destination.close();
        destination = destination(server.base(), TIMEOUT);
        assertThat(destination.deliver(message)).isEqualTo(new Outcome.Delivered());

        assertThat(server.received()).hasSize(2);
        assertThat(server.stored()).isEqualTo(afterFirst);
        assertThat(afterFirst.keySet()).contains("Device?identifier=urn:pumplink:pump-serial|NGP-4711",
                "Observation?identifier=urn:pumplink:message-id|m-1/MDC_VOL_FLUID_TBI_REMAIN");
        // the next message of the same pump adds its Observations, and no Device or DeviceMetric
        destination.deliver(FhirSamples.reservoir("m-2"));
        assertThat(server.stored().keySet()).filteredOn(key -> !afterFirst.containsKey(key))
                .isNotEmpty().allMatch(key -> key.startsWith("Observation?identifier=urn:pumplink:message-id|m-2/"));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 412, 422})
    void aClientErrorRejectsTheMessageWithTheOperationOutcomeDiagnostics(int status) throws InterruptedException {
        server.script(new FhirTestServer.Scripted(status, DIAGNOSTICS + "\n  at entry 3", Duration.ZERO));

        Outcome outcome = destination.deliver(FhirSamples.flow("m-1"));

        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        assertThat(((Outcome.Rejected) outcome).reason())
                .isEqualTo("HTTP " + status + ": error " + DIAGNOSTICS + " at entry 3");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503})
    void aServerErrorOrBusyFailsTheMessageToBeTriedAgain(int status) throws InterruptedException {
        server.script(new FhirTestServer.Scripted(status, "try later", Duration.ZERO));

        Outcome outcome = destination.deliver(FhirSamples.flow("m-1"));

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) outcome).reason()).startsWith("HTTP " + status + ": ").contains("try later");
        // tried again, it goes through
        assertThat(destination.deliver(FhirSamples.flow("m-1"))).isEqualTo(new Outcome.Delivered());
    }

    @Test
    void nothingListeningFailsTheMessage() throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        FhirDestination nowhere = destination(URI.create("http://127.0.0.1:" + port + "/fhir"), TIMEOUT);

        Outcome outcome = nowhere.deliver(FhirSamples.flow("m-1"));

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) outcome).reason()).startsWith("no answer from the FHIR server");
    }

    @Test
    void aServerSlowerThanTheTimeoutFailsTheMessage() throws InterruptedException {
        server.script(new FhirTestServer.Scripted(200, "too late", Duration.ofSeconds(3)));
        // the timeouts are the context's: the next test's destination sets its own again
        FhirDestination impatient = destination(server.base(), Duration.ofMillis(300));

        Outcome outcome = impatient.deliver(FhirSamples.flow("m-1"));

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
    }

    @Test
    void aMessageWithNothingToMapIsSkippedAndNotSent() throws InterruptedException {
        Outcome outcome = destination.deliver(FhirSamples.heartbeat("m-1"));

        assertThat(outcome).isEqualTo(new Outcome.Skipped("no FHIR resource for a HEARTBEAT body"));
        assertThat(server.received()).isEmpty();
    }

    @Test
    void reasonsNeverCarryThePatientReference() throws InterruptedException {
        server.script(new FhirTestServer.Scripted(422, "rejected", Duration.ZERO));
        FhirDestination withPatients = destination(server.base(), TIMEOUT, FhirSamples.PATIENT_SYSTEM);

        Outcome outcome = withPatients.deliver(FhirSamples.interrogation("m-1"));

        assertThat(outcome.toString()).doesNotContain(FhirSamples.PATIENT_REF);
        assertThat(withPatients.deliver(FhirSamples.interrogation("m-1"))).isEqualTo(new Outcome.Delivered());
        assertThat(FhirMapperTest.json(server.received().get(0))).contains(FhirSamples.PATIENT_REF);
    }

    private static FhirDestination destination(URI base, Duration timeout) {
        return new FhirDestination(R4Validation.CONTEXT, new FhirSettings(base, timeout, PatientIdentity.NONE));
    }

    private static FhirDestination destination(URI base, Duration timeout, String patientSystem) {
        return new FhirDestination(R4Validation.CONTEXT, new FhirSettings(base, timeout,
                new PatientIdentity(Optional.of(patientSystem))));
    }
}
