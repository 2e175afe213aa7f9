package io.pumplink.emulator.device;

import io.pumplink.emulator.pump.FlexStep;
import io.pumplink.emulator.pump.LastRefill;
import io.pumplink.emulator.pump.PumpConfig;
import io.pumplink.emulator.scenario.FlexStepSpec;
import io.pumplink.emulator.scenario.ProtocolRevision;
import io.pumplink.emulator.scenario.PumpSpec;
import java.util.List;

/** Scenario pump descriptions to pump model configurations. */
final class PumpConfigs {
    private PumpConfigs() {
    }

    /** @param revision a 1.1 programmer's log has REFILL_ACCOUNTING after every REFILL */
    static PumpConfig of(PumpSpec spec, String serial, long startMs, ProtocolRevision revision) {
        // what a scenario does not describe (firmware, implant date, catheter) is the default pump's
        PumpConfig base = PumpConfig.baclofenDefault(serial);
        LastRefill lastRefill = new LastRefill(startMs - spec.lastRefill().toMillis(),
                spec.volumeAfterLastRefillUl(), spec.nextRefillDue().map(due -> startMs + due.toMillis()).orElse(0L));
        return new PumpConfig(serial, spec.modelCode(), spec.reservoirCapacityUl(), base.pumpFw(),
                base.implantDateDays(), base.catheterVolumeUl(), spec.volumeUl(), spec.lowAlarmThresholdUl(),
                spec.drugCode(), spec.concentrationUgPerMl(), spec.modeCode(), spec.rateNlPerHour(),
                steps(spec.flexSteps()), spec.batteryDaysToEri(), spec.batteryDaysEriToEos(), lastRefill,
                spec.logCapacity(), spec.deliveryErrorPct(), revision.logsRefillAccounting());
    }

    static List<FlexStep> steps(List<FlexStepSpec> specs) {
        return specs.stream()
                .map(step -> new FlexStep(step.start().getHour() * 60 + step.start().getMinute(), step.rateNlPerHour()))
                .toList();
    }
}
