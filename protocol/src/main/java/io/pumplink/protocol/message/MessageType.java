package io.pumplink.protocol.message;

import java.util.Optional;

/**
 * Every PTL v1 message type with its code, minimum payload length, whether its sender must send it
 * RELIABLE, and its codec (ICD section 4; THERAPY_SUMMARY: section 6, revision 1.1).
 */
public enum MessageType {
    HELLO(0x01, 27, true, Hello.CODEC),
    HELLO_ACK(0x02, 11, false, HelloAck.CODEC),
    HEARTBEAT(0x03, 4, false, Heartbeat.CODEC),
    ACK(0x04, 2, false, Ack.CODEC),
    NAK(0x05, 3, false, Nak.CODEC),
    PROGRAMMER_STATUS(0x06, 11, false, ProgrammerStatus.CODEC),
    PUMP_IDENTITY(0x10, 38, false, PumpIdentity.CODEC),
    RESERVOIR_STATUS(0x11, 45, false, ReservoirStatus.CODEC),
    FLOW_STATUS(0x12, 39, false, FlowStatus.CODEC),
    BATTERY_STATUS(0x13, 29, false, BatteryStatus.CODEC),
    ALARM(0x14, 36, true, Alarm.CODEC),
    SESSION_BEGIN(0x15, 44, true, SessionBegin.CODEC),
    LOG_ENTRY(0x16, 43, true, LogEntry.CODEC),
    SESSION_END(0x17, 31, true, SessionEnd.CODEC),
    THERAPY_SUMMARY(0x18, 45, false, TherapySummary.CODEC),
    REQUEST_INTERROGATION(0x20, 4, true, RequestInterrogation.CODEC),
    REQUEST_STATUS(0x21, 4, true, RequestStatus.CODEC),
    COMMAND_RESULT(0x22, 5, true, CommandResult.CODEC);

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final int minPayloadLength;
    private final boolean reliable;
    private final PayloadCodec<?> codec;

    MessageType(int code, int minPayloadLength, boolean reliable, PayloadCodec<?> codec) {
        this.code = code;
        this.minPayloadLength = minPayloadLength;
        this.reliable = reliable;
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

    PayloadCodec<?> codec() {
        return codec;
    }

    public static Optional<MessageType> of(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
