package io.pumplink.gateway.publish;

import static io.pumplink.gateway.model.AlertKind.DAILY_DOSE_ABOVE_LIMIT;
import static io.pumplink.gateway.model.AlertKind.DOSE_INCREASE_LARGE;
import static io.pumplink.gateway.model.AlertKind.PUMP_CLOCK_DRIFT;
import static io.pumplink.gateway.model.AlertKind.PUMP_SILENT;
import static io.pumplink.gateway.model.AlertKind.REFILL_ACCURACY_OUT_OF_RANGE;
import static io.pumplink.gateway.model.AlertKind.REFILL_OVERDUE;
import static io.pumplink.gateway.model.AlertKind.RUNOUT_BEFORE_REFILL_DUE;
import static io.pumplink.gateway.model.AlertKind.THERAPY_INTERRUPTED;
import static io.pumplink.gateway.model.TestFrames.DAY_MS;
import static io.pumplink.gateway.model.TestFrames.HALF_ML_PER_DAY;
import static io.pumplink.gateway.model.TestFrames.ONE_ML_PER_DAY;
import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.TS;
import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.gateway.model.AlertKind;
import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import io.pumplink.protocol.message.TherapySummary;
import io.pumplink.proto.v1.AlarmCode;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.Envelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every gateway alert of docs/clinical-alerts.md, raised and cleared from frames as the journal hands them over
 * (device and gateway clocks agree unless a test says otherwise). Expected values are computed in the comments.
 */
class ClinicalAlertsTest {
    private static final long FILL_TS = TS - 30 * DAY_MS;
    private static final int STOPPED = 0;
    private static final int CONTINUOUS = 1;
    private static final int FLEX = 2;
    private static final int MINIMUM_RATE = 6;
    /** 1 mL/day. */
    private static final long ONE_ML_NL = 1_000_000;

    @TempDir
    Path dir;

    private DispatcherFixture gateway(ClinicalSettings settings) {
        return new DispatcherFixture(dir, settings, false);
    }

    private DispatcherFixture gateway() {
        return gateway(ClinicalSettings.DEFAULTS);
    }

    /** A second gateway in the same test, with its own files. */
    private DispatcherFixture anotherGateway() throws IOException {
        return new DispatcherFixture(Files.createDirectories(dir.resolve("another")), ClinicalSettings.DEFAULTS,
                false);
    }

    private static ReservoirStatus reservoir(long ts, long volumeUl) {
        return new ReservoirStatus(ts, PUMP, volumeUl, 2000, Drug.BACLOFEN.code(), 2000, FILL_TS);
    }

    private static FlowStatus flow(long ts, int mode, long rateNlPerHour) {
        return new FlowStatus(ts, PUMP, mode, rateNlPerHour, 0, 5000, 0, 0);
    }

    private static TherapySummary therapy(long ts, long dailyVolumeNl, long dueTs) {
        return new TherapySummary(ts, PUMP, Drug.BACLOFEN.code(), 2000, dailyVolumeNl, dailyVolumeNl * 2000 / 1_000_000,
                dueTs);
    }

    /** A pump status frame that no rule but the clock and silence ones acts on. */
    private static BatteryStatus battery(long ts) {
        return new BatteryStatus(ts, PUMP, 2950, 0, 1500);
    }

    /** A PTL 1.1 status round: reservoir, flow, therapy summary, all at {@code ts}. */
    private static void round11(DispatcherFixture gateway, long ts, long volumeUl, int mode, long rate,
                                long dailyVolumeNl, long dueTs) {
        gateway.frame11(reservoir(ts, volumeUl), ts);
        gateway.frame11(flow(ts, mode, rate), ts);
        gateway.frame11(therapy(ts, dailyVolumeNl, dueTs), ts);
    }

    /** A PTL 1.0 status round: reservoir then flow. */
    private static void round10(DispatcherFixture gateway, long ts, long volumeUl, int mode, long rate) {
        gateway.frame(reservoir(ts, volumeUl), ts);
        gateway.frame(flow(ts, mode, rate), ts);
    }

    private static List<String> transitions(DispatcherFixture gateway) {
        return gateway.alerts().stream().map(a -> a.kind() + " " + a.state() + " " + a.detail()).toList();
    }

    // ---- THERAPY_INTERRUPTED (high) ----

    @Test
    void stoppedPumpInterruptsTherapyUntilItDeliversAgain() {
        DispatcherFixture gateway = gateway();

        round10(gateway, TS, 12_000, STOPPED, 0);
        round10(gateway, TS + 60_000, 12_000, CONTINUOUS, HALF_ML_PER_DAY);

        // detail is a bit set of causes: 1 = flow mode STOPPED
        assertThat(transitions(gateway)).containsExactly("THERAPY_INTERRUPTED RAISED 1",
                "THERAPY_INTERRUPTED CLEARED 1");
        assertThat(gateway.alerts().get(0).priority()).isEqualTo(AlarmPriority.HIGH);
        assertThat(gateway.alerts().get(0).reason()).isEqualTo("flow mode STOPPED");
        assertThat(gateway.alerts().get(1).reason()).isEqualTo("therapy delivered again: flow mode CONTINUOUS");
    }

    @Test
    void minimumRateAfterAResetAndADailyVolumeOfZeroInterruptTherapy() throws IOException {
        DispatcherFixture reset = gateway();
        round10(reset, TS, 12_000, MINIMUM_RATE, 250);
        assertThat(transitions(reset)).containsExactly("THERAPY_INTERRUPTED RAISED 2");

        DispatcherFixture nothingPerDay = anotherGateway();
        round11(nothingPerDay, TS, 12_000, FLEX, 0, 0, 0);
        assertThat(transitions(nothingPerDay)).containsExactly("THERAPY_INTERRUPTED RAISED 4");
    }

    @Test
    void motorStallInterruptsTherapyAtOnceByDefault() {
        DispatcherFixture gateway = gateway();
        round10(gateway, TS, 12_000, CONTINUOUS, HALF_ML_PER_DAY);

        gateway.frame(new Alarm(TS + 1000, PUMP, 5, 0x0003, 3, AlarmState.RAISED.code(), 0), TS + 1000);
        gateway.frame(new Alarm(TS + 61_000, PUMP, 5, 0x0003, 3, AlarmState.CLEARED.code(), 0), TS + 61_000);

        assertThat(transitions(gateway)).containsExactly("THERAPY_INTERRUPTED RAISED 8",
                "THERAPY_INTERRUPTED CLEARED 8");
        assertThat(gateway.alerts().get(0).reason()).isEqualTo("MOTOR_STALL for 0 s");
    }

    /** stallAlertAfter 10m: a stall raised at TS + 1 s interrupts therapy at TS + 601 s, on the gateway clock. */
    @Test
    void aStallThatLastsStallAlertAfterInterruptsTherapyOnTheClock() {
        DispatcherFixture gateway = gateway(settings(Duration.ofMinutes(10), Map.of()));
        round10(gateway, TS, 12_000, CONTINUOUS, HALF_ML_PER_DAY);
        gateway.frame(new Alarm(TS + 1000, PUMP, 5, 0x0003, 3, AlarmState.RAISED.code(), 0), TS + 1000);

        gateway.tick(TS + 600_999);
        assertThat(gateway.alerts()).isEmpty();
        gateway.tick(TS + 601_000);

        assertThat(transitions(gateway)).containsExactly("THERAPY_INTERRUPTED RAISED 8");
        assertThat(gateway.alerts().get(0).reason()).isEqualTo("MOTOR_STALL for 600 s");
        assertThat(gateway.alerts().get(0).atMs()).isEqualTo(TS + 601_000);
    }

    @Test
    void emptyReservoirInterruptsTherapy() {
        DispatcherFixture gateway = gateway();
        round10(gateway, TS, 100, CONTINUOUS, HALF_ML_PER_DAY);

        gateway.frame(new Alarm(TS + 1000, PUMP, 6, 0x0002, 3, AlarmState.RAISED.code(), 0), TS + 1000);

        assertThat(transitions(gateway)).contains("THERAPY_INTERRUPTED RAISED 16");
    }

    /** What the gateway does not know never clears: a stall ends, but no flow status has said the pump delivers. */
    @Test
    void aStallsEndClearsOnlyOnceTheFlowModeIsKnown() {
        DispatcherFixture gateway = gateway();
        gateway.frame(new Alarm(TS, PUMP, 5, 0x0003, 3, AlarmState.RAISED.code(), 0), TS);
        gateway.frame(new Alarm(TS + 1000, PUMP, 5, 0x0003, 3, AlarmState.CLEARED.code(), 0), TS + 1000);
        assertThat(transitions(gateway)).containsExactly("THERAPY_INTERRUPTED RAISED 8");

        round10(gateway, TS + 2000, 12_000, CONTINUOUS, HALF_ML_PER_DAY);

        assertThat(transitions(gateway)).containsExactly("THERAPY_INTERRUPTED RAISED 8",
                "THERAPY_INTERRUPTED CLEARED 8");
    }

    // ---- RUNOUT_BEFORE_REFILL_DUE (high) ----

    /**
     * 12 000 uL, threshold 2 000, 1 mL/day: the threshold is reached at TS + 10 d. A refill due at TS + 20 d is 10
     * days too late (detail 10); moved to TS + 9 d, it clears.
     */
    @Test
    void runoutBeforeTheRefillDueDate() {
        DispatcherFixture gateway = gateway();

        round11(gateway, TS, 12_000, CONTINUOUS, ONE_ML_PER_DAY, ONE_ML_NL, TS + 20 * DAY_MS);
        round11(gateway, TS + 1000, 12_000, CONTINUOUS, ONE_ML_PER_DAY, ONE_ML_NL, TS + 9 * DAY_MS);

        assertThat(transitions(gateway)).containsExactly("RUNOUT_BEFORE_REFILL_DUE RAISED 10",
                "RUNOUT_BEFORE_REFILL_DUE CLEARED 10");
        assertThat(gateway.alerts().get(0).reason()).isEqualTo("low-reservoir date 2026-01-11T00:00:00Z, refill due"
                + " 2026-01-21T00:00:00Z");
    }

    // ---- REFILL_OVERDUE (medium) ----

    /**
     * 3 000 uL at 1 mL/day: threshold at TS + 1 d, refill by TS - 2 d: already passed when received at TS (detail
     * 2 days). A refill (new last_refill_ts, 20 mL) clears it.
     */
    @Test
    void refillByDateAlreadyPassedThenRefilled() {
        DispatcherFixture gateway = gateway();

        round11(gateway, TS, 3000, CONTINUOUS, ONE_ML_PER_DAY, ONE_ML_NL, 0);
        gateway.frame11(new ReservoirStatus(TS + DAY_MS, PUMP, 20_000, 2000, 1, 2000, TS + DAY_MS), TS + DAY_MS);
        gateway.frame11(flow(TS + DAY_MS, CONTINUOUS, ONE_ML_PER_DAY), TS + DAY_MS);
        gateway.frame11(therapy(TS + DAY_MS, ONE_ML_NL, 0), TS + DAY_MS);

        assertThat(transitions(gateway)).containsExactly("REFILL_OVERDUE RAISED 2", "REFILL_OVERDUE CLEARED 2");
        assertThat(gateway.alerts().get(0).priority()).isEqualTo(AlarmPriority.MEDIUM);
        assertThat(gateway.alerts().get(1).reason()).startsWith("refill seen: last refill now 2026-01-02");
    }

    /** 6 000 uL at 1 mL/day: threshold at TS + 4 d, refill by TS + 1 d; the gateway clock passes it. */
    @Test
    void refillByDatePassesOnTheGatewayClock() {
        DispatcherFixture gateway = gateway();
        round11(gateway, TS, 6000, CONTINUOUS, ONE_ML_PER_DAY, ONE_ML_NL, 0);

        gateway.tick(TS + DAY_MS - 1);
        assertThat(gateway.alerts()).isEmpty();
        gateway.tick(TS + DAY_MS);

        assertThat(transitions(gateway)).containsExactly("REFILL_OVERDUE RAISED 0");
        assertThat(gateway.alerts().get(0).reason()).isEqualTo("refill-by date 2026-01-02T00:00:00Z has passed");
    }

    // ---- PUMP_SILENT (medium) ----

    @Test
    void pumpSilentAfter35DaysOfNoFrameUntilHeardAgain() {
        DispatcherFixture gateway = gateway();
        gateway.frame(battery(TS), TS);

        gateway.tick(TS + 35 * DAY_MS - 1);
        assertThat(gateway.alerts()).isEmpty();
        gateway.tick(TS + 35 * DAY_MS);
        gateway.frame(battery(TS + 36 * DAY_MS), TS + 36 * DAY_MS);

        assertThat(transitions(gateway)).containsExactly("PUMP_SILENT RAISED 35", "PUMP_SILENT CLEARED 35");
        assertThat(gateway.alerts().get(0).reason()).isEqualTo("no frame from the pump since 2026-01-01T00:00:00Z");
        assertThat(gateway.alerts().get(1).reason()).isEqualTo("heard again: BATTERY_STATUS");
    }

    // ---- REFILL_ACCURACY_OUT_OF_RANGE (medium) ----

    /**
     * Session 7: REFILL measured 1 500 uL; REFILL_ACCOUNTING 7 000 counted of 10 000: 8 500 delivered, +21.4 %
     * (detail in tenths: 214). Session 8, 30 days later: measured 2 500, so 7 500 delivered: +7.1 %, clears.
     */
    @Test
    void refillAccuracyOutOfRangeUntilTheNextRefillIsWithin() {
        DispatcherFixture gateway = gateway();

        session(gateway, 7, TS, new int[] {1, 3000, 1500, 10_000}, new int[] {8, 7000, 10_000, 720});
        session(gateway, 8, TS + 30 * DAY_MS, new int[] {1, 3000, 2500, 10_000}, new int[] {8, 7000, 10_000, 720});

        assertThat(transitions(gateway)).containsExactly("REFILL_ACCURACY_OUT_OF_RANGE RAISED 214",
                "REFILL_ACCURACY_OUT_OF_RANGE CLEARED 214");
        assertThat(gateway.alerts().get(0).reason()).isEqualTo("refill on 2026-01-01T00:00:00Z: 8500 µL delivered"
                + " where the pump counted 7000 µL (+21.4 %, tolerance +-14.5 %)");
    }

    /** A PTL 1.0 programmer sends no REFILL_ACCOUNTING: the residual discrepancy alone is no accuracy figure. */
    @Test
    void aRefillWithoutAccountingRaisesNothing() {
        DispatcherFixture gateway = gateway();

        session(gateway, 7, TS, new int[] {1, 3000, 1500, 10_000});

        assertThat(gateway.alerts()).isEmpty();
    }

    // ---- DOSE_INCREASE_LARGE (medium) ----

    /**
     * 8 333 -> 13 542 nL/h is +62.5 % (detail 63, rounded), above 50 %: raised in session 7, kept when session 7
     * ends, acknowledged by session 8, which has no further step.
     */
    @Test
    void largeDoseIncreaseUntilTheNextInterrogationWithoutAFurtherStep() {
        DispatcherFixture gateway = gateway();

        session(gateway, 7, TS, new int[] {2, 8333, 13_542, 2000});
        assertThat(transitions(gateway)).containsExactly("DOSE_INCREASE_LARGE RAISED 63");
        session(gateway, 8, TS + DAY_MS);

        assertThat(transitions(gateway)).containsExactly("DOSE_INCREASE_LARGE RAISED 63",
                "DOSE_INCREASE_LARGE CLEARED 63");
        assertThat(gateway.alerts().get(1).reason()).isEqualTo("acknowledged by interrogation 8 without a further"
                + " dose increase");
    }

    /** +40 % stays below 50 %; a further +10 % step while raised postpones the acknowledgement by one session. */
    @Test
    void smallStepsRaiseNothingButAFurtherStepKeepsTheAlert() throws IOException {
        DispatcherFixture small = gateway();
        session(small, 7, TS, new int[] {2, 10_000, 14_000, 2000});
        assertThat(small.alerts()).isEmpty();

        DispatcherFixture gateway = anotherGateway();
        session(gateway, 7, TS, new int[] {2, 8333, 13_542, 2000});
        session(gateway, 8, TS + DAY_MS, new int[] {2, 13_542, 14_896, 2000});
        assertThat(transitions(gateway)).containsExactly("DOSE_INCREASE_LARGE RAISED 63");
        session(gateway, 9, TS + 2 * DAY_MS);

        assertThat(transitions(gateway)).containsExactly("DOSE_INCREASE_LARGE RAISED 63",
                "DOSE_INCREASE_LARGE CLEARED 63");
    }

    // ---- DAILY_DOSE_ABOVE_LIMIT (high) ----

    /** 1.05 mL/day of baclofen 2 000 ug/mL = 2 100 ug/day, above the 2 000 default; then 0.95 mL/day, 1 900. */
    @Test
    void dailyDoseAboveTheDrugsLimitThenBackUnder() {
        DispatcherFixture gateway = gateway();

        round11(gateway, TS, 12_000, CONTINUOUS, 43_750, 1_050_000, 0);
        round11(gateway, TS + 1000, 12_000, CONTINUOUS, 39_583, 950_000, 0);

        assertThat(transitions(gateway)).containsExactly("DAILY_DOSE_ABOVE_LIMIT RAISED 2100",
                "DAILY_DOSE_ABOVE_LIMIT CLEARED 2100");
        assertThat(gateway.alerts().get(0).priority()).isEqualTo(AlarmPriority.HIGH);
        assertThat(gateway.alerts().get(0).reason()).isEqualTo("2100.0 µg/day of baclofen, limit 2000.0 µg/day");
    }

    /** A configured limit: baclofen 800 ug/day; 1 mL/day at 2 000 ug/mL is 2 000 (PTL 1.0, rate x 24 x c). */
    @Test
    void dailyDoseLimitIsPerDrugAndConfigurable() {
        DispatcherFixture gateway = gateway(settings(Duration.ZERO, Map.of(Drug.BACLOFEN, 800.0)));

        round10(gateway, TS, 12_000, CONTINUOUS, ONE_ML_PER_DAY);

        // 41 667 x 24 = 1 000 008 nL/day x 2 000 ug/mL = 2 000.016 ug/day
        assertThat(transitions(gateway)).containsExactly("DAILY_DOSE_ABOVE_LIMIT RAISED 2000");
    }

    // ---- PUMP_CLOCK_DRIFT (low) ----

    /** The pump's RESERVOIR_STATUS says 11 min after the gateway's clock: +660 s; later 30 s off: cleared. */
    @Test
    void pumpClockOffByMoreThanTenMinutesUntilWithinAgain() {
        DispatcherFixture gateway = gateway();

        gateway.frame(battery(TS + 660_000), TS);
        gateway.frame(battery(TS + 30_000 + DAY_MS), TS + DAY_MS);

        assertThat(transitions(gateway)).containsExactly("PUMP_CLOCK_DRIFT RAISED 660", "PUMP_CLOCK_DRIFT CLEARED 660");
        assertThat(gateway.alerts().get(0).priority()).isEqualTo(AlarmPriority.LOW);
        assertThat(gateway.alerts().get(0).reason()).isEqualTo("pump clock +660 s from the gateway's, limit 600 s");
    }

    /** A CLOCK_SET entry: the clock had drifted by -900 s before it was set. */
    @Test
    void clockSetBeyondTheLimitRaisesDrift() {
        DispatcherFixture gateway = gateway();

        session(gateway, 7, TS, new int[] {7, -900, 0, 0});

        assertThat(transitions(gateway)).containsExactly("PUMP_CLOCK_DRIFT RAISED -900");
    }

    // ---- published like pump alarms ----

    @Test
    void gatewayAlertsArePublishedOnTheAlarmTopicsMarkedAsTheGateways() {
        DispatcherFixture gateway = gateway();
        gateway.frame(new Alarm(TS, PUMP, 9, 0x0001, 2, AlarmState.RAISED.code(), 1998), TS);

        round10(gateway, TS, 12_000, STOPPED, 0);

        GatewayAlert raised = gateway.alerts().get(0);
        List<Publication> published = gateway.dispatches.get(gateway.dispatches.size() - 1).publications();
        assertThat(published).map(Publication::topic).containsExactly("pumplink/v1/pumps/NGP-4711/alarm",
                "pumplink/v1/pumps/NGP-4711/alarms/active");
        Envelope event = DispatcherTest.envelope(published.get(0));
        assertThat(event.getHeader().getMessageId()).isEqualTo("gateway-alert:gw-1:NGP-4711:" + raised.alarmId()
                + ":1");
        assertThat(event.getAlarm().getSource()).isEqualTo(AlarmSource.ALARM_SOURCE_GATEWAY);
        assertThat(event.getAlarm().getName()).isEqualTo("THERAPY_INTERRUPTED");
        assertThat(event.getAlarm().getAlarm()).isEqualTo(AlarmCode.ALARM_CODE_THERAPY_INTERRUPTED);
        assertThat(event.getAlarm().getAlarmCode()).isEqualTo(AlertKind.THERAPY_INTERRUPTED.code());
        assertThat(event.getAlarm().getReason()).isEqualTo("flow mode STOPPED");
        assertThat(DispatcherTest.envelope(published.get(1)).getActiveAlarms().getAlarmsList())
                .extracting(alarm -> alarm.getName() + "/" + alarm.getSource())
                .containsExactly("LOW_RESERVOIR/ALARM_SOURCE_PUMP", "THERAPY_INTERRUPTED/ALARM_SOURCE_GATEWAY");
        assertThat(gateway.book.active(PUMP).gatewayAlerts()).containsExactly(raised);
    }

    /** A complete session: SESSION_BEGIN, then entries given as {event, a, b, c}, then SESSION_END. */
    private static void session(DispatcherFixture gateway, long sessionId, long ts, int[]... entries) {
        gateway.frame(new SessionBegin(ts, PUMP, sessionId, ""), ts);
        for (int i = 0; i < entries.length; i++) {
            int[] e = entries[i];
            gateway.frame(new LogEntry(ts, PUMP, sessionId, i, e[0], e[1], e[2], e[3]), ts);
        }
        gateway.frame(new SessionEnd(ts, PUMP, sessionId, entries.length, 0), ts);
    }

    private static ClinicalSettings settings(Duration stallAlertAfter, Map<Drug, Double> limits) {
        return new ClinicalSettings(3, 14.5, stallAlertAfter, Duration.ofDays(35), 50,
                limits.isEmpty() ? ClinicalSettings.DEFAULT_DAILY_DOSE_LIMITS : limits, Duration.ofMinutes(10),
                Map.of());
    }

}
