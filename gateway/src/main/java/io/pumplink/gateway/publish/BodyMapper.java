package io.pumplink.gateway.publish;

import io.pumplink.gateway.model.Derived;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.protocol.message.Ack;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.HelloAck;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Nak;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.PumpIdentity;
import io.pumplink.protocol.message.RequestInterrogation;
import io.pumplink.protocol.message.RequestStatus;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import io.pumplink.protocol.message.TherapySummary;
import io.pumplink.proto.v1.AlarmCode;
import io.pumplink.proto.v1.AlarmPriority;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.AlarmState;
import io.pumplink.proto.v1.BatteryState;
import io.pumplink.proto.v1.CommandResultCode;
import io.pumplink.proto.v1.Drug;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FlowMode;
import io.pumplink.proto.v1.LogEvent;
import io.pumplink.proto.v1.NakReason;
import io.pumplink.proto.v1.ProjectionBasis;
import io.pumplink.proto.v1.SessionOutcome;
import io.pumplink.proto.v1.TelemetryState;
import java.util.function.IntFunction;

/**
 * Wire message fields into the envelope's body, one method per type. Proto enums number wire codes as the
 * schema says (docs/schema.md): the same number, or the number + 1 where wire 0 is a real value. Unknown
 * codes map to UNSPECIFIED and survive in the raw {@code *_code} field.
 */
final class BodyMapper {
    private static final int SHIFTED = 1;

    private BodyMapper() {
    }

    static void setBody(Envelope.Builder envelope, Message message, Derived derived) {
        if (message instanceof Hello m) {
            hello(envelope, m);
        } else if (message instanceof HelloAck m) {
            envelope.getHelloAckBuilder().setGatewayTimeMs(m.gatewayTimeMs()).setAccepted(m.accepted())
                    .setMaxPayload(m.maxPayload());
        } else if (message instanceof Heartbeat m) {
            envelope.getHeartbeatBuilder().setUptimeMs((int) m.uptimeMs());
        } else if (message instanceof Ack m) {
            envelope.getAckBuilder().setAckedSeq(m.ackedSeq());
        } else if (message instanceof Nak m) {
            envelope.getNakBuilder().setNakSeq(m.nakSeq()).setReasonCode(m.reasonCode())
                    .setReason(known(NakReason::forNumber, m.reasonCode(), NakReason.NAK_REASON_UNSPECIFIED));
        } else if (message instanceof ProgrammerStatus m) {
            envelope.getProgrammerStatusBuilder().setTsMs(m.tsMs()).setBatteryPct(m.batteryPct())
                    .setTelemetryStateCode(m.telemetryStateCode()).setRssiDbm(m.rssiDbm())
                    .setTelemetryState(known(TelemetryState::forNumber, m.telemetryStateCode() + SHIFTED,
                            TelemetryState.TELEMETRY_STATE_UNSPECIFIED));
        } else if (message instanceof PumpIdentity m) {
            envelope.setPumpIdentity(identity(m));
        } else if (message instanceof ReservoirStatus m) {
            envelope.setReservoirStatus(reservoir(m, (Derived.Reservoir) derived));
        } else if (message instanceof FlowStatus m) {
            envelope.setFlowStatus(flow(m, (Derived.Flow) derived));
        } else if (message instanceof BatteryStatus m) {
            envelope.setBatteryStatus(battery(m));
        } else if (message instanceof TherapySummary m) {
            envelope.setTherapySummary(therapy(m, (Derived.Therapy) derived));
        } else if (message instanceof Alarm m) {
            envelope.setAlarm(alarm(m));
        } else if (message instanceof SessionBegin m) {
            envelope.getSessionBeginBuilder().setTsMs(m.tsMs()).setPumpSerial(m.pumpSerial())
                    .setSessionId((int) m.sessionId()).setPatientRef(m.patientRef());
        } else if (message instanceof LogEntry m) {
            envelope.setLogEntry(logEntry(m, derived));
        } else if (message instanceof SessionEnd m) {
            envelope.getSessionEndBuilder().setTsMs(m.tsMs()).setPumpSerial(m.pumpSerial())
                    .setSessionId((int) m.sessionId()).setEntryCount(m.entryCount()).setOutcomeCode(m.outcomeCode())
                    .setOutcome(known(SessionOutcome::forNumber, m.outcomeCode() + SHIFTED,
                            SessionOutcome.SESSION_OUTCOME_UNSPECIFIED));
        } else if (message instanceof RequestInterrogation m) {
            envelope.getRequestInterrogationBuilder().setRequestId((int) m.requestId());
        } else if (message instanceof RequestStatus m) {
            envelope.getRequestStatusBuilder().setRequestId((int) m.requestId());
        } else if (message instanceof CommandResult m) {
            envelope.getCommandResultBuilder().setRequestId((int) m.requestId()).setResultCode(m.resultCode())
                    .setResult(known(CommandResultCode::forNumber, m.resultCode() + SHIFTED,
                            CommandResultCode.COMMAND_RESULT_CODE_UNSPECIFIED));
        }
    }

    private static void hello(Envelope.Builder envelope, Hello m) {
        envelope.getHelloBuilder().setProtocolVersion(m.protocolVersion()).setProgrammerSerial(m.programmerSerial())
                .setFwMajor(m.fwMajor()).setFwMinor(m.fwMinor()).setFwPatch(m.fwPatch())
                .setCapabilities((int) m.capabilities()).setHeartbeatIntervalMs(m.heartbeatIntervalMs())
                .setFwVersion(m.fwMajor() + "." + m.fwMinor() + "." + m.fwPatch())
                .setCapInterrogation(m.hasCapability(Hello.CAP_INTERROGATION))
                .setCapStatusStreaming(m.hasCapability(Hello.CAP_STATUS_STREAMING))
                .setCapEventLog(m.hasCapability(Hello.CAP_EVENT_LOG))
                .setCapTherapySummary(m.hasCapability(Hello.CAP_THERAPY_SUMMARY));
    }

    static io.pumplink.proto.v1.PumpIdentity identity(PumpIdentity m) {
        return io.pumplink.proto.v1.PumpIdentity.newBuilder().setTsMs(m.tsMs()).setPumpSerial(m.pumpSerial())
                .setModelCode(m.modelCode()).setReservoirCapacityUl((int) m.reservoirCapacityUl())
                .setPumpFw(m.pumpFw()).setImplantDateDays((int) m.implantDateDays())
                .setCatheterVolumeUl(m.catheterVolumeUl()).build();
    }

    static io.pumplink.proto.v1.BatteryStatus battery(BatteryStatus m) {
        return io.pumplink.proto.v1.BatteryStatus.newBuilder().setTsMs(m.tsMs()).setPumpSerial(m.pumpSerial())
                .setVoltageMv(m.voltageMv()).setStateCode(m.stateCode()).setDaysToEri(m.daysToEri())
                .setState(known(BatteryState::forNumber, m.stateCode() + SHIFTED,
                        BatteryState.BATTERY_STATE_UNSPECIFIED))
                .build();
    }

    static io.pumplink.proto.v1.ReservoirStatus reservoir(ReservoirStatus m, Derived.Reservoir derived) {
        var body = io.pumplink.proto.v1.ReservoirStatus.newBuilder().setTsMs(m.tsMs()).setPumpSerial(m.pumpSerial())
                .setVolumeUl((int) m.volumeUl()).setLowAlarmThresholdUl((int) m.lowAlarmThresholdUl())
                .setDrugCode(m.drugCode()).setDrug(known(Drug::forNumber, m.drugCode(), Drug.DRUG_UNSPECIFIED))
                .setConcentrationUgPerMl((int) m.concentrationUgPerMl()).setLastRefillTsMs(m.lastRefillTsMs())
                .setVolumeMl(derived.volumeMl()).setProjectionBasis(basis(derived.basis()))
                .setProjectionUnavailableReason(derived.unavailableReason());
        derived.dailyVolumeNl().ifPresent(volume -> body.setProjectionDailyVolumeNl((int) volume));
        derived.projectionRateNlPerHour().ifPresent(rate -> body.setProjectionRateNlPerHour((int) rate));
        derived.daysToLowThreshold().ifPresent(body::setDaysToLowThreshold);
        derived.daysToEmpty().ifPresent(body::setDaysToEmpty);
        derived.lowThresholdDateMs().ifPresent(body::setLowThresholdDateMs);
        derived.refillByDateMs().ifPresent(body::setRefillByDateMs);
        return body.build();
    }

    static io.pumplink.proto.v1.FlowStatus flow(FlowStatus m, Derived.Flow derived) {
        var body = io.pumplink.proto.v1.FlowStatus.newBuilder().setTsMs(m.tsMs()).setPumpSerial(m.pumpSerial())
                .setModeCode(m.modeCode())
                .setMode(known(FlowMode::forNumber, m.modeCode() + SHIFTED, FlowMode.FLOW_MODE_UNSPECIFIED))
                .setRateNlPerHour((int) m.rateNlPerHour()).setBolusRemainingUl((int) m.bolusRemainingUl())
                .setDeliveredSinceRefillUl((int) m.deliveredSinceRefillUl()).setStepIndex(m.stepIndex())
                .setStepCount(m.stepCount()).setRateMlPerDay(derived.rateMlPerDay())
                .setDailyDoseBasis(basis(derived.basis()))
                .setDailyDoseUnavailableReason(derived.unavailableReason());
        derived.concentrationUgPerMl().ifPresent(c -> body.setConcentrationUgPerMl((int) c));
        derived.dailyDoseUgPerDay().ifPresent(body::setDailyDoseUgPerDay);
        derived.dailyVolumeNl().ifPresent(volume -> body.setDailyVolumeNl((int) volume));
        return body.build();
    }

    static io.pumplink.proto.v1.TherapySummary therapy(TherapySummary m, Derived.Therapy derived) {
        var body = io.pumplink.proto.v1.TherapySummary.newBuilder().setTsMs(m.tsMs()).setPumpSerial(m.pumpSerial())
                .setDrugCode(m.drugCode()).setDrug(known(Drug::forNumber, m.drugCode(), Drug.DRUG_UNSPECIFIED))
                .setConcentrationUgPerMl((int) m.concentrationUgPerMl()).setDailyVolumeNl((int) m.dailyVolumeNl())
                .setDailyDoseUg((int) m.dailyDoseUg()).setNextRefillDueTsMs(m.nextRefillDueTsMs())
                .setDailyVolumeMl(derived.dailyVolumeMl());
        derived.dailyDoseUgPerDay().ifPresent(body::setDailyDoseUgPerDay);
        return body.build();
    }

    private static ProjectionBasis basis(Derived.Basis basis) {
        return switch (basis) {
            case DAILY_VOLUME -> ProjectionBasis.PROJECTION_BASIS_DAILY_VOLUME;
            case CURRENT_RATE -> ProjectionBasis.PROJECTION_BASIS_CURRENT_RATE;
            case NONE -> ProjectionBasis.PROJECTION_BASIS_NONE;
        };
    }

    /** A pump's or a programmer's own ALARM (no pump serial: ICD section 6). */
    static io.pumplink.proto.v1.Alarm alarm(Alarm m) {
        return io.pumplink.proto.v1.Alarm.newBuilder().setTsMs(m.tsMs()).setPumpSerial(m.pumpSerial())
                .setAlarmId((int) m.alarmId()).setAlarmCode(m.alarmCode())
                .setAlarm(known(AlarmCode::forNumber, m.alarmCode(), AlarmCode.ALARM_CODE_UNSPECIFIED))
                .setPriorityCode(m.priorityCode())
                .setPriority(known(AlarmPriority::forNumber, m.priorityCode() + SHIFTED,
                        AlarmPriority.ALARM_PRIORITY_UNSPECIFIED))
                .setStateCode(m.stateCode())
                .setState(known(AlarmState::forNumber, m.stateCode(), AlarmState.ALARM_STATE_UNSPECIFIED))
                .setDetail(m.detail())
                .setSource(m.pumpSerial().isEmpty() ? AlarmSource.ALARM_SOURCE_PROGRAMMER : AlarmSource.ALARM_SOURCE_PUMP)
                .setName(m.code().map(Enum::name).orElse("UNKNOWN_0x%04X".formatted(m.alarmCode())))
                .build();
    }

    /** An alert the gateway raised or cleared: the same message as a pump alarm, marked with its source. */
    static io.pumplink.proto.v1.Alarm alarm(GatewayAlert m) {
        return io.pumplink.proto.v1.Alarm.newBuilder().setTsMs(m.atMs()).setPumpSerial(m.pumpSerial())
                .setAlarmId((int) m.alarmId()).setAlarmCode(m.kind().code())
                .setAlarm(known(AlarmCode::forNumber, m.kind().code(), AlarmCode.ALARM_CODE_UNSPECIFIED))
                .setPriorityCode(m.priority().code())
                .setPriority(known(AlarmPriority::forNumber, m.priority().code() + SHIFTED,
                        AlarmPriority.ALARM_PRIORITY_UNSPECIFIED))
                .setStateCode(m.state().code())
                .setState(known(AlarmState::forNumber, m.state().code(), AlarmState.ALARM_STATE_UNSPECIFIED))
                .setDetail(m.detail())
                .setSource(AlarmSource.ALARM_SOURCE_GATEWAY)
                .setName(m.kind().name())
                .setReason(m.reason())
                .build();
    }

    static io.pumplink.proto.v1.LogEntry logEntry(LogEntry m, Derived derived) {
        var entry = io.pumplink.proto.v1.LogEntry.newBuilder().setTsMs(m.tsMs()).setPumpSerial(m.pumpSerial())
                .setSessionId((int) m.sessionId()).setIndex(m.index()).setEventCode(m.eventCode())
                .setEvent(known(LogEvent::forNumber, m.eventCode(), LogEvent.LOG_EVENT_UNSPECIFIED))
                .setA(m.a()).setB(m.b()).setC(m.c());
        if (derived instanceof Derived.Refill refill) {
            entry.setRefillDiscrepancyUl(refill.discrepancyUl());
        } else if (derived instanceof Derived.RefillAccuracy accuracy) {
            entry.setRefillExpectedDeliveredUl(accuracy.expectedDeliveredUl())
                    .setRefillActualDeliveredUl(accuracy.actualDeliveredUl())
                    .setRefillDeviationOutOfRange(accuracy.outOfRange())
                    .setRefillTolerancePct(accuracy.tolerancePct());
            accuracy.deviationPct().ifPresent(entry::setRefillDeviationPct);
        }
        return entry.build();
    }

    static <E> E known(IntFunction<E> forNumber, int number, E unspecified) {
        E value = forNumber.apply(number);
        return value == null ? unspecified : value;
    }
}
