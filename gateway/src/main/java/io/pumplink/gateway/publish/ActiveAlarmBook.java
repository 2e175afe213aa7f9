package io.pumplink.gateway.publish;

import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.frame.FrameResult;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.Packet;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The active alarms of every pump (raised minus cleared), kept on disk so a restarted gateway republishes the
 * same retained set. Applying an ALARM twice (a replay after a crash) changes nothing. Alarms are stored in
 * their own wire form. Not thread-safe.
 */
public final class ActiveAlarmBook {
    private final Path file;
    private final Map<String, TreeMap<Long, Alarm>> byPump = new TreeMap<>();

    public ActiveAlarmBook(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            load();
        }
    }

    /** Applies a raise or clear; returns the pump's active alarms after it, ordered by alarm id. */
    public List<Alarm> apply(Alarm alarm) {
        TreeMap<Long, Alarm> active = byPump.computeIfAbsent(alarm.pumpSerial(), pump -> new TreeMap<>());
        boolean changed;
        if (alarm.stateCode() == AlarmState.RAISED.code()) {
            changed = !alarm.equals(active.put(alarm.alarmId(), alarm));
        } else if (alarm.stateCode() == AlarmState.CLEARED.code()) {
            changed = active.remove(alarm.alarmId()) != null;
        } else {
            changed = false; // an unknown state is published as an event but says nothing about being active
        }
        if (changed) {
            save();
        }
        return List.copyOf(active.values());
    }

    public List<Alarm> active(String pumpSerial) {
        return List.copyOf(byPump.getOrDefault(pumpSerial, new TreeMap<>()).values());
    }

    /** Write, fsync, then rename over the old file: a crash leaves either the old set or the new one. */
    private void save() {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (TreeMap<Long, Alarm> alarms : byPump.values()) {
                for (Alarm alarm : alarms.values()) {
                    byte[] frame = FrameCodec.toBytes(MessageCodec.encode(Packet.of(0, alarm)));
                    out.writeInt(frame.length);
                    out.write(frame);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(bytes.toByteArray()));
            channel.force(true);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the active alarm set " + file, e);
        }
    }

    private void load() {
        List<Alarm> alarms = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            while (in.available() > 0) {
                FrameResult frame = FrameCodec.parse(in.readNBytes(in.readInt()));
                if (frame instanceof Frame valid && MessageCodec.decode(valid) instanceof Packet packet
                        && packet.message() instanceof Alarm alarm) {
                    alarms.add(alarm);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        alarms.forEach(alarm -> byPump.computeIfAbsent(alarm.pumpSerial(), pump -> new TreeMap<>())
                .put(alarm.alarmId(), alarm));
    }
}
