package io.pumplink.gateway.e2e;

import static io.pumplink.gateway.e2e.E2e.TIMEOUT;
import static io.pumplink.gateway.e2e.E2e.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import io.pumplink.bridge.Bridge;
import io.pumplink.bridge.BridgeSettings;
import io.pumplink.bridge.PatientIdentity;
import io.pumplink.bridge.fhir.FhirDestination;
import io.pumplink.bridge.fhir.FhirSettings;
import io.pumplink.bridge.fhir.FhirTestServer;
import io.pumplink.bridge.hl7.Hl7Receiver;
import io.pumplink.bridge.hl7.Hl7Settings;
import io.pumplink.bridge.hl7.MllpDestination;
import io.pumplink.emulator.Emulator;
import io.pumplink.emulator.EmulatorLaunch;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.Probe;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain: emulated programmer → gateway → mosquitto → both bridges → a real MLLP listener (HAPI's) and a
 * FHIR server endpoint. The pump starts below its low-reservoir threshold and is interrogated after 2 s: the
 * alarm's raise goes out as PCD-04 and FHIR alarm Observations, the record as PCD-01 and FHIR Observations; every
 * HL7 message parses back in HAPI, every Bundle passes the server's R4 validation, and the patient reference the
 * emulator sends leaves neither bridge.
 */
class BridgesEndToEndTest {
    private static final Scenario SCENARIO = E2e.belowLowReservoir("bridges", "PRG-BRIDGE", "NGP-BRIDGE", """
            events:
              - { at: 2s, interrogate: {} }
            """);

    @TempDir
    Path dir;

    @Test
    void recordsAndAlarmsReachAnHl7ListenerAndAFhirServerAsValidMessages() throws Exception {
        HapiContext hapi = new DefaultHapiContext();
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        Hl7Receiver hl7 = new Hl7Receiver();
        int mllpPort = freePort();
        HL7Service listener = hapi.newServer(mllpPort, false);
        listener.registerApplication("ORU", "R01", hl7);
        listener.registerApplication("ORU", "R40", hl7);
        listener.startAndWait();
        try (MosquittoBroker broker = MosquittoBroker.launch();
             Probe probe = Probe.connect(broker.uri(), "bridges-probe");
             FhirTestServer fhir = new FhirTestServer();
             Bridge hl7Bridge = new Bridge(settings("hl7", broker), new MllpDestination(
                     Hl7Settings.of("127.0.0.1", mllpPort))).start(options -> { }, Optional.empty());
             Bridge fhirBridge = new Bridge(settings("fhir", broker), new FhirDestination(FhirContext.forR4(),
                     new FhirSettings(fhir.base(), Duration.ofSeconds(30), PatientIdentity.NONE)))
                     .start(options -> { }, Optional.empty());
             Emulator emulator = EmulatorLaunch.startTcp(SCENARIO, 1, 5, 1, Optional.empty());
             Gateway gateway = new Gateway(new E2e.Config("bridged", broker.uri(), dir.resolve("journal"))
                     .link("prg-0", "tcp:127.0.0.1:" + emulator.ports().get(0)).build(), "test").start()) {
            probe.subscribe(TOPICS.allPumps("interrogation"), 1);
            await("the interrogation record").atMost(TIMEOUT).until(() -> !probe.received().isEmpty());
            String patientRef = probe.received().get(0).envelope().getInterrogationRecord().getPatientRef();
            assertThat(patientRef).as("the emulator sends one").isNotBlank();

            await("PCD-01 for the record and PCD-04 for the alarm").atMost(TIMEOUT).until(() ->
                    hl7.received.stream().anyMatch(m -> m.contains("|ORU^R40^ORU_R01|"))
                            && hl7.received.stream().anyMatch(m -> m.contains("|ORU^R01^ORU_R01|")
                            && m.contains("MDC_VOL_FLUID_TBI_REMAIN")));
            for (String message : hl7.received) {
                Message parsed = hapi.getPipeParser().parse(message); // HAPI's validation is on by default
                assertThat(parsed.getName()).isEqualTo("ORU_R01");
            }
            assertThat(hl7.received).anyMatch(m -> m.contains("196670^MDC_EVT_LO^MDC") && m.contains("|start|"));
            assertThat(String.join("", hl7.received)).doesNotContain(patientRef).doesNotContain("PID|");

            await("the record's and the alarm's Observations").atMost(TIMEOUT).until(() -> observations(fhir)
                    .stream().anyMatch(o -> o.getCode().getCodingFirstRep().getCode().equals("196670"))
                    && observations(fhir).stream().anyMatch(o -> o.getCode().getCodingFirstRep().getCode()
                    .equals("157872")));
            assertThat(hl7Bridge.metrics().count("pumplink_bridge_rejected")).isZero();
            assertThat(fhirBridge.metrics().count("pumplink_bridge_rejected")).as("the server validates each Bundle")
                    .isZero();
            assertThat(fhir.received()).allSatisfy(bundle -> assertThat(FhirContext.forR4Cached().newJsonParser()
                    .encodeResourceToString(bundle)).doesNotContain(patientRef));
        } finally {
            listener.stopAndWait();
            hapi.close();
        }
    }

    private static List<Observation> observations(FhirTestServer fhir) {
        return fhir.received().stream().flatMap(bundle -> bundle.getEntry().stream())
                .map(Bundle.BundleEntryComponent::getResource).filter(Observation.class::isInstance)
                .map(Observation.class::cast).toList();
    }

    private static BridgeSettings settings(String kind, MosquittoBroker broker) {
        return new BridgeSettings(kind, broker.uri(), "e2e-bridge-" + kind, TOPICS, "e2e", 32,
                Duration.ofMillis(100), Duration.ofSeconds(2), 10_000, Duration.ofHours(1), Duration.ofSeconds(10),
                new GatewayConfig.Http("127.0.0.1", Optional.empty(), Optional.empty()));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
