package io.pumplink.emulator.device;

import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioEvent;
import io.pumplink.protocol.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scenario's pump world without a link or real time: {@link Telemetry} driven through the events in simulated
 * time, so tests can check a scenario file's hand-computed values exactly. Only the events that act on the pump
 * or start a session are meaningful here; link events (drops, faults, garbage) have nothing to act on.
 */
final class OfflineRun {
    private final Scenario scenario;
    private final long startMs;
    private final AtomicLong elapsedNanos = new AtomicLong();
    private final List<Message> sent = new ArrayList<>();
    private final Telemetry telemetry;
    private int next;

    OfflineRun(Scenario scenario) {
        this.scenario = scenario;
        this.startMs = scenario.start().toEpochMilli();
        this.telemetry = new Telemetry(scenario, 0, startMs, new Random(1), sent::add,
                new SimClock(startMs, 1, elapsedNanos::get));
    }

    /** Applies every event up to {@code elapsed} after the start, then moves the pump there. */
    OfflineRun until(Duration elapsed) {
        List<ScenarioEvent> events = scenario.events();
        while (next < events.size() && events.get(next).at().compareTo(elapsed) <= 0) {
            ScenarioEvent event = events.get(next++);
            moveTo(event.at());
            if (event instanceof ScenarioEvent.PumpAction action) {
                telemetry.apply(action);
            } else if (event instanceof ScenarioEvent.Interrogate) {
                telemetry.interrogate();
            } else if (event instanceof ScenarioEvent.ProgrammerBattery battery) {
                telemetry.programmerBattery(battery.batteryPct());
            } else {
                throw new IllegalArgumentException("an offline run has no link for " + event);
            }
        }
        moveTo(elapsed);
        return this;
    }

    /** A status round as the programmer streams it, at the current time. */
    OfflineRun statusRound() {
        telemetry.sendStatus();
        return this;
    }

    /** Everything sent so far, oldest first; cleared, so the next call returns only what follows. */
    List<Message> take() {
        List<Message> taken = List.copyOf(sent);
        sent.clear();
        return taken;
    }

    long startMs() {
        return startMs;
    }

    private void moveTo(Duration elapsed) {
        elapsedNanos.set(elapsed.toNanos());
        telemetry.advanceTo(startMs + elapsed.toMillis());
    }
}
