package io.pumplink.bridge.hl7;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v26.datatype.HD;
import ca.uhn.hl7v2.model.v26.segment.MSH;

/** MSH of every message the bridge sends, as IHE PCD TF-2 asks for PCD-01 and PCD-04. */
final class MessageHeader {
    static final String VERSION = "2.6";
    static final String PRODUCTION = "P";
    /** MSH-15 AL, MSH-16 NE: an accept ACK always, no application ACK (IHE PCD TF-2). */
    static final String ACCEPT_ACK_ALWAYS = "AL";
    static final String APPLICATION_ACK_NEVER = "NE";

    private MessageHeader() {
    }

    static void fill(MSH msh, Hl7Settings settings, IheProfile profile, String controlId, long nowMs)
            throws DataTypeException {
        msh.getFieldSeparator().setValue("|");
        msh.getEncodingCharacters().setValue("^~\\&");
        name(msh.getSendingApplication(), settings.sendingApplication());
        name(msh.getSendingFacility(), settings.sendingFacility());
        name(msh.getReceivingApplication(), settings.receivingApplication());
        name(msh.getReceivingFacility(), settings.receivingFacility());
        Hl7Values.time(msh.getDateTimeOfMessage(), nowMs);
        msh.getMessageType().getMessageCode().setValue(IheProfile.MESSAGE_TYPE);
        msh.getMessageType().getTriggerEvent().setValue(profile.trigger);
        msh.getMessageType().getMessageStructure().setValue(IheProfile.MESSAGE_STRUCTURE);
        msh.getMessageControlID().setValue(controlId);
        msh.getProcessingID().getProcessingID().setValue(PRODUCTION);
        msh.getVersionID().getVersionID().setValue(VERSION);
        msh.getAcceptAcknowledgmentType().setValue(ACCEPT_ACK_ALWAYS);
        msh.getApplicationAcknowledgmentType().setValue(APPLICATION_ACK_NEVER);
        var profileId = msh.getMessageProfileIdentifier(0);
        profileId.getEntityIdentifier().setValue(profile.profileId);
        profileId.getNamespaceID().setValue(IheProfile.ASSIGNER);
        profileId.getUniversalID().setValue(profile.oid);
        profileId.getUniversalIDType().setValue(IheProfile.OID_TYPE);
    }

    private static void name(HD hd, String name) throws DataTypeException {
        if (!name.isEmpty()) {
            hd.getNamespaceID().setValue(name);
        }
    }
}
