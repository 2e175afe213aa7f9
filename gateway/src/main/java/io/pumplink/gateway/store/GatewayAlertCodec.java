package io.pumplink.gateway.store;

import io.pumplink.gateway.model.AlertKind;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A {@link GatewayAlert} on disk (journal records, the active-alarm book): UTF pump serial, UTF kind name, i64 alarm
 * id, u8 priority (wire code), u8 state (wire code), i64 at (gateway clock), i32 detail, UTF reason. The kind is
 * stored by name, so reordering {@link AlertKind} never changes what a file says.
 */
public final class GatewayAlertCodec {
    private GatewayAlertCodec() {
    }

    public static void write(GatewayAlert alert, DataOutput out) throws IOException {
        out.writeUTF(alert.pumpSerial());
        out.writeUTF(alert.kind().name());
        out.writeLong(alert.alarmId());
        out.writeByte(alert.priority().code());
        out.writeByte(alert.state().code());
        out.writeLong(alert.atMs());
        out.writeInt(alert.detail());
        out.writeUTF(alert.reason());
    }

    /** @throws IllegalArgumentException when the bytes are not an alert this gateway wrote */
    public static GatewayAlert read(DataInput in) throws IOException {
        String pump = in.readUTF();
        AlertKind kind = AlertKind.valueOf(in.readUTF());
        long alarmId = in.readLong();
        int priority = in.readUnsignedByte();
        int state = in.readUnsignedByte();
        return new GatewayAlert(pump, kind, alarmId,
                AlarmPriority.of(priority).orElseThrow(() -> new IllegalArgumentException("alert priority " + priority)),
                AlarmState.of(state).orElseThrow(() -> new IllegalArgumentException("alert state " + state)),
                in.readLong(), in.readInt(), in.readUTF());
    }
}
