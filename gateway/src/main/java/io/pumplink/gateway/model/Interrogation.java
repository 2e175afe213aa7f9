package io.pumplink.gateway.model;

import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import java.util.List;
import java.util.Optional;

/**
 * One interrogation session as the gateway assembled it, completed or abandoned. Snapshots and log entries
 * are {@link Observation}s so their derived values travel with them.
 *
 * @param begin        empty when entries arrived without their SESSION_BEGIN
 * @param therapy      THERAPY_SUMMARY, from a PTL 1.1 programmer
 * @param end          empty when the gateway closed the session itself; {@code closeReason} says why
 * @param logEntries   distinct by index, oldest (lowest index) first
 * @param missingIndex indices below the announced entry count that never arrived
 * @param tokens       the caller's tokens (journal sequences) of every frame the session held
 */
public record Interrogation(Origin origin, String pumpSerial, long sessionId, Optional<SessionBegin> begin,
                            Optional<SessionEnd> end, Optional<Observation> identity,
                            Optional<Observation> reservoir, Optional<Observation> flow,
                            Optional<Observation> therapy, Optional<Observation> battery, List<Observation> logEntries, List<Alarm> alarms,
                            List<Integer> missingIndex, String closeReason, List<Long> tokens) {
    public Interrogation {
        logEntries = List.copyOf(logEntries);
        alarms = List.copyOf(alarms);
        missingIndex = List.copyOf(missingIndex);
        tokens = List.copyOf(tokens);
    }

    /**
     * SESSION_BEGIN and SESSION_END both arrived, the end said COMPLETE, and every announced entry arrived. Without
     * the begin the record lacks the session's start (and the patient reference it carries): not complete.
     */
    public boolean complete() {
        return begin.isPresent() && end.isPresent() && end.get().outcomeCode() == 0 && missingIndex.isEmpty()
                && logEntries.size() == end.get().entryCount();
    }

    /** Never shows the patient reference. */
    @Override
    public String toString() {
        return "Interrogation[pumpSerial=%s, sessionId=%d, entries=%d, closeReason=%s]"
                .formatted(pumpSerial, sessionId, logEntries.size(), closeReason);
    }
}
