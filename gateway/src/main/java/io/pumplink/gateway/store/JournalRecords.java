package io.pumplink.gateway.store;

import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.frame.FrameResult;
import io.pumplink.protocol.message.Inbound;
import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.Packet;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.ByteArrayInputStream;

/**
 * A received frame as the journal keeps it: its origin and the frame's own bytes (header, payload, CRC), so a
 * journal entry is re-checked by the same CRC when it is read back, and decoded by the same codecs.
 * Layout: u8 version, UTF link id, UTF programmer serial, i64 receive time, i32 length, frame bytes.
 */
public final class JournalRecords {
    private static final int VERSION = 1;

    private JournalRecords() {
    }

    public static byte[] encode(ReceivedFrame frame) {
        byte[] raw = FrameCodec.toBytes(MessageCodec.encode(frame.packet()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(frame.linkId());
            out.writeUTF(frame.programmerSerial());
            out.writeLong(frame.receiveTimeMs());
            out.writeInt(raw.length);
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the entry is not a frame this gateway stored */
    public static ReceivedFrame decode(byte[] entry) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("journal record version " + version);
            }
            String linkId = in.readUTF();
            String programmerSerial = in.readUTF();
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
            return new ReceivedFrame(linkId, programmerSerial, receiveTimeMs, packet);
        } catch (IOException e) {
            throw new IllegalArgumentException("journal record truncated", e);
        }
    }
}
