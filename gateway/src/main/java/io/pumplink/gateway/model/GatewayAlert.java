package io.pumplink.gateway.model;

import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;

/**
 * One raise or clear of an alert the gateway derived (docs/clinical-alerts.md). Journaled like a received frame,
 * so it survives a restart and reaches subscribers at least once.
 *
 * @param alarmId per gateway, increasing and never reused (so also per pump); the clear repeats the raise's
 * @param atMs    gateway clock when the gateway concluded it (the triggering frame's receive time)
 * @param detail  a number whose meaning depends on the kind (docs/clinical-alerts.md)
 * @param reason  why, in words: values and dates only, never a patient reference
 */
public record GatewayAlert(String pumpSerial, AlertKind kind, long alarmId, AlarmPriority priority, AlarmState state,
                           long atMs, int detail, String reason) {
    public boolean raised() {
        return state == AlarmState.RAISED;
    }

    public GatewayAlert cleared(long atMs, String reason) {
        return new GatewayAlert(pumpSerial, kind, alarmId, priority, AlarmState.CLEARED, atMs, detail, reason);
    }
}
