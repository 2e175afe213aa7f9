package io.pumplink.emulator.device;

import io.pumplink.emulator.pump.FlexStep;
import io.pumplink.emulator.pump.LastRefill;
import io.pumplink.emulator.pump.PumpConfig;
import io.pumplink.emulator.scenario.FlexStepSpec;
import io.pumplink.emulator.scenario.PumpSpec;
import java.util.List;

/** Scenario pump descriptions to pump model configurations. */
final class PumpConfigs {
    private static final long LAST_REFILL_DAYS_BEFORE_START = 30;
    private static final long MS_PER_DAY = 86_400_000L;

    private PumpConfigs() {
    }

    static PumpConfig of(PumpSpec spec, String serial, long startMs) {
        // what a scenario does not describe (firmware, implant date, catheter) is the default pump's
        PumpConfig base = PumpConfig.baclofenDefault(serial);
        return new PumpConfig(serial, spec.modelCode(), spec.reservoirCapacityUl(), base.pumpFw(),
                base.implantDateDays(), base.catheterVolumeUl(), spec.volumeUl(), spec.lowAlarmThresholdUl(),
                spec.drugCode(), spec.concentrationUgPerMl(), spec.modeCode(), spec.rateNlPerHour(),
                steps(spec.flexSteps()), spec.batteryDaysToEri(), spec.batteryDaysEriToEos(),
                LastRefill.at(startMs - LAST_REFILL_DAYS_BEFORE_START * MS_PER_DAY), spec.logCapacity(), 0, false);
    }

    static List<FlexStep> steps(List<FlexStepSpec> specs) {
        return specs.stream()
                .map(step -> new FlexStep(step.start().getHour() * 60 + step.start().getMinute(), step.rateNlPerHour()))
                .toList();
    }
}
