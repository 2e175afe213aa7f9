package io.pumplink.bridge.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.v26.datatype.CWE;
import ca.uhn.hl7v2.model.v26.datatype.DTM;
import ca.uhn.hl7v2.model.v26.datatype.NM;
import ca.uhn.hl7v2.model.v26.datatype.ST;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v26.segment.OBX;
import io.pumplink.bridge.terms.Measurement;
import io.pumplink.bridge.terms.Measurement.Coded;
import io.pumplink.bridge.terms.Measurement.Instant;
import io.pumplink.bridge.terms.Measurement.Quantity;
import io.pumplink.bridge.terms.Term;

/** The OBX segments of one order observation, numbered (OBX-1) in the order they are added. */
final class Observations {
    /** OBX-11: device data no clinician has verified (IHE PCD TF-2). */
    static final String UNVERIFIED = "R";
    /** OBX-11 of a containment OBX that names a device and carries no value (IHE PCD TF-2 examples). */
    static final String NO_VALUE = "X";
    /** OBX-18 EI.2: whose serial it is, so a receiver never matches a pseudonym against its asset list. */
    static final String SERIAL_NAMESPACE = "PUMPLINK";
    static final String PSEUDONYM_NAMESPACE = "PUMPLINK_PSEUDONYM";

    private final ORU_R01_ORDER_OBSERVATION order;
    private final Message message;

    Observations(ORU_R01_ORDER_OBSERVATION order) {
        this.order = order;
        this.message = order.getMessage();
    }

    /** A device OBX (containment or ACM source): the device term and, if known, its serial in OBX-18. */
    OBX device(Term device, String subId, String serial, boolean pseudonymised, String status)
            throws HL7Exception {
        OBX obx = next(device, subId, status);
        if (!serial.isEmpty()) {
            Hl7Values.id(obx.getEquipmentInstanceIdentifier(0), serial,
                    pseudonymised ? PSEUDONYM_NAMESPACE : SERIAL_NAMESPACE);
        }
        return obx;
    }

    /** A measurement: NM with its unit, CWE from PumpLink's enums, or DTM; OBX-14 when it was observed. */
    void measurement(Measurement measurement, String subId) throws HL7Exception {
        OBX obx = next(measurement.term(), subId, UNVERIFIED);
        Measurement.Value value = measurement.value();
        if (value instanceof Quantity quantity) {
            NM nm = new NM(message);
            nm.setValue(Hl7Values.number(quantity.amount()));
            value(obx, "NM", nm);
            Hl7Values.unit(obx.getUnits(), quantity.unit());
        } else if (value instanceof Coded coded) {
            CWE cwe = new CWE(message);
            Hl7Values.code(cwe, coded.code(), coded.display(), Term.LOCAL_HL7_SYSTEM);
            value(obx, "CWE", cwe);
        } else if (value instanceof Instant instant) {
            DTM dtm = new DTM(message);
            Hl7Values.time(dtm, instant.epochMs());
            value(obx, "DTM", dtm);
        }
        Hl7Values.time(obx.getDateTimeOfTheObservation(), measurement.observedAtMs());
    }

    /** A text value (ST) under an observation identifier given as a code. */
    OBX text(Term term, String subId, String text) throws HL7Exception {
        OBX obx = next(term, subId, UNVERIFIED);
        text(obx, text);
        return obx;
    }

    /** An OBX whose OBX-3 the caller fills (an alarm's event code). */
    OBX next(String subId, String status) throws HL7Exception {
        int setId = order.getOBSERVATIONReps() + 1;
        OBX obx = order.getOBSERVATION(setId - 1).getOBX();
        obx.getSetIDOBX().setValue(Integer.toString(setId));
        obx.getObservationSubID().setValue(subId);
        obx.getObservationResultStatus().setValue(status);
        return obx;
    }

    void text(OBX obx, String text) throws HL7Exception {
        ST st = new ST(message);
        st.setValue(text);
        value(obx, "ST", st);
    }

    private OBX next(Term term, String subId, String status) throws HL7Exception {
        OBX obx = next(subId, status);
        Hl7Values.term(obx.getObservationIdentifier(), term);
        return obx;
    }

    private static void value(OBX obx, String valueType, Type value) throws DataTypeException {
        obx.getValueType().setValue(valueType);
        obx.getObservationValue(0).setData(value);
    }
}
