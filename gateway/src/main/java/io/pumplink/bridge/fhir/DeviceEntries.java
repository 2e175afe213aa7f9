package io.pumplink.bridge.fhir;

import io.pumplink.bridge.terms.Measurement;
import io.pumplink.bridge.terms.Term;
import io.pumplink.proto.v1.Header;
import io.pumplink.proto.v1.PumpIdentity;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DeviceMetric;
import org.hl7.fhir.r4.model.DeviceMetric.DeviceMetricCategory;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * The device a message is about, as PoCD models it: the pump as an MDS {@code Device} (MDC_DEV_PUMP_INFUS_MDS) and
 * one {@code DeviceMetric} per term it measures, whose source is the Device. The programmer (for its own alarms) is
 * a Device with its serial only: no MDC term names it. UDI is not on the wire, so no Device carries one.
 */
final class DeviceEntries {
    private final TransactionBundle bundle;
    private final Identifier deviceId;
    private final Reference device;
    private final Map<Term, Reference> metrics = new EnumMap<>(Term.class);

    private DeviceEntries(TransactionBundle bundle, Identifier deviceId, Reference device) {
        this.bundle = bundle;
        this.deviceId = deviceId;
        this.device = device;
    }

    /**
     * The Device of the message's pump (or, without one, its programmer), added to {@code bundle}; empty when the
     * header names neither. {@code identity}, when the message carries it, sets model and firmware and replaces
     * the stored Device; otherwise the Device is created only if missing.
     */
    static Optional<DeviceEntries> of(TransactionBundle bundle, Header header, Optional<PumpIdentity> identity) {
        Device device = new Device();
        if (!header.getPumpSerial().isEmpty()) {
            String system = header.getPumpSerialPseudonymised() ? FhirSystems.PUMP_PSEUDONYM : FhirSystems.PUMP_SERIAL;
            device.addIdentifier().setSystem(system).setValue(header.getPumpSerial());
            device.setType(Codings.concept(Term.DEV_PUMP_INFUS));
        } else if (!header.getProgrammerSerial().isEmpty()) {
            device.addIdentifier().setSystem(FhirSystems.PROGRAMMER_SERIAL).setValue(header.getProgrammerSerial());
        } else {
            return Optional.empty();
        }
        Identifier id = device.getIdentifierFirstRep();
        identity.ifPresent(pump -> {
            device.setModelNumber(Integer.toUnsignedString(pump.getModelCode()));
            device.addVersion().setValue(Integer.toUnsignedString(pump.getPumpFw()));
        });
        Reference ref = identity.isPresent() ? bundle.createOrReplace(device, id) : bundle.createOnce(device, id);
        return Optional.of(new DeviceEntries(bundle, id, ref));
    }

    Reference device() {
        return device;
    }

    /** The DeviceMetric of {@code measurement}'s term, added once per bundle. */
    Reference metric(Measurement measurement) {
        return metrics.computeIfAbsent(measurement.term(), term -> {
            DeviceMetric metric = new DeviceMetric().setType(Codings.concept(term)).setSource(device)
                    .setCategory(DeviceMetricCategory.MEASUREMENT);
            if (measurement.value() instanceof Measurement.Quantity quantity) {
                metric.setUnit(Codings.concept(quantity.unit()));
            }
            Identifier id = metric.addIdentifier().setSystem(FhirSystems.DEVICE_METRIC)
                    .setValue(deviceId.getValue() + "/" + term.refId());
            return bundle.createOnce(metric, id);
        });
    }
}
