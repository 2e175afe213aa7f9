package io.pumplink.gateway.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.pumplink.proto.v1.Envelope;
import java.nio.charset.StandardCharsets;

/**
 * What a payload on a PumpLink topic is: an Envelope as the gateway publishes it (Protobuf), the same Envelope from
 * its JSON mirror (the Protobuf JSON mapping), or neither, and then why. Shared by {@code watch} and {@code request}.
 */
final class EnvelopePayload {
    private EnvelopePayload() {
    }

    /** A payload read as an Envelope, or why it is not one. */
    record Decoded(Envelope envelope, String error) {
        boolean ok() {
            return envelope != null;
        }
    }

    /** Protobuf as the gateway publishes it, or the JSON mapping of its JSON mirror; never throws. */
    static Decoded decode(byte[] payload) {
        if (payload.length == 0) {
            return new Decoded(null, "empty payload");
        }
        Envelope.Builder envelope = Envelope.newBuilder();
        try {
            if (!(isJsonText(payload) && mergedJson(payload, envelope))) {
                // Protobuf can begin with the bytes "\n{" too (a 123-byte header): JSON is only a first guess
                envelope.clear().mergeFrom(payload);
            }
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return new Decoded(null, "not a pumplink.v1.Envelope (" + firstLine(e.getMessage()) + ")");
        }
        if (!envelope.hasHeader() && envelope.getBodyCase() == Envelope.BodyCase.BODY_NOT_SET) {
            return new Decoded(null, "not a pumplink.v1.Envelope (no header, no body)");
        }
        return new Decoded(envelope.build(), null);
    }

    /** Whether the payload looks like the JSON mirror's text: its first non-blank byte opens an object. */
    static boolean isJsonText(byte[] payload) {
        for (byte b : payload) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return false;
    }

    private static boolean mergedJson(byte[] payload, Envelope.Builder envelope) {
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(new String(payload, StandardCharsets.UTF_8), envelope);
            return true;
        } catch (InvalidProtocolBufferException | RuntimeException notJson) {
            return false;
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
