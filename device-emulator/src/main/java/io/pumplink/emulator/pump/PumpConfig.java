package io.pumplink.emulator.pump;

import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.message.FlowMode;
import java.util.List;
import java.util.Objects;

/**
 * The fixed description of one simulated pump and the therapy it starts with. Ranges follow the PTL v1 field
 * sizes; the reservoir is capped at 1 L so that nanolitre arithmetic stays far from overflow.
 *
 * @param initialVolumeUl the pump's estimate of the reservoir volume at the model's start
 * @param batteryDaysToEri days from the model's start until elective replacement (ERI)
 * @param batteryDaysEriToEos days from ERI until end of service (EOS)
 * @param logCapacity entries the rolling event log keeps between interrogations
 * @param deliveryErrorPct how much more (or, negative, less) the reservoir physically loses than the pump counts
 *                         as delivered; what a clinician aspirates at a refill shows it
 * @param logsRefillAccounting whether a REFILL_ACCOUNTING entry follows every REFILL (a PTL 1.1 programmer)
 */
public record PumpConfig(String serial, int modelCode, long reservoirCapacityUl, int pumpFw, long implantDateDays,
                         int catheterVolumeUl, long initialVolumeUl, long lowAlarmThresholdUl, int drugCode,
                         long concentrationUgPerMl, int modeCode, long rateNlPerHour, List<FlexStep> flexSteps,
                         double batteryDaysToEri, double batteryDaysEriToEos, LastRefill lastRefill, int logCapacity,
                         double deliveryErrorPct, boolean logsRefillAccounting) {
    static final long MAX_RESERVOIR_CAPACITY_UL = 1_000_000;
    /** days_to_eri is a u16 whose 0xFFFF means unknown. */
    static final double MAX_BATTERY_DAYS = 0xFFFE;
    /** Far beyond any real pump (a few percent); kept under 100 so that the reservoir always drains. */
    static final double MAX_DELIVERY_ERROR_PCT = 50;
    private static final int MAX_SERIAL_LENGTH = 16;

    public PumpConfig {
        requireSerial(serial);
        Require.range("modelCode", modelCode, 0, 0xFFFF);
        Require.range("reservoirCapacityUl", reservoirCapacityUl, 1, MAX_RESERVOIR_CAPACITY_UL);
        Require.range("pumpFw", pumpFw, 0, 0xFFFF);
        Require.range("implantDateDays", implantDateDays, 0, 0xFFFF_FFFFL);
        Require.range("catheterVolumeUl", catheterVolumeUl, 0, 0xFFFF);
        Require.nonNegative("initialVolumeUl", initialVolumeUl);
        Require.that(initialVolumeUl <= reservoirCapacityUl, "initialVolumeUl %d exceeds reservoirCapacityUl %d"
                .formatted(initialVolumeUl, reservoirCapacityUl));
        Require.nonNegative("lowAlarmThresholdUl", lowAlarmThresholdUl);
        Require.that(lowAlarmThresholdUl <= reservoirCapacityUl, "lowAlarmThresholdUl %d exceeds reservoirCapacityUl %d"
                .formatted(lowAlarmThresholdUl, reservoirCapacityUl));
        Require.range("drugCode", drugCode, 0, 0xFF);
        // logged as i32 (DOSE_CHANGE c)
        Require.range("concentrationUgPerMl", concentrationUgPerMl, 0, Integer.MAX_VALUE);
        flexSteps = List.copyOf(Objects.requireNonNull(flexSteps, "flexSteps"));
        Therapy.of("modeCode", modeCode, rateNlPerHour, "flexSteps", flexSteps);
        Require.range("batteryDaysToEri", batteryDaysToEri, 0, MAX_BATTERY_DAYS);
        Require.range("batteryDaysEriToEos", batteryDaysEriToEos, 0, MAX_BATTERY_DAYS);
        Objects.requireNonNull(lastRefill, "lastRefill");
        lastRefill.volumeAfterUl().ifPresent(volumeUl -> {
            Require.that(volumeUl >= initialVolumeUl, "lastRefill.volumeAfterUl %d is less than initialVolumeUl %d"
                    .formatted(volumeUl, initialVolumeUl));
            Require.that(volumeUl <= reservoirCapacityUl, "lastRefill.volumeAfterUl %d exceeds reservoirCapacityUl %d"
                    .formatted(volumeUl, reservoirCapacityUl));
        });
        Require.range("logCapacity", logCapacity, 1, 0xFFFF);
        Require.range("deliveryErrorPct", deliveryErrorPct, -MAX_DELIVERY_ERROR_PCT, MAX_DELIVERY_ERROR_PCT);
    }

    /**
     * Baclofen at 2 000 µg/mL, continuous 500 µg/day (0.25 mL/day = 10 417 nL/h) from a 20 mL reservoir holding
     * 18 mL; implanted 2024-01-01, last refilled 2025-12-01T00:00Z (volume derived), next refill date unknown,
     * 1 500 days to battery ERI, delivering exactly what it counts; a PTL 1.0 programmer's log.
     */
    public static PumpConfig baclofenDefault(String serial) {
        return new PumpConfig(serial, 8637, 20_000, 0x0412, 19_723, 150, 18_000, 2_000, Drug.BACLOFEN.code(),
                2_000, FlowMode.CONTINUOUS.code(), 10_417, List.of(), 1_500, 90, LastRefill.at(1_764_547_200_000L),
                256, 0, false);
    }

    Therapy therapy() {
        return Therapy.of("modeCode", modeCode, rateNlPerHour, "flexSteps", flexSteps);
    }

    /** An empty serial would mean "no pump" on the wire, so a pump needs 1..16 printable ASCII characters. */
    private static void requireSerial(String serial) {
        Objects.requireNonNull(serial, "serial");
        Require.that(!serial.isEmpty() && serial.length() <= MAX_SERIAL_LENGTH,
                "serial must have 1.." + MAX_SERIAL_LENGTH + " characters, has " + serial.length());
        Require.that(serial.chars().allMatch(c -> c >= 0x20 && c <= 0x7E),
                "serial must be printable ASCII (0x20-0x7E)");
    }
}
