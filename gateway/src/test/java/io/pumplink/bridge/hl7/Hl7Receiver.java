package io.pumplink.bridge.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers every ORU^R01 and ORU^R40 with the code a test sets; keeps what it got. */
public final class Hl7Receiver implements ReceivingApplication<Message> {
    public volatile AcknowledgmentCode answer = AcknowledgmentCode.AA;
    public final List<String> received = new CopyOnWriteArrayList<>();

    @Override
    public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
        try {
            received.add(message.encode());
            return answer == AcknowledgmentCode.AA ? message.generateACK()
                    : message.generateACK(answer, new HL7Exception("pump not registered",
                            ErrorCode.UNKNOWN_KEY_IDENTIFIER));
        } catch (IOException e) {
            throw new HL7Exception(e);
        }
    }

    @Override
    public boolean canProcess(Message message) {
        return true;
    }
}
