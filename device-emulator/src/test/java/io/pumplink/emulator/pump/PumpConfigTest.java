package io.pumplink.emulator.pump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.message.FlowMode;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PumpConfigTest {

    @Test
    void baclofenDefaultIsFiveHundredMicrogramsPerDay() {
        PumpConfig config = PumpConfig.baclofenDefault("NGP-4711");

        assertThat(config.drugCode()).isEqualTo(Drug.BACLOFEN.code());
        assertThat(config.modeCode()).isEqualTo(FlowMode.CONTINUOUS.code());
        double mlPerDay = config.rateNlPerHour() * 24 / 1e6;
        assertThat(mlPerDay * config.concentrationUgPerMl()).isCloseTo(500.0, within(0.05));
        assertThat(config.reservoirCapacityUl()).isEqualTo(20_000);
        assertThat(config.initialVolumeUl()).isEqualTo(18_000);
        assertThat(config.lowAlarmThresholdUl()).isEqualTo(2_000);
        assertThat(config.modelCode()).isEqualTo(8637);
        assertThat(config.pumpFw()).isEqualTo(0x0412);
        assertThat(config.catheterVolumeUl()).isEqualTo(150);
        assertThat(config.batteryDaysToEri()).isEqualTo(1_500);
        assertThat(config.batteryDaysEriToEos()).isEqualTo(90);
        assertThat(config.logCapacity()).isEqualTo(256);
        assertThat(config.lastRefill()).isEqualTo(new LastRefill(1_764_547_200_000L, OptionalLong.empty(), 0));
        assertThat(config.deliveryErrorPct()).isZero();
        assertThat(config.logsRefillAccounting()).isFalse();
    }

    @Test
    void theVolumeAfterTheLastRefillLiesBetweenTheStartVolumeAndTheCapacity() {
        assertThatThrownBy(() -> TestPumps.baclofen().reservoir(20_000, 5_000, 2_000)
                .lastRefill(new LastRefill(0, OptionalLong.of(4_999), 0)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lastRefill.volumeAfterUl 4999 is less than initialVolumeUl 5000");
        assertThatThrownBy(() -> TestPumps.baclofen().reservoir(20_000, 5_000, 2_000)
                .lastRefill(new LastRefill(0, OptionalLong.of(20_001), 0)).build())
                .hasMessage("lastRefill.volumeAfterUl 20001 exceeds reservoirCapacityUl 20000");
        assertThat(TestPumps.baclofen().reservoir(20_000, 5_000, 2_000)
                .lastRefill(new LastRefill(0, OptionalLong.of(5_000), 0)).build().lastRefill().volumeAfterUl())
                .hasValue(5_000);
    }

    @Test
    void deliveryErrorIsWithinFiftyPercent() {
        assertThatThrownBy(() -> TestPumps.baclofen().deliveryErrorPct(-50.5).build())
                .hasMessage("deliveryErrorPct -50.5 out of range -50.0..50.0");
        assertThat(TestPumps.baclofen().deliveryErrorPct(50).build().deliveryErrorPct()).isEqualTo(50);
    }

    @Test
    void theModelStartsAtOrAfterTheLastRefill() {
        PumpConfig config = TestPumps.baclofen().lastRefill(LastRefill.at(TestPumps.START_MS + 1)).build();
        assertThatThrownBy(() -> new PumpModel(config, TestPumps.START_MS))
                .hasMessage("lastRefill.tsMs %d is after startMs %d".formatted(TestPumps.START_MS + 1,
                        TestPumps.START_MS));
    }

    @Test
    void rejectsMoreDrugThanTheReservoirHolds() {
        assertThatThrownBy(() -> TestPumps.baclofen().reservoir(20_000, 25_000, 2_000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialVolumeUl 25000 exceeds reservoirCapacityUl 20000");
    }

    @Test
    void namesTheFieldOutOfRange() {
        assertThatThrownBy(() -> TestPumps.baclofen().logCapacity(0).build())
                .hasMessage("logCapacity 0 out of range 1..65535");
        assertThatThrownBy(() -> TestPumps.baclofen().battery(-1, 90).build())
                .hasMessageStartingWith("batteryDaysToEri -1.0 out of range");
        assertThatThrownBy(() -> TestPumps.baclofen().continuous(-5).build())
                .hasMessageStartingWith("rateNlPerHour -5 out of range");
        assertThatThrownBy(() -> new FlexStep(1440, 100)).hasMessage("startMinuteOfDay 1440 out of range 0..1439");
    }

    @Test
    void serialMustBeAPrintableNonEmptyAsciiString() {
        assertThat(PumpConfig.baclofenDefault("X").serial()).isEqualTo("X");
        assertThatThrownBy(() -> PumpConfig.baclofenDefault("")).hasMessageStartingWith("serial must have 1..16");
        assertThatThrownBy(() -> PumpConfig.baclofenDefault("NGP-4711-0123456789"))
                .hasMessageStartingWith("serial must have 1..16");
        assertThatThrownBy(() -> PumpConfig.baclofenDefault("NGP\u00e94711")).hasMessageContaining("printable ASCII");
    }

    @Test
    void flexStepsBelongToTheFlexScheduleOnly() {
        assertThatThrownBy(() -> TestPumps.baclofen().flex().build())
                .hasMessage("flexSteps must not be empty in FLEX_SCHEDULE mode");
        assertThatThrownBy(() -> TestPumps.baclofen().flex(new FlexStep(600, 1), new FlexStep(600, 2)).build())
                .hasMessage("flexSteps start minutes must increase: 600 after 600");
        PumpConfig flex = TestPumps.baclofen().flex(new FlexStep(0, 1)).build();
        assertThatThrownBy(() -> new PumpConfig(flex.serial(), flex.modelCode(), flex.reservoirCapacityUl(),
                flex.pumpFw(), flex.implantDateDays(), flex.catheterVolumeUl(), flex.initialVolumeUl(),
                flex.lowAlarmThresholdUl(), flex.drugCode(), flex.concentrationUgPerMl(), FlowMode.CONTINUOUS.code(),
                flex.rateNlPerHour(), List.of(new FlexStep(0, 1)), 1, 1, LastRefill.at(0), 1, 0, false))
                .hasMessage("flexSteps must be empty unless the mode is FLEX_SCHEDULE (2)");
    }

    @Test
    void bolusKindsAreNotBasalModes() {
        PumpConfig base = PumpConfig.baclofenDefault("X");
        assertThatThrownBy(() -> new PumpConfig(base.serial(), base.modelCode(), base.reservoirCapacityUl(),
                base.pumpFw(), base.implantDateDays(), base.catheterVolumeUl(), base.initialVolumeUl(),
                base.lowAlarmThresholdUl(), base.drugCode(), base.concentrationUgPerMl(),
                FlowMode.PATIENT_BOLUS.code(), base.rateNlPerHour(), List.of(), 1, 1, LastRefill.at(0), 1, 0, false))
                .hasMessageStartingWith("modeCode 5 is not a basal mode");
    }
}
