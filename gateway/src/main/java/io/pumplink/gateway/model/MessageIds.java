package io.pumplink.gateway.model;

import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Inbound;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.PumpMessage;
import io.pumplink.protocol.message.RejectedFrame;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Stable message ids for subscriber de-duplication: the same frame, retransmitted, replayed or received again
 * after a gateway restart, gets the same id. Reliable frames use their ICD section 3 identity (section 6 for a
 * programmer's own ALARM: programmer serial instead of the all-zero pump serial); status frames their pump and
 * device time. The first token names the kind, so ids of different kinds never collide. Ids carry serials and numbers only, never a patient reference.
 */
public final class MessageIds {
    private MessageIds() {
    }

    public static String of(String programmerSerial, Inbound inbound) {
        return of(programmerSerial, inbound, UnaryOperator.identity());
    }

    /**
     * The same id with the pump serial as {@code pumpName} names it (its pseudonym on MQTT); the journal's
     * identities keep the real serial.
     */
    public static String of(String programmerSerial, Inbound inbound, UnaryOperator<String> pumpName) {
        if (inbound instanceof RejectedFrame rejected) {
            return join("rejected", programmerSerial, rejected.type(), rejected.seq());
        }
        Packet packet = (Packet) inbound;
        Message message = packet.message();
        String type = message.type().name().toLowerCase(Locale.ROOT);
        if (message instanceof Alarm alarm) {
            // ICD section 6: programmers number their own alarms (no pump) per programmer
            return alarm.pumpSerial().isEmpty()
                    ? join("programmer-alarm", programmerSerial, alarm.alarmId(), alarm.stateCode())
                    : join(type, pumpName.apply(alarm.pumpSerial()), alarm.alarmId(), alarm.stateCode());
        }
        if (message instanceof LogEntry entry) {
            return join(type, pumpName.apply(entry.pumpSerial()), entry.sessionId(), entry.index());
        }
        if (message instanceof SessionBegin begin) {
            return join(type, pumpName.apply(begin.pumpSerial()), begin.sessionId());
        }
        if (message instanceof SessionEnd end) {
            return join(type, pumpName.apply(end.pumpSerial()), end.sessionId());
        }
        if (message instanceof CommandResult result) {
            return join(type, programmerSerial, result.requestId());
        }
        if (message instanceof ProgrammerStatus status) {
            return join(type, programmerSerial, status.tsMs());
        }
        if (message instanceof PumpMessage pump) {
            return join(type, pumpName.apply(pump.pumpSerial()), pump.tsMs());
        }
        // link frames carry no device time: the seq is their only identity on this link
        return join(type, programmerSerial, packet.seq());
    }

    /** An alert this gateway raised or cleared; its alarm ids are this gateway's own. */
    public static String of(String gatewayId, GatewayAlert alert, UnaryOperator<String> pumpName) {
        return join("gateway-alert", gatewayId, pumpName.apply(alert.pumpSerial()), alert.alarmId(),
                alert.state().code());
    }

    private static String join(String type, Object... parts) {
        StringBuilder id = new StringBuilder(type);
        for (Object part : parts) {
            id.append(':').append(part);
        }
        return id.toString();
    }
}
