package io.pumplink.protocol.message;

/** HELLO (P→G, reliable): the programmer opens or restarts the link. */
public record Hello(int protocolVersion, String programmerSerial, int fwMajor, int fwMinor, int fwPatch,
                    long capabilities, int heartbeatIntervalMs) implements Message {
    public static final long CAP_INTERROGATION = 1;
    public static final long CAP_STATUS_STREAMING = 1 << 1;
    public static final long CAP_EVENT_LOG = 1 << 2;
    /** PTL 1.1 (ICD section 6): THERAPY_SUMMARY and REFILL_ACCOUNTING. */
    public static final long CAP_THERAPY_SUMMARY = 1 << 3;

    static final PayloadCodec<Hello> CODEC = PayloadCodec.of(
            in -> new Hello(in.u8(), in.ascii16("programmer_serial"), in.u8(), in.u8(), in.u16(), in.u32(), in.u16()),
            (m, out) -> out.u8(m.protocolVersion).ascii16(m.programmerSerial).u8(m.fwMajor).u8(m.fwMinor)
                    .u16(m.fwPatch).u32(m.capabilities).u16(m.heartbeatIntervalMs));

    public Hello {
        Fields.u8("protocol_version", protocolVersion);
        Ascii16.require("programmer_serial", programmerSerial);
        Fields.u8("fw_major", fwMajor);
        Fields.u8("fw_minor", fwMinor);
        Fields.u16("fw_patch", fwPatch);
        Fields.u32("capabilities", capabilities);
        Fields.u16("heartbeat_interval_ms", heartbeatIntervalMs);
    }

    public boolean hasCapability(long capability) {
        return (capabilities & capability) != 0;
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO;
    }
}
