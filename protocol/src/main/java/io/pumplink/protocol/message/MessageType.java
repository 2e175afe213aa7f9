package io.pumplink.protocol.message;

import java.util.Optional;

/**
 * Every PTL v1 message type with its code, minimum payload length, whether its sender must send it
 * RELIABLE, its {@link Kind}, and its codec (ICD section 4; THERAPY_SUMMARY: section 6, revision 1.1).
 */
public enum MessageType {
    HELLO(0x01, 27, true, Kind.LINK, Hello.CODEC),
    HELLO_ACK(0x02, 11, false, Kind.LINK, HelloAck.CODEC),
    HEARTBEAT(0x03, 4, false, Kind.LINK, Heartbeat.CODEC),
    ACK(0x04, 2, false, Kind.LINK, Ack.CODEC),
    NAK(0x05, 3, false, Kind.LINK, Nak.CODEC),
    PROGRAMMER_STATUS(0x06, 11, false, Kind.DATA, ProgrammerStatus.CODEC),
    PUMP_IDENTITY(0x10, 38, false, Kind.DATA, PumpIdentity.CODEC),
    RESERVOIR_STATUS(0x11, 45, false, Kind.DATA, ReservoirStatus.CODEC),
    FLOW_STATUS(0x12, 39, false, Kind.DATA, FlowStatus.CODEC),
    BATTERY_STATUS(0x13, 29, false, Kind.DATA, BatteryStatus.CODEC),
    ALARM(0x14, 36, true, Kind.DATA, Alarm.CODEC),
    SESSION_BEGIN(0x15, 44, true, Kind.DATA, SessionBegin.CODEC),
    LOG_ENTRY(0x16, 43, true, Kind.DATA, LogEntry.CODEC),
    SESSION_END(0x17, 31, true, Kind.DATA, SessionEnd.CODEC),
    THERAPY_SUMMARY(0x18, 45, false, Kind.DATA, TherapySummary.CODEC),
    REQUEST_INTERROGATION(0x20, 4, true, Kind.REQUEST, RequestInterrogation.CODEC),
    REQUEST_STATUS(0x21, 4, true, Kind.REQUEST, RequestStatus.CODEC),
    COMMAND_RESULT(0x22, 5, true, Kind.DATA, CommandResult.CODEC);

    /** What a type is for, and so who sends it. */
    public enum Kind {
        /** Link control (ICD section 3): HELLO from the programmer, HELLO_ACK from the gateway, the rest either way. */
        LINK,
        /** Device data, programmer to gateway: status, pump messages, command results; the gateway stores them. */
        DATA,
        /** A gateway's request, gateway to programmer. */
        REQUEST
    }

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final int minPayloadLength;
    private final boolean reliable;
    private final Kind kind;
    private final PayloadCodec<?> codec;

    MessageType(int code, int minPayloadLength, boolean reliable, Kind kind, PayloadCodec<?> codec) {
        this.code = code;
        this.minPayloadLength = minPayloadLength;
        this.reliable = reliable;
        this.kind = kind;
        this.codec = codec;
    }

    public int code() {
        return code;
    }

    public int minPayloadLength() {
        return minPayloadLength;
    }

    /** Whether the ICD requires its sender to set RELIABLE (and so the receiver to ACK). */
    public boolean reliable() {
        return reliable;
    }

    public Kind kind() {
        return kind;
    }

    PayloadCodec<?> codec() {
        return codec;
    }

    public static Optional<MessageType> of(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
