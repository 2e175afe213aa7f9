package io.pumplink.bridge.fhir;

import io.pumplink.bridge.PatientIdentity;
import io.pumplink.bridge.Received;
import io.pumplink.bridge.terms.AlarmReport;
import io.pumplink.bridge.terms.Measurement;
import io.pumplink.bridge.terms.Measurements;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.InterrogationRecord;
import io.pumplink.proto.v1.PumpIdentity;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/**
 * A received message as one FHIR R4 transaction Bundle (docs/interoperability.md, "FHIR R4"): the pump's Device, a
 * DeviceMetric per measured term, an Observation per measurement, per alarm raise or clear, and per interrogation
 * session. Each resource is created only if none has its identifier; an Observation's identifier is the message
 * id and what it reports, so a redelivered message creates nothing twice. A Bundle without entries means nothing
 * maps. An interrogation record's patient_ref becomes Observation.subject only when {@code patients} says so.
 */
public final class FhirMapper {
    private final PatientIdentity patients;

    public FhirMapper(PatientIdentity patients) {
        this.patients = patients;
    }

    public Bundle map(Received message) {
        Envelope envelope = message.envelope();
        TransactionBundle bundle = new TransactionBundle();
        List<Measurement> measurements = Measurements.of(envelope);
        boolean alarm = envelope.getBodyCase() == Envelope.BodyCase.ALARM;
        boolean record = envelope.getBodyCase() == Envelope.BodyCase.INTERROGATION_RECORD;
        if (measurements.isEmpty() && !alarm && !record) {
            return bundle.bundle();
        }
        Optional<DeviceEntries> device = DeviceEntries.of(bundle, envelope.getHeader(), identity(envelope));
        Optional<Reference> subject = record ? subject(envelope.getInterrogationRecord()) : Optional.empty();
        List<Reference> observations = measurements.stream().map(measurement -> {
            Observation observation = MeasurementObservation.of(measurement);
            device.ifPresent(d -> observation.setDevice(d.metric(measurement)));
            subject.ifPresent(observation::setSubject);
            return add(bundle, observation, message.messageId() + "/" + measurement.term().refId());
        }).toList();
        if (alarm) {
            Observation observation = AlarmObservation.of(AlarmReport.of(envelope));
            device.ifPresent(d -> observation.setDevice(d.device()));
            add(bundle, observation, message.messageId() + "/alarm");
        }
        if (record) {
            Observation session = SessionObservation.of(envelope.getInterrogationRecord());
            device.ifPresent(d -> session.setDevice(d.device()));
            subject.ifPresent(session::setSubject);
            session.setHasMember(observations);
            add(bundle, session, message.messageId() + "/session");
        }
        return bundle.bundle();
    }

    /** The identity the message carries (a PUMP_IDENTITY, or a record's snapshot of it), if any. */
    private static Optional<PumpIdentity> identity(Envelope envelope) {
        return switch (envelope.getBodyCase()) {
            case PUMP_IDENTITY -> Optional.of(envelope.getPumpIdentity());
            case INTERROGATION_RECORD -> envelope.getInterrogationRecord().hasIdentity()
                    ? Optional.of(envelope.getInterrogationRecord().getIdentity()) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** A logical reference by identifier: no Patient resource is created or looked up. */
    private Optional<Reference> subject(InterrogationRecord record) {
        return patients.of(record.getPatientRef()).map(ref -> new Reference().setType("Patient")
                .setIdentifier(new Identifier().setSystem(patients.system().orElseThrow()).setValue(ref)));
    }

    private static Reference add(TransactionBundle bundle, Observation observation, String key) {
        Identifier id = new Identifier().setSystem(FhirSystems.MESSAGE_ID).setValue(key);
        observation.getIdentifier().add(0, id);
        return bundle.createOnce(observation, id);
    }
}
