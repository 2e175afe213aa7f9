package io.pumplink.emulator.pump;

import io.pumplink.emulator.pump.PumpEvent.AlarmCleared;
import io.pumplink.emulator.pump.PumpEvent.AlarmRaised;
import io.pumplink.emulator.pump.PumpEvent.LogAppended;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.FlowMode;
import java.util.List;
import java.util.Random;

/** Test pumps: the baclofen default with the fields a test cares about changed, and event filters. */
final class TestPumps {
    static final String SERIAL = "NGP-4711";
    /** 2026-01-01T00:00:00Z, a UTC midnight, so flex steps start at whole offsets from it. */
    static final long START_MS = 1_767_225_600_000L;
    static final long HOUR_MS = 3_600_000L;
    static final long DAY_MS = 86_400_000L;

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

    PumpConfig build() {
        return new PumpConfig(base.serial(), base.modelCode(), reservoirCapacityUl, base.pumpFw(),
                base.implantDateDays(), base.catheterVolumeUl(), initialVolumeUl, lowAlarmThresholdUl,
                base.drugCode(), base.concentrationUgPerMl(), modeCode, rateNlPerHour, flexSteps, batteryDaysToEri,
                batteryDaysEriToEos, base.lastRefillTsMs(), logCapacity);
    }

    PumpModel pump() {
        return new PumpModel(build(), START_MS, new Random(1));
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
