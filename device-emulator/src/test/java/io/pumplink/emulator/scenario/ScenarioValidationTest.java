package io.pumplink.emulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One test per validation rule: a small invalid file and the exact problem lines it must produce. */
class ScenarioValidationTest {
    private static final String PUMP = """
            name: t
            pumps:
              - serial: NGP-4711
            """;

    @Test
    void nameIsRequired() {
        assertRejected("seed: 1", "name: required");
    }

    @Test
    void nameIsLowercaseLettersDigitsAndHyphens() {
        assertRejected("name: Clinic_Visit", "name: must match [a-z0-9-]+, got \"Clinic_Visit\"");
    }

    @Test
    void unknownKeyGetsTheNearestKnownKey() {
        assertRejected("""
                name: t
                pumps:
                  - serial: NGP-4711
                    volumUl: 1000
                """, "pumps[0].volumUl: unknown key (did you mean volumeUl?)");
    }

    @Test
    void unknownKeyWithNothingNearListsTheKnownKeys() {
        assertRejected("""
                name: t
                programmer: { colour: red }
                """, "programmer.colour: unknown key (known keys: serial, firmware, heartbeatIntervalMs, batteryPct, "
                + "statusStreaming, protocolRevision)");
    }

    @Test
    void keyInAMappingThatTakesNoneIsUnknown() {
        assertRejected(PUMP + "events: [ { at: 1h, interrogate: { now: true } } ]",
                "events[0].interrogate.now: unknown key (this mapping takes no keys)");
    }

    @Test
    void valueOfTheWrongTypeIsRejected() {
        assertRejected("name: t\nseed: many", "seed: must be an integer, got \"many\"");
    }

    @Test
    void integerKeyRejectsAFraction() {
        assertRejected("name: t\nprogrammer: { heartbeatIntervalMs: 1000.5 }",
                "programmer.heartbeatIntervalMs: must be an integer, got 1000.5");
    }

    @Test
    void numberOutsideItsRangeIsRejected() {
        assertRejected("name: t\nfaults: { bitErrorRate: 0.5 }",
                "faults.bitErrorRate: must be within 0..0.01, got 0.5");
    }

    @Test
    void speedMustBePositive() {
        assertRejected("name: t\nspeed: 0", "speed: must be within 0.001..1000000, got 0");
    }

    @Test
    void startMustBeAnInstant() {
        assertRejected("name: t\nstart: 2026-01-01",
                "start: must be an ISO-8601 instant like 2026-01-01T08:00:00Z, got \"2026-01-01\"");
    }

    @Test
    void mappingKeyMustHoldAMapping() {
        assertRejected("name: t\nprogrammer: PRG-1", "programmer: must be a mapping, got \"PRG-1\"");
    }

    @Test
    void listKeyMustHoldAList() {
        assertRejected("name: t\npumps: { serial: NGP-4711 }", "pumps: must be a list, got a mapping");
    }

    @Test
    void pumpNeedsASerial() {
        assertRejected("name: t\npumps: [ { volumeUl: 100 } ]", "pumps[0].serial: required");
    }

    @Test
    void serialHasAtMost16Characters() {
        assertRejected("name: t\nprogrammer: { serial: PRG-0000000000001 }",
                "programmer.serial: must be 1..16 characters long, got \"PRG-0000000000001\"");
    }

    @Test
    void serialIsPrintableAscii() {
        assertRejected("name: t\npumps: [ { serial: \"NGP-47\u00fc1\" } ]",
                "pumps[0].serial: must be printable ASCII 0x20-0x7E (character 6 is not), got \"NGP-47\u00fc1\"");
    }

    @Test
    void pumpSerialsAreUnique() {
        assertRejected(PUMP + "  - serial: NGP-4711",
                "pumps[1].serial: \"NGP-4711\" is already the serial of an earlier pump");
    }

    @Test
    void firmwareIsMajorMinorPatch() {
        assertRejected("name: t\nprogrammer: { firmware: 2.4 }",
                "programmer.firmware: must be major.minor.patch like \"2.4.17\", got 2.4");
    }

    @Test
    void firmwarePartsFitTheirFields() {
        assertRejected("name: t\nprogrammer: { firmware: 2.256.17 }",
                "programmer.firmware: must have major and minor 0..255 and patch 0..65535, got \"2.256.17\"");
    }

    @Test
    void protocolRevisionIsOneZeroOrOneOne() {
        assertRejected("name: t\nprogrammer: { protocolRevision: \"1.2\" }",
                "programmer.protocolRevision: must be \"1.0\" or \"1.1\", got \"1.2\"");
        assertRejected("name: t\nprogrammer: { protocolRevision: 1 }",
                "programmer.protocolRevision: must be \"1.0\" or \"1.1\", got 1");
        assertRejected("name: t\nprogrammer: { protocolRevision: 2.0 }",
                "programmer.protocolRevision: must be \"1.0\" or \"1.1\", got 2.0");
    }

    @Test
    void volumeAfterTheLastRefillIsAtLeastTheStartVolume() {
        assertRejected(PUMP + "    volumeUl: 2000\n    volumeAfterLastRefillUl: 1000",
                "pumps[0].volumeAfterLastRefillUl: 1000 is less than volumeUl 2000");
    }

    @Test
    void volumeAfterTheLastRefillFitsTheReservoir() {
        assertRejected(PUMP + "    reservoirCapacityUl: 20000\n    volumeAfterLastRefillUl: 25000",
                "pumps[0].volumeAfterLastRefillUl: 25000 exceeds reservoirCapacityUl 20000");
    }

    @Test
    void lastRefillAndNextRefillDueAreDurationsWithinTenYears() {
        assertRejected(PUMP + "    lastRefill: PT-5M\n    nextRefillDue: 4000d",
                "pumps[0].lastRefill: must be within 0s..3650d, got \"PT-5M\"",
                "pumps[0].nextRefillDue: must be within 0s..3650d, got \"4000d\"");
    }

    @Test
    void deliveryErrorIsWithinFiftyPercent() {
        assertRejected(PUMP + "    deliveryErrorPct: -60",
                "pumps[0].deliveryErrorPct: must be within -50..50, got -60");
    }

    @Test
    void refillNextRefillDueInIsADuration() {
        assertRejected(PUMP + "events: [ { at: 1h, refill: { volumeUl: 20000, nextRefillDueIn: 30 days } } ]",
                "events[0].refill.nextRefillDueIn: must be a duration like 500ms, 90s, 10m, 2h, 7d or PT10M, "
                        + "got \"30 days\"");
    }

    @Test
    void volumeMustNotExceedTheCapacity() {
        assertRejected(PUMP + "    reservoirCapacityUl: 20000\n    volumeUl: 25000",
                "pumps[0].volumeUl: 25000 exceeds reservoirCapacityUl 20000");
    }

    @Test
    void alarmThresholdMustNotExceedTheCapacity() {
        assertRejected(PUMP + "    reservoirCapacityUl: 10000\n    volumeUl: 5000\n    lowAlarmThresholdUl: 12000",
                "pumps[0].lowAlarmThresholdUl: 12000 exceeds reservoirCapacityUl 10000");
    }

    @Test
    void drugIsANameOrAU8() {
        assertRejected(PUMP + "    drug: 300", "pumps[0].drug: must be one of UNKNOWN, BACLOFEN, MORPHINE, "
                + "HYDROMORPHONE, ZICONOTIDE, BUPIVACAINE, CLONIDINE, FENTANYL, OTHER or a number 0..255, got 300");
    }

    @Test
    void modeIsABasalModeByNameOrCode() {
        assertRejected(PUMP + "    mode: 3", "pumps[0].mode: must be one of STOPPED, CONTINUOUS, FLEX_SCHEDULE, "
                + "MINIMUM_RATE or their codes 0, 1, 2, 6, got 3");
    }

    @Test
    void rateAndDailyDoseAreMutuallyExclusive() {
        assertRejected(PUMP + "    rateNlPerHour: 10417\n    dailyDoseUgPerDay: 500",
                "pumps[0].dailyDoseUgPerDay: give either rateNlPerHour or dailyDoseUgPerDay, not both");
    }

    @Test
    void dailyDoseNeedsAConcentration() {
        assertRejected(PUMP + "    concentrationUgPerMl: 0\n    dailyDoseUgPerDay: 500",
                "pumps[0].dailyDoseUgPerDay: cannot be converted to a rate: concentrationUgPerMl is 0");
    }

    @Test
    void dailyDoseMustConvertToARateThatFits() {
        assertRejected(PUMP + "    concentrationUgPerMl: 1\n    dailyDoseUgPerDay: 60000",
                "pumps[0].dailyDoseUgPerDay: 60000 µg/day at 1 µg/mL is 2500000000 nL/h, "
                        + "over the maximum rateNlPerHour 2147483647");
    }

    @Test
    void flexScheduleNeedsFlexSteps() {
        assertRejected(PUMP + "    mode: FLEX_SCHEDULE", "pumps[0].flexSteps: required when mode is FLEX_SCHEDULE");
    }

    @Test
    void flexStepsOnlyWithFlexSchedule() {
        assertRejected(PUMP + "    flexSteps: [ { start: \"07:00\", rateNlPerHour: 12000 } ]",
                "pumps[0].flexSteps: only allowed when mode is FLEX_SCHEDULE");
    }

    @Test
    void flexScheduleNeedsAtLeastOneStep() {
        assertRejected(PUMP + "    mode: FLEX_SCHEDULE\n    flexSteps: []",
                "pumps[0].flexSteps: must have 1..255 steps, has 0");
    }

    @Test
    void flexStepStartsIncrease() {
        assertRejected(PUMP + """
                    mode: FLEX_SCHEDULE
                    flexSteps: [ { start: "22:00", rateNlPerHour: 8000 }, { start: "07:00", rateNlPerHour: 12000 } ]
                """, "pumps[0].flexSteps[1].start: must be after the previous step's start 22:00");
    }

    @Test
    void flexStepStartIsATimeOfDay() {
        assertRejected(PUMP + "    mode: FLEX_SCHEDULE\n    flexSteps: [ { start: 7am, rateNlPerHour: 8000 } ]",
                "pumps[0].flexSteps[0].start: must be a time of day HH:mm like \"07:00\", got \"7am\"");
    }

    @Test
    void flexStepNeedsARate() {
        assertRejected(PUMP + "    mode: FLEX_SCHEDULE\n    flexSteps: [ { start: \"07:00\" } ]",
                "pumps[0].flexSteps[0]: needs rateNlPerHour or dailyDoseUgPerDay");
    }

    @Test
    void eventNeedsAKind() {
        assertRejected(PUMP + "events: [ { at: 1h } ]", "events[0]: no event kind, expected one of refill, doseChange, "
                + "modeChange, bolus, motorStall, criticalMemoryError, pumpReset, clockJump, linkDrop, pumpOutOfRange, "
                + "interrogate, abortNextSession, faults, garbageBurst, duplicateNextFrames, programmerBattery");
    }

    @Test
    void eventHasOnlyOneKind() {
        assertRejected(PUMP + "events: [ { at: 1h, interrogate: {}, bolus: { volumeUl: 50 } } ]",
                "events[0]: one event kind per item, got bolus and interrogate");
    }

    @Test
    void misspeltEventKindGetsASuggestion() {
        assertRejected(PUMP + "events: [ { at: 1h, interogate: {}, refill: { volumeUl: 20000 } } ]",
                "events[0].interogate: unknown key (did you mean interrogate?)");
    }

    @Test
    void eventNeedsAt() {
        assertRejected(PUMP + "events: [ { interrogate: {} } ]", "events[0].at: required");
    }

    @Test
    void malformedDurationIsRejected() {
        assertRejected(PUMP + "events: [ { at: 10 minutes, interrogate: {} } ]",
                "events[0].at: must be a duration like 500ms, 90s, 10m, 2h, 7d or PT10M, got \"10 minutes\"");
    }

    @Test
    void durationWithoutUnitIsRejected() {
        assertRejected(PUMP + "events: [ { at: 600, interrogate: {} } ]",
                "events[0].at: must be a duration like 500ms, 90s, 10m, 2h, 7d or PT10M, got 600");
    }

    @Test
    void eventTimeIsNotNegative() {
        assertRejected(PUMP + "events: [ { at: PT-5M, interrogate: {} } ]",
                "events[0].at: must be within 0s..3650d, got \"PT-5M\"");
    }

    @Test
    void linkDropLastsAtMostAnHour() {
        assertRejected(PUMP + "events: [ { at: 1h, linkDrop: { duration: 2h } } ]",
                "events[0].linkDrop.duration: must be within 100ms..1h, got \"2h\"");
    }

    @Test
    void bolusKindIsABolusMode() {
        assertRejected(PUMP + "events: [ { at: 2h, bolus: { volumeUl: 50, durationMin: 10, kind: FAST } } ]",
                "events[0].bolus.kind: must be one of BRIDGE_BOLUS, CLINICIAN_BOLUS, PATIENT_BOLUS, got \"FAST\"");
    }

    @Test
    void bolusSettingsAreRequired() {
        assertRejected(PUMP + "events: [ { at: 2h, bolus: {} } ]", "events[0].bolus.volumeUl: required",
                "events[0].bolus.durationMin: required", "events[0].bolus.kind: required");
    }

    @Test
    void refillMustNotExceedTheCapacity() {
        assertRejected(PUMP + "events: [ { at: 1h, refill: { volumeUl: 25000 } } ]",
                "events[0].refill.volumeUl: 25000 exceeds reservoirCapacityUl 20000");
    }

    @Test
    void doseChangeNeedsARateOrDose() {
        assertRejected(PUMP + "events: [ { at: 1h, doseChange: {} } ]",
                "events[0].doseChange: needs rateNlPerHour or dailyDoseUgPerDay");
    }

    @Test
    void modeChangeNeedsAMode() {
        assertRejected(PUMP + "events: [ { at: 1h, modeChange: {} } ]", "events[0].modeChange.mode: required");
    }

    @Test
    void pumpEventNeedsAPumpInRange() {
        assertRejected("""
                name: t
                pumps: [ { serial: NGP-4711, inRange: false } ]
                events: [ { at: 1h, motorStall: { duration: 30m } } ]
                """, "events[0].motorStall: needs a pump in range, and no pump has inRange: true");
    }

    @Test
    void faultsEventChangesSomething() {
        assertRejected(PUMP + "events: [ { at: 1h, faults: {} } ]",
                "events[0].faults: changes nothing, give at least one fault setting");
    }

    @Test
    void programmerBatteryIsAPercentage() {
        assertRejected(PUMP + "events: [ { at: 1h, programmerBattery: { pct: 120 } } ]",
                "events[0].programmerBattery.pct: must be within 0..100, got 120");
    }

    @Test
    void yamlSyntaxErrorGivesLineAndColumn() {
        assertRejected("name: t\ndescription: a: b", "line 2, column 15: mapping values are not allowed here");
    }

    @Test
    void duplicateKeyIsRejected() {
        assertRejected("name: t\nseed: 1\nseed: 2", "line 3, column 5: Duplicate field 'seed'");
    }

    @Test
    void documentIsAMapping() {
        assertRejected("- name: t", "must be a mapping, got a list");
    }

    @Test
    void unreadableFileIsReportedWithItsPath() {
        Path missing = Path.of("no-such-dir", "missing.yaml");
        ScenarioException e = catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.load(missing));
        assertThat(e.getMessage()).startsWith(missing + ": cannot read: java.nio.file.NoSuchFileException");
    }

    /** The file is rejected with exactly these problems, in this order. */
    private static void assertRejected(String yaml, String... problems) {
        ScenarioException e = catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.parse(yaml, "t.yaml"));
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.problems()).containsExactly(Arrays.stream(problems).map(p -> "t.yaml: " + p)
                .toArray(String[]::new));
        assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessage(String.join("\n", e.problems()));
    }
}
