package io.pumplink.emulator.scenario;

import io.pumplink.config.Values;
import io.pumplink.config.Values.Value;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The PTL v1 revision a programmer implements. 1.1 (ICD section 6) sets HELLO capability bit 3 and adds
 * THERAPY_SUMMARY to sessions and status rounds and REFILL_ACCOUNTING after every REFILL; a 1.0 programmer never
 * sends either. Both say protocol version 1 in HELLO.
 */
public enum ProtocolRevision {
    V1_0("1.0"),
    V1_1("1.1");

    private final String text;

    ProtocolRevision(String text) {
        this.text = text;
    }

    /** HELLO capability bit 3; THERAPY_SUMMARY after FLOW_STATUS in sessions and status rounds. */
    public boolean sendsTherapySummary() {
        return this == V1_1;
    }

    /** REFILL_ACCOUNTING right after every REFILL in the log. */
    public boolean logsRefillAccounting() {
        return this == V1_1;
    }

    /** @throws IllegalArgumentException naming the revisions there are */
    public static ProtocolRevision parse(String text) {
        return Arrays.stream(values()).filter(revision -> revision.text.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be " + choices() + ", got \"" + text + "\""));
    }

    /** "1.1" or 1.1 in a scenario file: YAML reads the unquoted form as a number, whose text is the same. */
    static Value<ProtocolRevision> value() {
        return node -> {
            try {
                return parse(node.isTextual() || node.isFloatingPointNumber() ? node.asText() : "");
            } catch (IllegalArgumentException e) {
                throw Values.invalid("must be " + choices(), node);
            }
        };
    }

    private static String choices() {
        return Arrays.stream(values()).map(revision -> "\"" + revision.text + "\"").collect(Collectors.joining(" or "));
    }

    @Override
    public String toString() {
        return text;
    }
}
