package io.pumplink.emulator.pump;

import io.pumplink.emulator.pump.PumpEvent.AlarmCleared;
import io.pumplink.emulator.pump.PumpEvent.AlarmRaised;
import io.pumplink.emulator.pump.PumpEvent.LogAppended;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.FlowMode;
import java.util.List;

/** Test pumps: the baclofen default with the fields a test cares about changed, and event filters. */
final class TestPumps {
    static final String SERIAL = "NGP-4711";
    /** 2026-01-01T00:00:00Z, a UTC midnight, so flex steps start at whole offsets from it. */
    static final long START_MS = 1_767_225_600_000L;
    static final long HOUR_MS = 3_600_000L;
    static final long DAY_MS = 86_400_000L;
    /**
     * What the default pump has counted as delivered at START: since its last refill, 31 days before, its 250 µL/day
     * would have needed 7 750 µL on top of the 18 000 µL left, more than the 20 000 µL reservoir holds, so that
     * refill is taken to have filled it to capacity: 20 000 - 18 000 = 2 000 µL counted.
     */
    static final long START_COUNTED_UL = 2_000;

    private final PumpConfig base = PumpConfig.baclofenDefault(SERIAL);
    private long reservoirCapacityUl = base.reservoirCapacityUl();
    private long initialVolumeUl = base.initialVolumeUl();
    private long lowAlarmThresholdUl = base.lowAlarmThresholdUl();
    private int modeCode = base.modeCode();
    private long rateNlPerHour = base.rateNlPerHour();
    private List<FlexStep> flexSteps = base.flexSteps();
    private double batteryDaysToEri = base.batteryDaysToEri();
    private double batteryDaysEriToEos = base.batteryDaysEriToEos();
    private int logCapacity = base.logCapacity();
    private long concentrationUgPerMl = base.concentrationUgPerMl();
    private LastRefill lastRefill = base.lastRefill();
    private double deliveryErrorPct = base.deliveryErrorPct();
    private boolean logsRefillAccounting = base.logsRefillAccounting();

    static TestPumps baclofen() {
        return new TestPumps();
    }

    TestPumps reservoir(long capacityUl, long initialUl, long lowThresholdUl) {
        reservoirCapacityUl = capacityUl;
        initialVolumeUl = initialUl;
        lowAlarmThresholdUl = lowThresholdUl;
        return this;
    }

    TestPumps continuous(long rateNlPerHour) {
        this.modeCode = FlowMode.CONTINUOUS.code();
        this.rateNlPerHour = rateNlPerHour;
        this.flexSteps = List.of();
        return this;
    }

    TestPumps flex(FlexStep... steps) {
        this.modeCode = FlowMode.FLEX_SCHEDULE.code();
        this.flexSteps = List.of(steps);
        return this;
    }

    TestPumps battery(double daysToEri, double daysEriToEos) {
        batteryDaysToEri = daysToEri;
        batteryDaysEriToEos = daysEriToEos;
        return this;
    }

    TestPumps logCapacity(int entries) {
        logCapacity = entries;
        return this;
    }

    TestPumps concentration(long ugPerMl) {
        concentrationUgPerMl = ugPerMl;
        return this;
    }

    TestPumps lastRefill(LastRefill refill) {
        lastRefill = refill;
        return this;
    }

    TestPumps deliveryErrorPct(double pct) {
        deliveryErrorPct = pct;
        return this;
    }

    /** As a PTL 1.1 programmer reads the pump: REFILL_ACCOUNTING after every REFILL. */
    TestPumps refillAccounting() {
        logsRefillAccounting = true;
        return this;
    }

    PumpConfig build() {
        return new PumpConfig(base.serial(), base.modelCode(), reservoirCapacityUl, base.pumpFw(),
                base.implantDateDays(), base.catheterVolumeUl(), initialVolumeUl, lowAlarmThresholdUl,
                base.drugCode(), concentrationUgPerMl, modeCode, rateNlPerHour, flexSteps, batteryDaysToEri,
                batteryDaysEriToEos, lastRefill, logCapacity, deliveryErrorPct, logsRefillAccounting);
    }

    PumpModel pump() {
        return new PumpModel(build(), START_MS);
    }

    static List<Alarm> raised(List<PumpEvent> events) {
        return events.stream().filter(AlarmRaised.class::isInstance).map(e -> ((AlarmRaised) e).alarm()).toList();
    }

    static List<Alarm> cleared(List<PumpEvent> events) {
        return events.stream().filter(AlarmCleared.class::isInstance).map(e -> ((AlarmCleared) e).alarm()).toList();
    }

    static List<LogRecord> logged(List<PumpEvent> events) {
        return events.stream().filter(LogAppended.class::isInstance).map(e -> ((LogAppended) e).record()).toList();
    }
}
