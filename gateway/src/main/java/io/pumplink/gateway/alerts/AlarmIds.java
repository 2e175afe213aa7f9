package io.pumplink.gateway.alerts;

/** Alarm ids for the gateway's own alerts: increasing and never reused, also across restarts and crashes. */
@FunctionalInterface
public interface AlarmIds {
    long next();
}
