package io.pumplink.bridge;

/**
 * What a {@link Destination} made of one message. Only {@link Failed} is tried again; the others end the message
 * (the MQTT message is acknowledged), so one bad message never stops the stream.
 */
public sealed interface Outcome {
    /** The receiver took it: HL7 ACK AA, FHIR 2xx. */
    record Delivered() implements Outcome {
    }

    /** The receiver refused it for good (HL7 AE/AR, FHIR 4xx with its OperationOutcome): logged and counted. */
    record Rejected(String reason) implements Outcome {
    }

    /** Not delivered (no connection, timeout, HL7 no ACK, FHIR 5xx/429): tried again with backoff. */
    record Failed(String reason) implements Outcome {
    }

    /** Nothing of this message maps to the destination (a body it does not carry): counted, not sent. */
    record Skipped(String reason) implements Outcome {
    }

    /**
     * A receiver's words as one log line of at most {@code maxChars}: control characters and runs of white space
     * become one space, and a longer text is cut with "…". Reasons come from outside, so they are bounded.
     */
    static String oneLine(String text, int maxChars) {
        String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return line.length() <= maxChars ? line : line.substring(0, maxChars - 1) + "…";
    }
}
