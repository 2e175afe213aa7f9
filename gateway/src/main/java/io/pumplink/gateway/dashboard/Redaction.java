package io.pumplink.gateway.dashboard;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clears every {@code patient_ref} field, at any depth, before a message is shown on the dashboard. Driven by the
 * schema (field names), so a patient reference added to another message later is cleared as well.
 */
final class Redaction {
    static final String FIELD = "patient_ref";
    private static final Map<Descriptor, Boolean> CAN_HOLD = new ConcurrentHashMap<>();

    private Redaction() {
    }

    @SuppressWarnings("unchecked")
    static <M extends Message> M strip(M message) {
        if (!canHold(message.getDescriptorForType())) {
            return message;
        }
        Message.Builder builder = message.toBuilder();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.getName().equals(FIELD)) {
                builder.clearField(field);
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && canHold(field.getMessageType())) {
                if (field.isRepeated()) {
                    for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
                        builder.setRepeatedField(field, i, strip((Message) message.getRepeatedField(field, i)));
                    }
                } else if (message.hasField(field)) {
                    builder.setField(field, strip((Message) message.getField(field)));
                }
            }
        }
        return (M) builder.build();
    }

    /** Whether a message of this type may contain a patient reference somewhere. */
    static boolean canHold(Descriptor type) {
        Boolean known = CAN_HOLD.get(type);
        if (known == null) {
            known = search(type, new HashSet<>());
            CAN_HOLD.put(type, known);
        }
        return known;
    }

    private static boolean search(Descriptor type, Set<Descriptor> seen) {
        if (!seen.add(type)) {
            return false;
        }
        for (FieldDescriptor field : type.getFields()) {
            if (field.getName().equals(FIELD)
                    || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && search(field.getMessageType(), seen)) {
                return true;
            }
        }
        return false;
    }
}
