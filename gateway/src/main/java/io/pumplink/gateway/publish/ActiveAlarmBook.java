package io.pumplink.gateway.publish;

import io.pumplink.gateway.journal.KeyedLog;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The active alarms of every pump (raised minus cleared): the pump's own, and the alerts the gateway raised about
 * it. Kept on disk so a restarted gateway republishes the same retained set, and knows which of its own alerts are
 * active. Applying a pump ALARM twice changes nothing. A gateway alert is applied only if its id is above every id
 * seen before for its pump and kind, so a raise replayed after its clear (entries are released in any order)
 * cannot bring it back. Not thread-safe: the publish loop owns it.
 *
 * <p>Each change is one record appended to a {@link KeyedLog}, made durable by the log's own thread: the cost of
 * an alarm does not grow with the number of pumps, and the caller never waits for the disk. The journal entry
 * that caused a change is released only once {@link #durable()} says the change is on disk, so a crash before
 * that replays the entry and applies it again.
 * <pre>
 * keys:   "A" NUL pump NUL alarm id    a pump ALARM in its wire form (a frame)
 *         "G" NUL pump NUL alarm id    an active gateway alert ({@link GatewayAlertCodec})
 *         "H" NUL pump NUL alert kind  UTF pump serial, UTF alert kind, i64 the highest alarm id seen for them
 * </pre>
 * Files of the earlier formats are converted when opened: schema 2 ("PAB2", then records: u8 kind 1/2/3 as the
 * keys A/G/H, i32 length, bytes), and schema 1 (i32 length, ALARM frame, repeated).
 */
public final class ActiveAlarmBook implements AutoCloseable {
    private static final int SCHEMA2_MAGIC = 0x50414232;
    /** The key's first character, by kind (kinds 1-3 as schema 2 numbered them). */
    private static final String KEY_KINDS = "-AGH";
    private static final int PUMP_ALARM = 1;
    private static final int GATEWAY_ALERT = 2;
    private static final int HIGHEST_ID = 3;
    /** The log is compacted once it is this large (and twice its live data). */
    private static final long COMPACT_AT_BYTES = 1 << 20;

    private final KeyedLog log;
    private final Map<String, Pump> byPump = new HashMap<>();

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

    /**
     * Opens the book in {@code file}, converting a file of an earlier format.
     *
     * @throws IllegalStateException when the file cannot be read
     */
    public ActiveAlarmBook(Path file) {
        try {
            if (Files.exists(file) && !KeyedLog.isLog(file)) {
                loadEarlierFormat(Files.readAllBytes(file));
                KeyedLog.replace(file, contents());
                byPump.clear();
            }
            log = KeyedLog.open(file, COMPACT_AT_BYTES);
            for (Map.Entry<String, byte[]> entry : log.contents().entrySet()) {
                load(kindOf(entry.getKey()), entry.getValue());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the active alarm set " + file + ": " + e.getMessage(), e);
        }
    }

    /** Applies a pump's raise or clear; returns the pump's active set after it. */
    public Active apply(Alarm alarm) {
        Pump pump = pump(alarm.pumpSerial());
        String key = key(PUMP_ALARM, alarm.pumpSerial(), Long.toString(alarm.alarmId()));
        if (alarm.stateCode() == AlarmState.RAISED.code()) {
            Alarm active = pump.alarms.get(alarm.alarmId());
            if (active != null && active.priorityCode() > alarm.priorityCode()) {
                // an identity conflict (another alarm raised under this id): its event is published, but the
                // active set keeps the higher-priority alarm rather than hide it
                return pump.active();
            }
            if (!alarm.equals(pump.alarms.put(alarm.alarmId(), alarm))) {
                log.put(key, FrameCodec.toBytes(MessageCodec.encode(Packet.of(0, alarm))));
            }
        } else if (alarm.stateCode() == AlarmState.CLEARED.code()) {
            if (pump.alarms.remove(alarm.alarmId()) != null) {
                log.remove(key);
            }
        } // an unknown state is published as an event but says nothing about being active
        return pump.active();
    }

    /** Applies one of the gateway's own raises or clears; returns the pump's active set after it. */
    public Active apply(GatewayAlert alert) {
        Pump pump = pump(alert.pumpSerial());
        long highest = pump.highestAlertId.getOrDefault(alert.kind(), 0L);
        String key = key(GATEWAY_ALERT, alert.pumpSerial(), Long.toString(alert.alarmId()));
        if (alert.raised() && alert.alarmId() > highest) {
            pump.alerts.put(alert.alarmId(), alert);
            log.put(key, bytes(out -> GatewayAlertCodec.write(alert, out)));
        } else if (!alert.raised() && pump.alerts.remove(alert.alarmId()) != null) {
            log.remove(key);
        }
        if (alert.alarmId() > highest) {
            pump.highestAlertId.put(alert.kind(), alert.alarmId());
            log.put(key(HIGHEST_ID, alert.pumpSerial(), alert.kind().name()),
                    bytes(out -> highest(out, alert.pumpSerial(), alert.kind(), alert.alarmId())));
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

    /** Completes once every change applied so far is on disk; the entries behind them may then be released. */
    public CompletableFuture<Void> durable() {
        return log.durable();
    }

    /** Writes what is pending and closes the file. */
    @Override
    public void close() throws IOException {
        log.close();
    }

    private static String key(int kind, String pumpSerial, String id) {
        return KEY_KINDS.charAt(kind) + "\0" + pumpSerial + "\0" + id;
    }

    private static int kindOf(String key) {
        int kind = KEY_KINDS.indexOf(key.charAt(0));
        if (kind < PUMP_ALARM || key.length() < 2 || key.charAt(1) != '\0') {
            throw new IllegalArgumentException("unknown key in the active alarm set");
        }
        return kind;
    }

    private static void highest(DataOutputStream out, String pumpSerial, AlertKind kind, long alarmId)
            throws IOException {
        out.writeUTF(pumpSerial);
        out.writeUTF(kind.name());
        out.writeLong(alarmId);
    }

    /** Everything in the book as the log's keys and values. */
    private Map<String, byte[]> contents() {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (Map.Entry<String, Pump> entry : byPump.entrySet()) {
            String serial = entry.getKey();
            for (Alarm alarm : entry.getValue().alarms.values()) {
                contents.put(key(PUMP_ALARM, serial, Long.toString(alarm.alarmId())),
                        FrameCodec.toBytes(MessageCodec.encode(Packet.of(0, alarm))));
            }
            for (GatewayAlert alert : entry.getValue().alerts.values()) {
                contents.put(key(GATEWAY_ALERT, serial, Long.toString(alert.alarmId())),
                        bytes(out -> GatewayAlertCodec.write(alert, out)));
            }
            for (Map.Entry<AlertKind, Long> highest : entry.getValue().highestAlertId.entrySet()) {
                contents.put(key(HIGHEST_ID, serial, highest.getKey().name()),
                        bytes(out -> highest(out, serial, highest.getKey(), highest.getValue())));
            }
        }
        return contents;
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    /** Schema 2 ("PAB2", then u8 kind, i32 length, bytes) or schema 1 (i32 length, ALARM frame). */
    private void loadEarlierFormat(byte[] all) throws IOException {
        boolean schema2 = all.length >= Integer.BYTES && ByteBuffer.wrap(all).getInt() == SCHEMA2_MAGIC;
        int start = schema2 ? Integer.BYTES : 0;
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, start, all.length - start));
        while (in.available() > 0) {
            int kind = schema2 ? in.readUnsignedByte() : PUMP_ALARM;
            load(kind, in.readNBytes(in.readInt()));
        }
    }

    private void load(int kind, byte[] body) throws IOException {
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
