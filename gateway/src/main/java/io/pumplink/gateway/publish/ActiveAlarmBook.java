package io.pumplink.gateway.publish;

import io.pumplink.gateway.journal.JournalFiles;
import io.pumplink.gateway.model.AlertKind;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.store.GatewayAlertCodec;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.frame.FrameResult;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.Packet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The active alarms of every pump (raised minus cleared): the pump's own, and the alerts the gateway raised about
 * it. Kept on disk so a restarted gateway republishes the same retained set, and knows which of its own alerts are
 * active. Applying a pump ALARM twice changes nothing. A gateway alert is applied only if its id is above every id
 * seen before for its pump and kind, so a raise replayed after its clear (entries are released in any order)
 * cannot bring it back. Not thread-safe.
 * <pre>
 * file: "PAB2", then records: u8 kind, i32 length, bytes
 *   kind 1  a pump ALARM in its wire form (a frame)
 *   kind 2  an active gateway alert ({@link GatewayAlertCodec})
 *   kind 3  UTF pump serial, UTF alert kind, i64 the highest alarm id seen for them
 * schema 1 files (no "PAB2": i32 length, frame, repeated) hold pump alarms only and are still read.
 * </pre>
 */
public final class ActiveAlarmBook {
    private static final int MAGIC = 0x50414232;
    private static final int PUMP_ALARM = 1;
    private static final int GATEWAY_ALERT = 2;
    private static final int HIGHEST_ID = 3;

    private final Path file;
    private final Map<String, Pump> byPump = new TreeMap<>();

    /** One pump's active set, as published: pump alarms by id, then gateway alerts by id. */
    public record Active(List<Alarm> pumpAlarms, List<GatewayAlert> gatewayAlerts) {
        public Active {
            pumpAlarms = List.copyOf(pumpAlarms);
            gatewayAlerts = List.copyOf(gatewayAlerts);
        }
    }

    private static final class Pump {
        final TreeMap<Long, Alarm> alarms = new TreeMap<>();
        final TreeMap<Long, GatewayAlert> alerts = new TreeMap<>();
        final Map<AlertKind, Long> highestAlertId = new EnumMap<>(AlertKind.class);

        Active active() {
            return new Active(new ArrayList<>(alarms.values()), new ArrayList<>(alerts.values()));
        }
    }

    public ActiveAlarmBook(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            load();
        }
    }

    /** Applies a pump's raise or clear; returns the pump's active set after it. */
    public Active apply(Alarm alarm) {
        Pump pump = pump(alarm.pumpSerial());
        boolean changed;
        if (alarm.stateCode() == AlarmState.RAISED.code()) {
            changed = !alarm.equals(pump.alarms.put(alarm.alarmId(), alarm));
        } else if (alarm.stateCode() == AlarmState.CLEARED.code()) {
            changed = pump.alarms.remove(alarm.alarmId()) != null;
        } else {
            changed = false; // an unknown state is published as an event but says nothing about being active
        }
        if (changed) {
            save();
        }
        return pump.active();
    }

    /** Applies one of the gateway's own raises or clears; returns the pump's active set after it. */
    public Active apply(GatewayAlert alert) {
        Pump pump = pump(alert.pumpSerial());
        long highest = pump.highestAlertId.getOrDefault(alert.kind(), 0L);
        boolean changed = alert.alarmId() > highest;
        if (alert.raised() && alert.alarmId() > highest) {
            pump.alerts.put(alert.alarmId(), alert);
        } else if (!alert.raised()) {
            changed |= pump.alerts.remove(alert.alarmId()) != null;
        }
        if (changed) {
            pump.highestAlertId.put(alert.kind(), Math.max(highest, alert.alarmId()));
            save();
        }
        return pump.active();
    }

    public Active active(String pumpSerial) {
        Pump pump = byPump.get(pumpSerial);
        return pump == null ? new Active(List.of(), List.of()) : pump.active();
    }

    /** Every pump with an active pump alarm, and those alarms. */
    public Map<String, List<Alarm>> pumpAlarms() {
        Map<String, List<Alarm>> out = new TreeMap<>();
        byPump.forEach((serial, pump) -> {
            if (!pump.alarms.isEmpty()) {
                out.put(serial, List.copyOf(pump.alarms.values()));
            }
        });
        return out;
    }

    /** Every active gateway alert. */
    public List<GatewayAlert> gatewayAlerts() {
        return byPump.values().stream().flatMap(pump -> pump.alerts.values().stream()).toList();
    }

    /** The highest gateway alert id ever applied, 0 when none. */
    public long highestAlertId() {
        return byPump.values().stream().flatMap(pump -> pump.highestAlertId.values().stream())
                .mapToLong(Long::longValue).max().orElse(0);
    }

    private Pump pump(String serial) {
        return byPump.computeIfAbsent(serial, s -> new Pump());
    }

    /** Replaced whole and atomically: a crash leaves either the old set or the new one. */
    private void save() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            for (Map.Entry<String, Pump> entry : byPump.entrySet()) {
                Pump pump = entry.getValue();
                for (Alarm alarm : pump.alarms.values()) {
                    record(out, PUMP_ALARM, FrameCodec.toBytes(MessageCodec.encode(Packet.of(0, alarm))));
                }
                for (GatewayAlert alert : pump.alerts.values()) {
                    record(out, GATEWAY_ALERT, bytes(body -> GatewayAlertCodec.write(alert, body)));
                }
                for (Map.Entry<AlertKind, Long> highest : pump.highestAlertId.entrySet()) {
                    record(out, HIGHEST_ID, bytes(body -> {
                        body.writeUTF(entry.getKey());
                        body.writeUTF(highest.getKey().name());
                        body.writeLong(highest.getValue());
                    }));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        try {
            JournalFiles.replaceAtomically(file, ByteBuffer.wrap(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the active alarm set " + file, e);
        }
    }

    private static void record(DataOutputStream out, int kind, byte[] body) throws IOException {
        out.writeByte(kind);
        out.writeInt(body.length);
        out.write(body);
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        }
        return bytes.toByteArray();
    }

    private void load() {
        try {
            byte[] all = Files.readAllBytes(file);
            boolean schema2 = all.length >= Integer.BYTES && ByteBuffer.wrap(all).getInt() == MAGIC;
            int start = schema2 ? Integer.BYTES : 0;
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, start, all.length - start));
            while (in.available() > 0) {
                int kind = schema2 ? in.readUnsignedByte() : PUMP_ALARM;
                loadRecord(kind, in.readNBytes(in.readInt()));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the active alarm set " + file + ": " + e.getMessage(), e);
        }
    }

    private void loadRecord(int kind, byte[] body) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        switch (kind) {
            case PUMP_ALARM -> {
                FrameResult frame = FrameCodec.parse(body);
                if (frame instanceof Frame valid && MessageCodec.decode(valid) instanceof Packet packet
                        && packet.message() instanceof Alarm alarm) {
                    pump(alarm.pumpSerial()).alarms.put(alarm.alarmId(), alarm);
                }
            }
            case GATEWAY_ALERT -> {
                GatewayAlert alert = GatewayAlertCodec.read(in);
                pump(alert.pumpSerial()).alerts.put(alert.alarmId(), alert);
            }
            case HIGHEST_ID -> pump(in.readUTF()).highestAlertId.put(AlertKind.valueOf(in.readUTF()), in.readLong());
            default -> throw new IOException("unknown record kind " + kind);
        }
    }
}
