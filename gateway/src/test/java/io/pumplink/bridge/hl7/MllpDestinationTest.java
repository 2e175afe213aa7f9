package io.pumplink.bridge.hl7;

import static io.pumplink.bridge.hl7.Hl7Fixtures.CLOCK;
import static io.pumplink.bridge.hl7.Hl7Fixtures.PATIENT_REF;
import static io.pumplink.bridge.hl7.Hl7Fixtures.lowReservoir;
import static io.pumplink.bridge.hl7.Hl7Fixtures.received;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import io.pumplink.bridge.Outcome;
import io.pumplink.bridge.PatientIdentity;
import io.pumplink.bridge.Received;
import io.pumplink.proto.v1.AlarmState;
import io.pumplink.proto.v1.Envelope;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link MllpDestination} against HAPI's own MLLP server, in process, on a free port. */
class MllpDestinationTest {
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(800);

    private final HapiContext serverContext = new DefaultHapiContext();
    private final Hl7Receiver receiver = new Hl7Receiver();
    private final int port = freePort();
    private HL7Service server;
    private MllpDestination destination;

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    MllpDestinationTest() {
        // HAPI's default id generator writes a file into the working directory
        serverContext.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    }

    private void startServer() throws InterruptedException {
        server = serverContext.newServer(port, false);
        server.registerApplication("ORU", "R01", receiver);
        server.registerApplication("ORU", "R40", receiver);
        server.startAndWait();
    }

    private MllpDestination destination() {
        destination = new MllpDestination(new Hl7Settings("localhost", port, ACK_TIMEOUT, "PUMPLINK", "", "", "",
                PatientIdentity.NONE), CLOCK);
        return destination;
    }

    private static Received reservoir() {
        return received("r-1", Envelope.newBuilder().setReservoirStatus(Hl7Fixtures.reservoir()));
    }

    @AfterEach
    void stop() throws IOException {
        if (destination != null) {
            destination.close();
        }
        if (server != null) {
            server.stopAndWait();
        }
        serverContext.close();
    }

    @Test
    void isNamedHl7() {
        assertThat(destination().name()).isEqualTo("hl7");
    }

    @Test
    void deliveredWhenTheReceiverAnswersAa() throws Exception {
        startServer();
        MllpDestination destination = destination();

        assertThat(destination.deliver(reservoir())).isEqualTo(new Outcome.Delivered());
        assertThat(destination.deliver(lowReservoir(AlarmState.ALARM_STATE_RAISED)))
                .isEqualTo(new Outcome.Delivered());
        assertThat(destination.deliver(received("rec-1",
                Envelope.newBuilder().setInterrogationRecord(Hl7Fixtures.record()))))
                .isEqualTo(new Outcome.Delivered());

        assertThat(receiver.received).hasSize(3);
        assertThat(receiver.received.get(0)).contains("|ORU^R01^ORU_R01|");
        assertThat(receiver.received.get(1)).contains("|ORU^R40^ORU_R01|");
        assertThat(String.join("", receiver.received)).doesNotContain(PATIENT_REF);
    }

    @ParameterizedTest
    @EnumSource(value = AcknowledgmentCode.class, names = {"AE", "AR"})
    void rejectedWithTheReceiversReasonOnAeAndAr(AcknowledgmentCode code) throws Exception {
        startServer();
        receiver.answer = code;

        Outcome outcome = destination().deliver(reservoir());

        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        String reason = ((Outcome.Rejected) outcome).reason();
        assertThat(reason).startsWith("HL7 " + code).contains("pump not registered").doesNotContain("\n", "\r")
                .doesNotContain("OBX", "MSH");
    }

    @Test
    void aRejectionDoesNotStopTheNextMessage() throws Exception {
        startServer();
        MllpDestination destination = destination();
        receiver.answer = AcknowledgmentCode.AE;
        assertThat(destination.deliver(reservoir())).isInstanceOf(Outcome.Rejected.class);

        receiver.answer = AcknowledgmentCode.AA;

        assertThat(destination.deliver(reservoir())).isEqualTo(new Outcome.Delivered());
    }

    @Test
    void failedWhenNothingListens() throws Exception {
        Outcome outcome = destination().deliver(reservoir());

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
    }

    @Test
    void failedWhenTheListenerDoesNotAnswerWithinTheAckTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(port)) {
            long start = System.nanoTime();

            Outcome outcome = destination().deliver(reservoir());

            assertThat(outcome).isInstanceOf(Outcome.Failed.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(ACK_TIMEOUT)
                    .isLessThan(ACK_TIMEOUT.multipliedBy(10));
        }
    }

    @Test
    void reconnectsAfterTheListenerRestarts() throws Exception {
        startServer();
        MllpDestination destination = destination();
        assertThat(destination.deliver(reservoir())).isEqualTo(new Outcome.Delivered());

        server.stopAndWait();
        assertThat(destination.deliver(reservoir())).isInstanceOf(Outcome.Failed.class);
        startServer();

        assertThat(destination.deliver(reservoir())).isEqualTo(new Outcome.Delivered());
        assertThat(receiver.received).hasSize(2);
    }

    @Test
    void bodiesWithoutAnHl7MappingAreSkippedUnsent() throws Exception {
        startServer();

        assertThat(destination().deliver(Hl7Fixtures.heartbeat())).isInstanceOf(Outcome.Skipped.class);
        assertThat(receiver.received).isEmpty();
    }
}
