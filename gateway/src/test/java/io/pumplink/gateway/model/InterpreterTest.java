package io.pumplink.gateway.model;

import static io.pumplink.gateway.model.TestFrames.DAY_MS;
import static io.pumplink.gateway.model.TestFrames.ORIGIN;
import static io.pumplink.gateway.model.TestFrames.ORIGIN_1_1;
import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.TS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.TherapySummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How frames become observations: a pump's RESERVOIR_STATUS, FLOW_STATUS and THERAPY_SUMMARY are projected
 * together, as one round (ICD section 6), and handed out in arrival order once the round is over.
 */
class InterpreterTest {
    private final Interpreter interpreter = new Interpreter(ClinicalSettings.DEFAULTS);
    private long token;

    private List<Interpreter.Item> accept(Origin origin, Message message) {
        return interpreter.accept(origin, Packet.of(1, message), ++token, TS);
    }

    private static List<String> types(List<Interpreter.Item> items) {
        return items.stream().map(item -> ((Packet) item.observation().inbound()).type().name()).toList();
    }

    /**
     * Defect 2: RESERVOIR_STATUS comes before FLOW_STATUS, so the gateway projected from the rate it had stored
     * from an earlier round: a pump's first interrogation got no days-to-low, and after a dose change at a visit the
     * projection used the old rate. Here the first round's flow gives the projection: 20 mL left, 2 mL threshold at
     * 0.5 mL/day (20 833 nL/h: 499 992 nL/day) is 36.0 days; the second round, after a dose change to 1 mL/day
     * (41 667 nL/h: 1 000 008 nL/day), is 18.0 days, not 36.
     */
    @Test
    void defect2ProjectionsUseTheFlowOfTheSameRoundNotOfAnEarlierOne() {
        assertThat(accept(ORIGIN, TestFrames.reservoir(PUMP, 20_000, 2000))).isEmpty();
        List<Interpreter.Item> first = accept(ORIGIN, TestFrames.flow(PUMP, TestFrames.HALF_ML_PER_DAY));
        accept(ORIGIN, TestFrames.reservoir(PUMP, 20_000, 2000));
        List<Interpreter.Item> second = accept(ORIGIN, TestFrames.flow(PUMP, TestFrames.ONE_ML_PER_DAY));

        assertThat(types(first)).containsExactly("RESERVOIR_STATUS", "FLOW_STATUS");
        assertThat(reservoir(first).daysToLowThreshold().getAsDouble()).isCloseTo(36.0006, within(1e-4));
        assertThat(reservoir(second).daysToLowThreshold().getAsDouble()).isCloseTo(17.9999, within(1e-4));
        assertThat(first.get(0).token()).isEqualTo(1);
        assertThat(first.get(1).token()).isEqualTo(2);
    }

    /** A 1.1 programmer's round ends with THERAPY_SUMMARY: its daily volume is what the projection uses. */
    @Test
    void aRoundOfAPtl11ProgrammerWaitsForItsTherapySummary() {
        accept(ORIGIN_1_1, TestFrames.reservoir(PUMP, 20_000, 2000));
        assertThat(accept(ORIGIN_1_1, new FlowStatus(TS, PUMP, 2, 8333, 0, 0, 1, 2))).isEmpty();
        List<Interpreter.Item> round = accept(ORIGIN_1_1, new TherapySummary(TS, PUMP, 1, 2000, 274_992, 550, 0));

        assertThat(types(round)).containsExactly("RESERVOIR_STATUS", "FLOW_STATUS", "THERAPY_SUMMARY");
        assertThat(reservoir(round).basis()).isEqualTo(Derived.Basis.DAILY_VOLUME);
        assertThat(reservoir(round).daysToLowThreshold().getAsDouble()).isCloseTo(65.456, within(1e-3));
        assertThat(((Derived.Flow) round.get(1).observation().derived()).dailyDoseUgPerDay()).hasValue(550);
        RoundSummary summary = round.get(2).roundEnd().orElseThrow();
        assertThat(summary.dailyVolumeNl()).hasValue(274_992);
        assertThat(summary.dailyDoseUgPerDay()).hasValue(550);
        assertThat(summary.flowModeCode()).hasValue(2);
        assertThat(round.get(0).roundEnd()).isEmpty();
    }

    /** Another frame of the pump ends the round (its THERAPY_SUMMARY was lost); an alarm passes and ends nothing. */
    @Test
    void anotherFrameOfThePumpEndsTheRoundButAnAlarmDoesNot() {
        accept(ORIGIN_1_1, TestFrames.reservoir(PUMP, 20_000, 2000));
        List<Interpreter.Item> alarm = accept(ORIGIN_1_1, TestFrames.alarm(PUMP, 9, AlarmState.RAISED));
        List<Interpreter.Item> otherPump = accept(ORIGIN_1_1, TestFrames.battery("NGP-0815"));
        accept(ORIGIN_1_1, TestFrames.flow(PUMP, TestFrames.HALF_ML_PER_DAY));
        List<Interpreter.Item> battery = accept(ORIGIN_1_1, TestFrames.battery(PUMP));

        assertThat(types(alarm)).containsExactly("ALARM");
        assertThat(types(otherPump)).containsExactly("BATTERY_STATUS");
        assertThat(types(battery)).containsExactly("RESERVOIR_STATUS", "FLOW_STATUS", "BATTERY_STATUS");
        // CONTINUOUS without THERAPY_SUMMARY: the current rate, as a 1.0 programmer's round
        assertThat(reservoir(battery).basis()).isEqualTo(Derived.Basis.CURRENT_RATE);
    }

    @Test
    void aRepeatedTypeStartsANewRound() {
        accept(ORIGIN, TestFrames.reservoir(PUMP, 20_000, 2000));
        List<Interpreter.Item> next = accept(ORIGIN, TestFrames.reservoir(PUMP, 19_000, 2000));

        assertThat(types(next)).containsExactly("RESERVOIR_STATUS");
        assertThat(reservoir(next).unavailableReason()).isEqualTo("no FLOW_STATUS or THERAPY_SUMMARY in this round");
        assertThat(interpreter.heldRounds()).isOne();
    }

    @Test
    void aRoundThatWaitsTooLongIsHandedOutWithWhatCame() {
        interpreter.accept(ORIGIN, Packet.of(1, TestFrames.reservoir(PUMP, 20_000, 2000)), 1, TS);

        assertThat(interpreter.flushRounds(TS + 1999, 2000)).isEmpty();
        assertThat(types(interpreter.flushRounds(TS + 2000, 2000))).containsExactly("RESERVOIR_STATUS");
        assertThat(interpreter.heldRounds()).isZero();
    }

    /** The ICD section 6 example: REFILL measured 2 500, REFILL_ACCOUNTING 7 000 of 10 000: +7.14 %. */
    @Test
    void refillAccountingIsJudgedAgainstTheRefillRightBeforeIt() {
        accept(ORIGIN_1_1, new LogEntry(TS, PUMP, 77, 2, 1, 3000, 2500, 20_000));
        List<Interpreter.Item> accounting = accept(ORIGIN_1_1, new LogEntry(TS, PUMP, 77, 3, 8, 7000, 10_000, 720));
        List<Interpreter.Item> orphan = accept(ORIGIN_1_1, new LogEntry(TS, PUMP, 78, 0, 8, 7000, 10_000, 720));

        Derived.RefillAccuracy accuracy = (Derived.RefillAccuracy) accounting.get(0).observation().derived();
        assertThat(accuracy.deviationPct().getAsDouble()).isCloseTo(7.142857, within(1e-6));
        assertThat(orphan.get(0).observation().derived()).isEqualTo(Derived.NONE);
    }

    @Test
    void thresholdCrossingsAreRememberedAndRestored() {
        accept(ORIGIN, TestFrames.reservoir(PUMP, 1500, 2000));
        accept(ORIGIN, TestFrames.flow(PUMP, TestFrames.ONE_ML_PER_DAY));
        Interpreter restarted = new Interpreter(ClinicalSettings.DEFAULTS);
        restarted.restore(interpreter.crossings());

        restarted.accept(ORIGIN, Packet.of(1, new ReservoirStatus(TS + DAY_MS, PUMP, 500,
                2000, 1, 2000, TS - 30 * DAY_MS)), 1, TS);
        List<Interpreter.Item> after = restarted.accept(ORIGIN, Packet.of(2,
                new FlowStatus(TS + DAY_MS, PUMP, 1, TestFrames.ONE_ML_PER_DAY, 0, 0, 0, 0)), 2, TS);

        // crossed half a day before TS (500 uL below at 1 mL/day), kept a day later though 1 500 uL are now below
        assertThat(interpreter.crossings().get(PUMP).dateMs()).isCloseTo(TS - DAY_MS / 2, within(1000L));
        assertThat(reservoir(after).lowThresholdDateMs().getAsLong()).isEqualTo(interpreter.crossings().get(PUMP)
                .dateMs());
    }

    private static Derived.Reservoir reservoir(List<Interpreter.Item> items) {
        return items.stream().map(item -> item.observation().derived())
                .filter(Derived.Reservoir.class::isInstance).map(Derived.Reservoir.class::cast).findFirst()
                .orElseThrow();
    }
}
