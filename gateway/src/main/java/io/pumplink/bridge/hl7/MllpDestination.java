package io.pumplink.bridge.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import io.pumplink.bridge.Destination;
import io.pumplink.bridge.Outcome;
import io.pumplink.bridge.Received;
import io.pumplink.proto.v1.Envelope;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each publication as one HL7 v2.6 message over MLLP (HAPI's client) and waits for the receiver's ACK:
 * PCD-04 for an alarm, PCD-01 for an interrogation record or a status observation, nothing for other bodies. One
 * connection, opened on first use and again after any failure; the core retries what comes back {@code Failed}.
 */
public final class MllpDestination implements Destination {
    private static final Logger LOG = LoggerFactory.getLogger(MllpDestination.class);

    private final Hl7Settings settings;
    private final DefaultHapiContext context;
    private final Pcd01Mapper pcd01;
    private final Pcd04Mapper pcd04;
    private Connection connection;

    public MllpDestination(Hl7Settings settings) {
        this(settings, Clock.systemUTC());
    }

    MllpDestination(Hl7Settings settings, Clock clock) {
        this.settings = settings;
        this.context = new DefaultHapiContext();
        context.setSocketFactory(new BoundedConnectSocketFactory(settings.ackTimeout()));
        // HAPI's default id generator keeps a file in the working directory; MSH-10 comes from ControlId anyway
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        this.pcd01 = new Pcd01Mapper(settings, context, clock);
        this.pcd04 = new Pcd04Mapper(settings, context, clock);
    }

    @Override
    public String name() {
        return "hl7";
    }

    @Override
    public Outcome deliver(Received received) throws InterruptedException {
        Optional<ORU_R01> message;
        try {
            message = received.envelope().getBodyCase() == Envelope.BodyCase.ALARM
                    ? pcd04.map(received) : pcd01.map(received);
        } catch (HL7Exception e) {
            // a value HAPI's validation refuses fails the same way every time: no retry
            return new Outcome.Rejected("could not build the HL7 message (" + e.getClass().getSimpleName() + ")");
        }
        if (message.isEmpty()) {
            return new Outcome.Skipped("no HL7 mapping for " + received.envelope().getBodyCase());
        }
        return send(message.get());
    }

    private Outcome send(Message message) throws InterruptedException {
        try {
            return AckOutcome.of(connection().getInitiator().sendAndReceive(message));
        } catch (HL7Exception | LLPException | IOException e) {
            // no ACK, a timeout, a refused or broken connection: start over on a new one
            discard();
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the HL7 ACK");
            }
            LOG.debug("HL7 send to {}:{} failed: {}", settings.host(), settings.port(), e.getClass().getSimpleName());
            return new Outcome.Failed(AckOutcome.oneLine(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private Connection connection() throws HL7Exception {
        if (connection != null && !connection.isOpen()) {
            discard();
        }
        if (connection == null) {
            connection = context.newClient(settings.host(), settings.port(), false);
            connection.getInitiator().setTimeout(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        return connection;
    }

    private void discard() {
        if (connection != null) {
            context.getConnectionHub().discard(connection);
            connection = null;
        }
    }

    @Override
    public void close() {
        discard();
        context.close();
    }

    @Override
    public String toString() {
        return "MllpDestination[" + settings.host() + ":" + settings.port() + "]";
    }
}
