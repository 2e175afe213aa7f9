package io.pumplink.bridge.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import io.pumplink.bridge.Outcome;
import java.util.LinkedHashSet;
import java.util.Set;

/** What a receiver's ACK says of one message: MSA-1, and for a refusal the receiver's own words, on one line. */
final class AckOutcome {
    /** Enough for a receiver's error text; a reason is a log line and a metric label, never a document. */
    static final int MAX_REASON_LENGTH = 200;

    private AckOutcome() {
    }

    static Outcome of(Message ack) {
        String code = read(ack, "/MSA-1");
        return switch (code) {
            case "AA", "CA" -> new Outcome.Delivered();
            case "AE", "AR", "CE", "CR" -> new Outcome.Rejected(oneLine("HL7 " + code + explanation(ack)));
            default -> new Outcome.Failed(oneLine("HL7 ACK without a known MSA-1 code: '" + code + "'"));
        };
    }

    /** MSA-3 text, ERR-3 HL7 error code with its original text (HAPI's exception message), ERR-8 user message. */
    private static String explanation(Message ack) {
        Set<String> parts = new LinkedHashSet<>();
        parts.add(read(ack, "/MSA-3"));
        parts.add((read(ack, "/ERR-3-1") + " " + read(ack, "/ERR-3-2")).trim());
        parts.add(read(ack, "/ERR-3-9"));
        parts.add(read(ack, "/ERR-8"));
        parts.remove("");
        return parts.isEmpty() ? "" : ": " + String.join("; ", parts);
    }

    /** A field, or "" where the ACK has none (an older version's ERR has no ERR-3). */
    private static String read(Message ack, String path) {
        try {
            String value = new Terser(ack).get(path);
            return value == null ? "" : value.trim();
        } catch (HL7Exception | RuntimeException e) {
            return "";
        }
    }

    static String oneLine(String text) {
        return Outcome.oneLine(text, MAX_REASON_LENGTH);
    }
}
