package io.pumplink.gateway.publish;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.pumplink.proto.v1.Envelope;
import java.util.List;

/**
 * How a pump serial leaves over MQTT (README "Pseudonymised topics"): topic levels carry {@link #topic}, the
 * {@code pump_serial} fields and message ids {@link #payload}. Only the MQTT edge renames: the journal, the model,
 * the clinical state and the active-alarm book keep the real serial. Programmer serials are never renamed.
 *
 * @param serialsInPayload payloads keep the real serial while topics carry the pseudonym
 */
public record PumpNames(Pseudonyms pseudonyms, boolean serialsInPayload) {
    /** Without a key: every serial as it is. */
    public static final PumpNames REAL = new PumpNames(Pseudonyms.IDENTITY, false);
    /** Every field of this name, in any message at any depth, holds a pump serial (docs/schema.md). */
    private static final String PUMP_SERIAL_FIELD = "pump_serial";

    public String topic(String serial) {
        return pseudonyms.pseudonym(serial);
    }

    public String payload(String serial) {
        return serialsInPayload ? serial : pseudonyms.pseudonym(serial);
    }

    /**
     * Renames every {@code pump_serial} field of an envelope built with real serials, and marks the header when
     * one became a pseudonym. Message ids are the builder's: it makes them with {@link #payload}.
     */
    public Envelope.Builder rename(Envelope.Builder envelope) {
        if (pseudonyms.keyed() && !serialsInPayload && renamed(envelope) > 0) {
            envelope.getHeaderBuilder().setPumpSerialPseudonymised(true);
        }
        return envelope;
    }

    /** Reflection, not a list of fields: a pump serial added to the schema later cannot slip through. */
    private int renamed(Message.Builder message) {
        int renamed = 0;
        for (FieldDescriptor field : List.copyOf(message.getAllFields().keySet())) {
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                int count = field.isRepeated() ? message.getRepeatedFieldCount(field) : 1;
                for (int i = 0; i < count; i++) {
                    renamed += renamed(field.isRepeated() ? message.getRepeatedFieldBuilder(field, i)
                            : message.getFieldBuilder(field));
                }
            } else if (field.getName().equals(PUMP_SERIAL_FIELD) && !field.isRepeated()) {
                message.setField(field, pseudonyms.pseudonym((String) message.getField(field)));
                renamed++;
            }
        }
        return renamed;
    }
}
