package io.pumplink.bridge;

/**
 * Where a bridge delivers what it subscribed to: an HL7 v2 receiver over MLLP, a FHIR server. Called from one
 * thread, one message at a time, in the order the broker gave them; a call may block up to its own timeout.
 */
public interface Destination extends AutoCloseable {
    /** Short name for metrics and logs: {@code hl7}, {@code fhir}. */
    String name();

    Outcome deliver(Received message) throws InterruptedException;

    @Override
    void close();
}
