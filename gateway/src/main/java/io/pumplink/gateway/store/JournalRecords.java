package io.pumplink.gateway.store;

import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.frame.FrameResult;
import io.pumplink.protocol.message.Inbound;
import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.Packet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A journal entry's payload. A received frame keeps its origin and the frame's own bytes (header, payload, CRC),
 * so it is re-checked by the same CRC when read back, and decoded by the same codecs.
 * <pre>
 * version 2, frame:  u8 2, u8 1, UTF link id, UTF programmer serial, u32 HELLO capabilities, i64 receive time,
 *                    i32 length, frame bytes
 * version 2, alert:  u8 2, u8 2, the alert as {@link GatewayAlertCodec} writes it
 * version 2, frame with an identity conflict (same ICD identity as a stored frame, other content):
 *                    u8 2, u8 3, UTF conflict tag, then as a frame after its kind byte
 * version 1 (read only, journals written before schema 2): u8 1, UTF link id, UTF programmer serial,
 *                    i64 receive time, i32 length, frame bytes; capabilities read as 0
 * </pre>
 */
public final class JournalRecords {
    private static final int VERSION_1 = 1;
    private static final int VERSION = 2;
    private static final int KIND_FRAME = 1;
    private static final int KIND_ALERT = 2;
    private static final int KIND_CONFLICTING_FRAME = 3;

    private JournalRecords() {
    }

    public static byte[] encode(ReceivedFrame frame) {
        return encode(frame, Optional.empty());
    }

    /** @param identityConflict the tag of a frame whose identity conflicts with a stored frame's, see above */
    public static byte[] encode(ReceivedFrame frame, Optional<String> identityConflict) {
        byte[] raw = FrameCodec.toBytes(MessageCodec.encode(frame.packet()));
        return write(raw.length + 64, out -> {
            out.writeByte(VERSION);
            out.writeByte(identityConflict.isPresent() ? KIND_CONFLICTING_FRAME : KIND_FRAME);
            if (identityConflict.isPresent()) {
                out.writeUTF(identityConflict.get());
            }
            out.writeUTF(frame.linkId());
            out.writeUTF(frame.programmerSerial());
            out.writeInt((int) frame.capabilities());
            out.writeLong(frame.receiveTimeMs());
            out.writeInt(raw.length);
            out.write(raw);
        });
    }

    public static byte[] encode(GatewayAlert alert) {
        return write(128, out -> {
            out.writeByte(VERSION);
            out.writeByte(KIND_ALERT);
            GatewayAlertCodec.write(alert, out);
        });
    }

    /** @throws IllegalArgumentException when the entry is not one this gateway stored */
    public static JournalRecord decode(byte[] entry) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry))) {
            int version = in.readUnsignedByte();
            if (version == VERSION_1) {
                return new JournalRecord.Frame(frame(in, false));
            }
            if (version != VERSION) {
                throw new IllegalArgumentException("journal record version " + version);
            }
            int kind = in.readUnsignedByte();
            return switch (kind) {
                case KIND_FRAME -> new JournalRecord.Frame(frame(in, true));
                case KIND_ALERT -> new JournalRecord.Alert(GatewayAlertCodec.read(in));
                case KIND_CONFLICTING_FRAME -> {
                    String tag = in.readUTF();
                    yield new JournalRecord.Frame(frame(in, true), Optional.of(tag));
                }
                default -> throw new IllegalArgumentException("journal record kind " + kind);
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("journal record truncated", e);
        }
    }

    private static ReceivedFrame frame(DataInputStream in, boolean withCapabilities) throws IOException {
        String linkId = in.readUTF();
        String programmerSerial = in.readUTF();
        long capabilities = withCapabilities ? Integer.toUnsignedLong(in.readInt()) : 0;
        long receiveTimeMs = in.readLong();
        byte[] raw = in.readNBytes(in.readInt());
        FrameResult frame = FrameCodec.parse(raw);
        if (!(frame instanceof Frame valid)) {
            throw new IllegalArgumentException("journal record holds an invalid frame: " + frame);
        }
        Inbound inbound = MessageCodec.decode(valid);
        if (!(inbound instanceof Packet packet)) {
            throw new IllegalArgumentException("journal record holds an unusable frame: " + inbound);
        }
        return new ReceivedFrame(linkId, programmerSerial, capabilities, receiveTimeMs, packet);
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(int sizeHint, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }
}
