package io.pumplink.bridge.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v26.datatype.CWE;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.model.v26.segment.OBR;
import ca.uhn.hl7v2.model.v26.segment.OBX;
import io.pumplink.bridge.Received;
import io.pumplink.bridge.terms.AlarmReport;
import io.pumplink.bridge.terms.AlarmReport.EventCode;
import io.pumplink.bridge.terms.Term;
import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.Envelope;
import java.time.Clock;
import java.util.Optional;

/**
 * IHE PCD-04 (ACM) {@code ORU^R40^ORU_R01}, HL7 v2.6, for an alarm raise or clear: pump, programmer and gateway
 * alerts alike. OBR-3 is the alarm's identity, the same for its raise and its clear, so an alarm manager pairs
 * them; the ACM facets follow in OBX-4 {@code 1.0.0.0.<facet>}: 1 the event (OBX-8 priority and type), 2 its source
 * device, 3 the event phase, 4 the alarm state. docs/interoperability.md, "HL7 v2".
 */
public final class Pcd04Mapper {
    static final String FACET_PREFIX = "1.0.0.0.";
    static final String EVENT_FACET = FACET_PREFIX + 1;
    static final String SOURCE_FACET = FACET_PREFIX + 2;
    static final String PHASE_FACET = FACET_PREFIX + 3;
    static final String STATE_FACET = FACET_PREFIX + 4;

    private final Hl7Settings settings;
    private final HapiContext context;
    private final Clock clock;

    public Pcd04Mapper(Hl7Settings settings, HapiContext context, Clock clock) {
        this.settings = settings;
        this.context = context;
        this.clock = clock;
    }

    /** The message for this publication; empty unless its body is an alarm. */
    public Optional<ORU_R01> map(Received received) throws HL7Exception {
        Envelope envelope = received.envelope();
        if (envelope.getBodyCase() != Envelope.BodyCase.ALARM) {
            return Optional.empty();
        }
        Alarm alarm = envelope.getAlarm();
        AlarmReport report = AlarmReport.of(envelope);
        ORU_R01 message = context.newMessage(ORU_R01.class);
        MessageHeader.fill(message.getMSH(), settings, IheProfile.PCD_04, ControlId.of(received.messageId()),
                clock.millis());
        ORU_R01_ORDER_OBSERVATION order = message.getPATIENT_RESULT().getORDER_OBSERVATION();
        OBR obr = order.getOBR();
        obr.getSetIDOBR().setValue("1");
        Hl7Values.id(obr.getFillerOrderNumber(), report.alarmIdentity(), settings.sendingApplication());
        event(obr.getUniversalServiceIdentifier(), report.event());
        Hl7Values.time(obr.getObservationDateTime(), report.atMs());

        Observations observations = new Observations(order);
        OBX event = observations.next(EVENT_FACET, Observations.UNVERIFIED);
        event(event.getObservationIdentifier(), report.event());
        observations.text(event, report.text());
        event.getAbnormalFlags(0).setValue(report.priority());
        event.getAbnormalFlags(1).setValue(report.type());
        Hl7Values.time(event.getDateTimeOfTheObservation(), report.atMs());

        boolean programmer = alarm.getSource() == AlarmSource.ALARM_SOURCE_PROGRAMMER;
        observations.device(programmer ? Term.DEV_PROGRAMMER : Term.DEV_PUMP_INFUS, SOURCE_FACET,
                programmer ? envelope.getHeader().getProgrammerSerial() : alarm.getPumpSerial(),
                !programmer && envelope.getHeader().getPumpSerialPseudonymised(), Observations.UNVERIFIED);
        observations.text(Term.EVENT_PHASE, PHASE_FACET, report.phase());
        observations.text(Term.ALARM_STATE, STATE_FACET, report.state());
        return Optional.of(message);
    }

    /** MDC events as {@code code^REFID^MDC}; PumpLink's own as {@code code^code^99PUMPLINK}. */
    private static void event(CWE cwe, EventCode event) throws HL7Exception {
        Hl7Values.code(cwe, event.code(), event.refId(), event.mdc() ? Hl7Values.MDC : Term.LOCAL_HL7_SYSTEM);
    }
}
