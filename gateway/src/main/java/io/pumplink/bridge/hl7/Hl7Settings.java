package io.pumplink.bridge.hl7;

import io.pumplink.bridge.PatientIdentity;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and as whom the HL7 bridge sends: the MLLP receiver and the MSH-3 to MSH-6 names.
 *
 * @param ackTimeout           how long to wait for the receiver's ACK; also bounds the TCP connect
 * @param sendingApplication   MSH-3; {@link #DEFAULT_SENDING_APPLICATION} unless a site wants another
 * @param sendingFacility      MSH-4, empty to leave it out (likewise MSH-5 and MSH-6 below)
 * @param patients             whether an interrogation record's patient_ref goes out in PID-3
 */
public record Hl7Settings(String host, int port, Duration ackTimeout, String sendingApplication,
                          String sendingFacility, String receivingApplication, String receivingFacility,
                          PatientIdentity patients) {
    public static final String DEFAULT_SENDING_APPLICATION = "PUMPLINK";
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(10);
    /** A receiver slower than this is down, not slow; the core's backoff takes over. */
    public static final Duration MAX_ACK_TIMEOUT = Duration.ofMinutes(5);
    public static final int MAX_PORT = 65_535;
    /** HL7 v2.6 HD.1 (namespace id, IS) is at most 20 characters. */
    public static final int MAX_NAME_LENGTH = 20;
    /** HL7 delimiters would be escaped in MSH, which receivers' routing tables rarely expect. */
    private static final Pattern DELIMITERS = Pattern.compile("[|^~\\\\&\\r\\n]");

    public Hl7Settings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        Objects.requireNonNull(patients, "patients");
        if (host.isBlank()) {
            throw new IllegalArgumentException("hl7 host must not be blank");
        }
        if (port < 1 || port > MAX_PORT) {
            throw new IllegalArgumentException("hl7 port must be 1.." + MAX_PORT + ", not " + port);
        }
        if (ackTimeout.isNegative() || ackTimeout.isZero() || ackTimeout.compareTo(MAX_ACK_TIMEOUT) > 0) {
            throw new IllegalArgumentException("hl7 ackTimeout must be above 0 and at most " + MAX_ACK_TIMEOUT);
        }
        name("sendingApplication", sendingApplication, false);
        name("sendingFacility", sendingFacility, true);
        name("receivingApplication", receivingApplication, true);
        name("receivingFacility", receivingFacility, true);
    }

    /** A receiver with every default: sending application PUMPLINK, no facilities, no patient identifier. */
    public static Hl7Settings of(String host, int port) {
        return new Hl7Settings(host, port, DEFAULT_ACK_TIMEOUT, DEFAULT_SENDING_APPLICATION, "", "", "",
                PatientIdentity.NONE);
    }

    private static void name(String what, String value, boolean mayBeEmpty) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() && !mayBeEmpty) {
            throw new IllegalArgumentException("hl7 " + what + " must not be empty");
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("hl7 " + what + " must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (DELIMITERS.matcher(value).find()) {
            throw new IllegalArgumentException("hl7 " + what + " must not contain | ^ ~ \\ & or line breaks");
        }
    }
}
