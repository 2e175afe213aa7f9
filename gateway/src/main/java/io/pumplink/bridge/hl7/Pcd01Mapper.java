package io.pumplink.bridge.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v26.datatype.CX;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.model.v26.segment.OBR;
import ca.uhn.hl7v2.model.v26.segment.PID;
import io.pumplink.bridge.PatientIdentity;
import io.pumplink.bridge.Received;
import io.pumplink.bridge.terms.Measurement;
import io.pumplink.bridge.terms.Measurements;
import io.pumplink.bridge.terms.Term;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.InterrogationRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * IHE PCD-01 (DEC) {@code ORU^R01^ORU_R01}, HL7 v2.6, for an interrogation record or a status observation: one OBR
 * for the pump, a containment OBX for the pump (MDS, sub-id {@code 1}) and one OBX per measurement under it
 * ({@code 1.0.0.n}: the pump has no VMD or channel of its own). docs/interoperability.md, "HL7 v2".
 */
public final class Pcd01Mapper {
    static final String MDS_SUB_ID = "1";
    static final String METRIC_SUB_ID_PREFIX = "1.0.0.";

    private final Hl7Settings settings;
    private final HapiContext context;
    private final Clock clock;

    public Pcd01Mapper(Hl7Settings settings, HapiContext context, Clock clock) {
        this.settings = settings;
        this.context = context;
        this.clock = clock;
    }

    /** The message for this publication; empty for a body that carries no pump measurement. */
    public Optional<ORU_R01> map(Received received) throws HL7Exception {
        Envelope envelope = received.envelope();
        boolean isRecord = envelope.getBodyCase() == Envelope.BodyCase.INTERROGATION_RECORD;
        List<Measurement> measurements = new ArrayList<>(Measurements.of(envelope));
        if (isRecord) {
            measurements.addAll(SessionObservations.of(envelope.getInterrogationRecord()));
        }
        if (measurements.isEmpty()) {
            return Optional.empty();
        }
        ORU_R01 message = context.newMessage(ORU_R01.class);
        String controlId = ControlId.of(received.messageId());
        MessageHeader.fill(message.getMSH(), settings, IheProfile.PCD_01, controlId, clock.millis());
        ORU_R01_PATIENT_RESULT result = message.getPATIENT_RESULT();
        if (isRecord) {
            patient(result, settings.patients(), envelope.getInterrogationRecord().getPatientRef());
        }
        ORU_R01_ORDER_OBSERVATION order = result.getORDER_OBSERVATION();
        OBR obr = order.getOBR();
        obr.getSetIDOBR().setValue("1");
        Hl7Values.id(obr.getFillerOrderNumber(), controlId, settings.sendingApplication());
        Hl7Values.term(obr.getUniversalServiceIdentifier(), Term.DEV_PUMP_INFUS);
        if (isRecord) {
            InterrogationRecord record = envelope.getInterrogationRecord();
            Hl7Values.time(obr.getObservationDateTime(), record.getBeginTsMs());
            if (record.hasEndTsMs()) {
                Hl7Values.time(obr.getObservationEndDateTime(), record.getEndTsMs());
            }
        } else {
            Hl7Values.time(obr.getObservationDateTime(), measurements.get(0).observedAtMs());
        }
        Observations observations = new Observations(order);
        observations.device(Term.DEV_PUMP_INFUS, MDS_SUB_ID, envelope.getHeader().getPumpSerial(),
                envelope.getHeader().getPumpSerialPseudonymised(), Observations.NO_VALUE);
        int metric = 0;
        for (Measurement measurement : measurements) {
            observations.measurement(measurement, METRIC_SUB_ID_PREFIX + ++metric);
        }
        return Optional.of(message);
    }

    /** PID only when the clinic configured patient identity; else no patient group, no identifier at all. */
    private static void patient(ORU_R01_PATIENT_RESULT result, PatientIdentity patients, String patientRef)
            throws HL7Exception {
        Optional<String> identifier = patients.of(patientRef);
        if (identifier.isEmpty()) {
            return;
        }
        PID pid = result.getPATIENT().getPID();
        pid.getSetIDPID().setValue("1");
        CX cx = pid.getPatientIdentifierList(0);
        cx.getIDNumber().setValue(identifier.get());
        cx.getAssigningAuthority().getNamespaceID().setValue(patients.system().orElseThrow());
    }
}
