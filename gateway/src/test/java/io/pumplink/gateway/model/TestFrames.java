package io.pumplink.gateway.model;

import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.protocol.message.Ack;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.HelloAck;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.Nak;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.PumpIdentity;
import io.pumplink.protocol.message.RequestInterrogation;
import io.pumplink.protocol.message.RequestStatus;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import io.pumplink.protocol.message.TherapySummary;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Messages and frames shared by the gateway's model, publish and store tests: one pump, one programmer. */
public final class TestFrames {
    public static final String GATEWAY = "gw-1";
    public static final String LINK = "bench-1";
    public static final String PROGRAMMER = "PRG-000123";
    public static final String PUMP = "NGP-4711";
    /** A patient reference that must never show up in ids, logs or toString. */
    public static final String PATIENT = "PAT-SECRET-42";
    /** 2026-01-01T00:00:00Z, device clock. */
    public static final long TS = 1_767_225_600_000L;
    public static final long DAY_MS = 86_400_000L;
    public static final int COMPLETE = 0;
    public static final int ABORTED = 1;
    /** A CONTINUOUS flow of 0.5 mL/day. */
    public static final long HALF_ML_PER_DAY = 20_833;
    public static final long ONE_ML_PER_DAY = 41_667;
    /** HELLO capabilities of a PTL 1.0 programmer (interrogation, streaming, event log) and of a 1.1 one (+ bit3). */
    public static final long CAPABILITIES_1_0 = 0b0111;
    public static final long CAPABILITIES_1_1 = 0b1111;
    /** Received on the gateway clock at TS (device and gateway clocks agree). */
    public static final Origin ORIGIN = new Origin(GATEWAY, LINK, PROGRAMMER, CAPABILITIES_1_0, OptionalLong.of(TS));
    public static final Origin ORIGIN_1_1 = new Origin(GATEWAY, LINK, PROGRAMMER, CAPABILITIES_1_1,
            OptionalLong.of(TS));

    private TestFrames() {
    }

    public static SessionBegin begin(String pump, long session) {
        return new SessionBegin(TS, pump, session, PATIENT);
    }

    public static LogEntry entry(String pump, long session, int index) {
        return new LogEntry(TS - (100 - index) * 60_000L, pump, session, index, 2, 20_000, 20_833, 2000);
    }

    public static SessionEnd end(String pump, long session, int entryCount, int outcome) {
        return new SessionEnd(TS + 5_000, pump, session, entryCount, outcome);
    }

    public static Alarm alarm(String pump, long alarmId, AlarmState state) {
        return alarm(pump, alarmId, 0x0001, state.code());
    }

    public static Alarm alarm(String pump, long alarmId, int alarmCode, int stateCode) {
        return new Alarm(TS + alarmId, pump, alarmId, alarmCode, 2, stateCode, 1998);
    }

    public static PumpIdentity identity(String pump) {
        return new PumpIdentity(TS, pump, 8637, 20_000, 0x0102, 20_000, 200);
    }

    /** Baclofen at {@code concentrationUgPerMl}, low threshold 2 mL. */
    public static ReservoirStatus reservoir(String pump, long volumeUl, long concentrationUgPerMl) {
        return new ReservoirStatus(TS, pump, volumeUl, 2000, 1, concentrationUgPerMl, TS - 30 * DAY_MS);
    }

    /** CONTINUOUS at {@code rateNlPerHour}. */
    public static FlowStatus flow(String pump, long rateNlPerHour) {
        return new FlowStatus(TS, pump, 1, rateNlPerHour, 0, 7655, 0, 0);
    }

    public static BatteryStatus battery(String pump) {
        return new BatteryStatus(TS, pump, 2950, 0, 1500);
    }

    /** Baclofen 2 000 µg/mL, {@code dailyVolumeNl} per day, dose from them, no refill date set. */
    public static TherapySummary therapy(String pump, long dailyVolumeNl) {
        return new TherapySummary(TS, pump, 1, 2000, dailyVolumeNl, Math.round(dailyVolumeNl * 2000 / 1e6), 0);
    }

    /** One message of every type the ICD defines. */
    public static Map<MessageType, Message> oneOfEach() {
        Map<MessageType, Message> all = new EnumMap<>(MessageType.class);
        List.of(new Hello(1, PROGRAMMER, 2, 4, 17, 7, 1000), new HelloAck(TS, HelloAck.ACCEPTED, 1024),
                        new Heartbeat(1000), new Ack(41), new Nak(41, 3), new ProgrammerStatus(TS, 80, 1, -60),
                        identity(PUMP), reservoir(PUMP, 12_345, 2000), flow(PUMP, HALF_ML_PER_DAY), battery(PUMP),
                        alarm(PUMP, 9, AlarmState.RAISED), begin(PUMP, 7), entry(PUMP, 7, 0),
                        end(PUMP, 7, 1, COMPLETE), new RequestInterrogation(77), new RequestStatus(78),
                        new CommandResult(77, 0), therapy(PUMP, 300_000))
                .forEach(message -> all.put(message.type(), message));
        return all;
    }

    /** As the link hands it over: RELIABLE exactly when the ICD says so. */
    public static ReceivedFrame received(int seq, Message message, long receiveTimeMs) {
        return new ReceivedFrame(LINK, PROGRAMMER, CAPABILITIES_1_0, receiveTimeMs, Packet.of(seq, message));
    }

    /** From a PTL 1.1 programmer (HELLO bit3): its rounds end with THERAPY_SUMMARY. */
    public static ReceivedFrame received11(int seq, Message message, long receiveTimeMs) {
        return new ReceivedFrame(LINK, PROGRAMMER, CAPABILITIES_1_1, receiveTimeMs, Packet.of(seq, message));
    }

    /** As the dispatcher gives it to the session assembler, without derived values. */
    public static Observation observation(Message message) {
        return new Observation(ORIGIN, Packet.of(0, message), Derived.NONE);
    }
}
