package io.pumplink.gateway.e2e;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pumplink.gateway.model.MessageIds;
import io.pumplink.protocol.capture.CaptureReader;
import io.pumplink.protocol.capture.CaptureRecord;
import io.pumplink.protocol.capture.Direction;
import io.pumplink.protocol.frame.FrameDecoder;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.message.Ack;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.Inbound;
import io.pumplink.protocol.message.MessageDecoder;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.Packet;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An emulator capture (--record) decoded with the protocol module's own decoders (FrameDecoder and
 * MessageDecoder, as the gateway's pipeline has them), one decoder pair per direction, record by record in file
 * order: so a gateway ACK is seen after the frame it acknowledges, as on the wire.
 */
final class CaptureFrames {
    /** One decoded frame of either direction, in capture order. */
    record Frame(int order, Direction direction, long micros, Packet packet) {
        boolean fromProgrammer() {
            return direction == Direction.PROGRAMMER_TO_GATEWAY;
        }
    }

    private final List<Frame> frames;
    private final String programmerSerial;

    private CaptureFrames(List<Frame> frames, String programmerSerial) {
        this.frames = frames;
        this.programmerSerial = programmerSerial;
    }

    /** Reads what is in the file now; a record still being written at the end is left out. */
    static CaptureFrames read(Path file, String programmerSerial) throws IOException {
        List<Frame> frames = new ArrayList<>();
        EmbeddedChannel fromProgrammer = decoder();
        EmbeddedChannel fromGateway = decoder();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             CaptureReader reader = CaptureReader.open(in)) {
            for (var record = reader.next(); record.isPresent(); record = reader.next()) {
                CaptureRecord r = record.get();
                EmbeddedChannel channel = r.direction() == Direction.PROGRAMMER_TO_GATEWAY ? fromProgrammer
                        : fromGateway;
                channel.writeInbound(Unpooled.wrappedBuffer(r.bytes()));
                for (Object out = channel.readInbound(); out != null; out = channel.readInbound()) {
                    if (out instanceof Packet packet) {
                        frames.add(new Frame(frames.size(), r.direction(), r.timestampMicros(), packet));
                    }
                    // RejectedFrame / InvalidFrame: nothing the emulator sends on a clean link
                }
            }
        } finally {
            fromProgrammer.finishAndReleaseAll();
            fromGateway.finishAndReleaseAll();
        }
        return new CaptureFrames(frames, programmerSerial);
    }

    private static EmbeddedChannel decoder() {
        return new EmbeddedChannel(new FrameDecoder(new FrameStats()), new MessageDecoder(new MessageStats()));
    }

    List<Frame> all() {
        return frames;
    }

    /** Programmer-to-gateway packets, retransmissions included. */
    List<Packet> fromProgrammer() {
        return frames.stream().filter(Frame::fromProgrammer).map(Frame::packet).toList();
    }

    /** The gateway's message id of a frame (gateway/model/MessageIds). */
    String messageId(Inbound inbound) {
        return MessageIds.of(programmerSerial, inbound);
    }

    /** Each ALARM the programmer sent, once (a retransmission repeats its original), by message id. */
    Map<String, Alarm> alarms() {
        Map<String, Alarm> alarms = new LinkedHashMap<>();
        for (Packet packet : fromProgrammer()) {
            if (packet.message() instanceof Alarm alarm) {
                alarms.putIfAbsent(messageId(packet), alarm);
            }
        }
        return alarms;
    }

    /**
     * The message ids of the ALARMs the gateway acknowledged: each gateway ACK mapped to the programmer's latest
     * reliable frame with that seq sent before it.
     */
    Set<String> acknowledgedAlarmIds() {
        Map<Integer, Packet> lastReliableBySeq = new HashMap<>();
        Set<String> acked = new LinkedHashSet<>();
        for (Frame frame : frames) {
            Packet packet = frame.packet();
            if (frame.fromProgrammer()) {
                if (packet.reliable()) {
                    lastReliableBySeq.put(packet.seq(), packet);
                }
            } else if (packet.message() instanceof Ack ack) {
                Packet original = lastReliableBySeq.get(ack.ackedSeq());
                if (original != null && original.message() instanceof Alarm) {
                    acked.add(messageId(original));
                }
            }
        }
        return acked;
    }
}
