package io.pumplink.emulator.pump;

import static io.pumplink.emulator.pump.TestPumps.DAY_MS;
import static io.pumplink.emulator.pump.TestPumps.HOUR_MS;
import static io.pumplink.emulator.pump.TestPumps.START_MS;
import static io.pumplink.emulator.pump.TestPumps.logged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pumplink.protocol.message.LogEvent;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The start state agrees with the last refill (volume after it = start volume + counted since), REFILL_ACCOUNTING
 * follows every REFILL for a 1.1 programmer, and the aspirated residual shows the delivery error.
 */
class RefillAccountingTest {
    /** 12 500 nL/h is exactly 300 µL a day, so the counts below are whole microlitres. */
    private static final long RATE_300_UL_PER_DAY = 12_500;

    /** Refilled to 10 000 µL 20 days before the start, 4 000 µL left at the start. */
    private static TestPumps issueExample() {
        return TestPumps.baclofen().reservoir(20_000, 4_000, 2_000).continuous(RATE_300_UL_PER_DAY)
                .lastRefill(new LastRefill(START_MS - 20 * DAY_MS, OptionalLong.of(10_000), 0));
    }

    @Test
    void aGivenVolumeAfterTheLastRefillMakesTheStartCount6000Ul() {
        PumpModel pump = issueExample().pump();

        // 10 000 µL filled - 4 000 µL left = 6 000 µL counted (20 days × 300 µL/day, as it happens)
        assertThat(pump.flow().deliveredSinceRefillUl()).isEqualTo(6_000);
        assertThat(pump.reservoir().volumeUl()).isEqualTo(4_000);
        assertThat(pump.reservoir().lastRefillTsMs()).isEqualTo(START_MS - 20 * DAY_MS);
    }

    @Test
    void withoutAGivenVolumeTheStartCountIsWhatTheTherapyDeliveredSinceTheLastRefill() {
        PumpModel pump = TestPumps.baclofen().reservoir(20_000, 4_000, 2_000).continuous(RATE_300_UL_PER_DAY)
                .lastRefill(LastRefill.at(START_MS - 20 * DAY_MS)).refillAccounting().pump();
        assertThat(pump.flow().deliveredSinceRefillUl()).as("20 days × 300 µL/day").isEqualTo(6_000);

        LogRecord accounting = logged(pump.refill(20_000, OptionalLong.empty(), OptionalLong.empty())).get(1);

        assertThat(List.of(accounting.a(), accounting.b(), accounting.c())).as("4 000 + 6 000 µL filled, 480 h ago")
                .containsExactly(6_000, 10_000, 480);
    }

    @Test
    void aFlexScheduleSinceTheLastRefillIsIntegratedExactly() {
        PumpModel pump = TestPumps.baclofen().reservoir(20_000, 10_000, 2_000)
                .flex(new FlexStep(0, 8_333), new FlexStep(23 * 60, 83_333))
                .lastRefill(LastRefill.at(START_MS - 36 * HOUR_MS)).pump();

        // from 12:00 two days before START (a midnight): 11 h × 8 333 + 1 h × 83 333 + one whole day 274 992
        // = 91 663 + 83 333 + 274 992 = 449 988 nL → 450 µL
        assertThat(pump.flow().deliveredSinceRefillUl()).isEqualTo(450);
    }

    @Test
    void aDerivedVolumeBeyondTheCapacityMeansTheRefillFilledIt() {
        PumpModel pump = TestPumps.baclofen().reservoir(20_000, 4_000, 2_000).continuous(RATE_300_UL_PER_DAY)
                .lastRefill(LastRefill.at(START_MS - 60 * DAY_MS)).pump();

        // 4 000 + 60 days × 300 µL/day = 22 000 µL does not fit: filled to 20 000, so 16 000 µL counted
        assertThat(pump.flow().deliveredSinceRefillUl()).isEqualTo(16_000);
    }

    @Test
    void theIssueExample7000UlCountedFrom10000UlAnd2500UlAspiratedIsPlus7Point1Percent() {
        PumpModel pump = issueExample().refillAccounting().pump();
        long refillMs = START_MS + 80 * HOUR_MS;
        pump.advanceTo(refillMs); // 80 h × 12 500 nL/h = 1 000 µL more: 7 000 µL counted, 3 000 µL expected

        List<LogRecord> log = logged(pump.refill(20_000, OptionalLong.of(2_500), OptionalLong.empty()));

        // actual delivered = 10 000 - 2 500 = 7 500 µL; expected 7 000; (7 500 - 7 000) / 7 000 = +7.1 %
        assertThat(log).containsExactly(
                new LogRecord(refillMs, LogEvent.REFILL.code(), 3_000, 2_500, 20_000),
                new LogRecord(refillMs, LogEvent.REFILL_ACCOUNTING.code(), 7_000, 10_000, 20 * 24 + 80));
        assertThat(pump.flow().deliveredSinceRefillUl()).isZero();
        assertThat(pump.takeLogSinceLastInterrogation()).containsExactlyElementsOf(log);
    }

    @Test
    void theNextRefillIsAccountedFromTheOneBefore() {
        PumpModel pump = issueExample().refillAccounting().pump();
        pump.advanceTo(START_MS + 80 * HOUR_MS);
        pump.refill(20_000, OptionalLong.of(2_500), OptionalLong.empty());
        pump.advanceTo(START_MS + 80 * HOUR_MS + 50 * DAY_MS);

        List<LogRecord> log = logged(pump.refill(20_000, OptionalLong.of(2_000), OptionalLong.empty()));

        // 50 days × 300 µL = 15 000 counted, 5 000 expected; 2 000 aspirated: 18 000 delivered, +20.0 %
        assertThat(log).extracting(LogRecord::eventCode, LogRecord::a, LogRecord::b, LogRecord::c).containsExactly(
                tuple(LogEvent.REFILL.code(), 5_000, 2_000, 20_000),
                tuple(LogEvent.REFILL_ACCOUNTING.code(), 15_000, 20_000, 1_200));
    }

    @Test
    void aPtl10ProgrammersLogHasNoRefillAccounting() {
        PumpModel pump = issueExample().pump();
        pump.advanceTo(START_MS + 80 * HOUR_MS);

        assertThat(logged(pump.refill(20_000, OptionalLong.of(2_500), OptionalLong.empty())))
                .extracting(LogRecord::eventCode).containsExactly(LogEvent.REFILL.code());
    }

    @Test
    void withAFivePercentDeliveryErrorTheAspiratedResidualIsThePhysicalOne() {
        PumpModel pump = TestPumps.baclofen().reservoir(20_000, 20_000, 2_000).continuous(RATE_300_UL_PER_DAY)
                .lastRefill(LastRefill.at(START_MS)).deliveryErrorPct(5).refillAccounting().pump();
        pump.advanceTo(START_MS + 40 * DAY_MS);
        assertThat(pump.reservoir().volumeUl()).as("the pump's estimate: 20 000 - 40 × 300").isEqualTo(8_000);

        List<LogRecord> log = logged(pump.refill(20_000, OptionalLong.empty(), OptionalLong.empty()));

        // physically drained 12 000 × 1.05 = 12 600 µL: 7 400 µL aspirated where 8 000 are expected, +5.0 %
        assertThat(log).extracting(LogRecord::a, LogRecord::b).containsExactly(
                tuple(8_000, 7_400),
                tuple(12_000, 20_000));
    }

    @Test
    void theLowAlarmFollowsThePumpsEstimateNotThePhysicalVolume() {
        PumpModel accurate = TestPumps.baclofen().reservoir(20_000, 20_000, 2_000).continuous(RATE_300_UL_PER_DAY)
                .lastRefill(LastRefill.at(START_MS)).pump();
        PumpModel overDelivering = TestPumps.baclofen().reservoir(20_000, 20_000, 2_000)
                .continuous(RATE_300_UL_PER_DAY).lastRefill(LastRefill.at(START_MS)).deliveryErrorPct(20).pump();

        List<PumpEvent> events = accurate.advanceTo(START_MS + 70 * DAY_MS);

        assertThat(TestPumps.raised(events)).as("LOW at day 60, EMPTY at day 66.7").hasSize(2);
        assertThat(overDelivering.advanceTo(START_MS + 70 * DAY_MS)).isEqualTo(events);
        assertThat(overDelivering.reservoir()).isEqualTo(accurate.reservoir());
    }
}
