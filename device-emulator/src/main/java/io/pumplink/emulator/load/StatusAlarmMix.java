package io.pumplink.emulator.load;

import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.BatteryState;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.message.FlowMode;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.ReservoirStatus;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The bench's traffic for one programmer: status rounds (RESERVOIR_STATUS, FLOW_STATUS, BATTERY_STATUS) for its
 * pumps in turn, as a streaming programmer sends them, and every {@code alarmEvery}-th frame an ALARM (MOTOR_STALL
 * raised) for a pump never seen before, so that a subscriber can tell each alarm by the serial in its topic.
 * Values are steady and plausible, so the gateway raises no alerts of its own; time stamps are the wall clock.
 */
public final class StatusAlarmMix implements FrameSource {
    private static final long VOLUME_UL = 15_000;
    private static final long LOW_THRESHOLD_UL = 2_000;
    private static final long CONCENTRATION_UG_PER_ML = 2_000;
    private static final long RATE_NL_PER_HOUR = 20_833; // 0.5 ml a day: 1 mg of morphine, far below any limit
    private static final int BATTERY_MV = 3_000;
    private static final int DAYS_TO_ERI = 1_500;
    private static final long DAY_MS = 86_400_000L;

    private final List<String> statusPumps;
    private final int alarmEvery;
    private final Supplier<String> newAlarmPump;
    private final LongSupplier wallClockMs;
    private long frame;
    private long statusFrame;

    /**
     * @param statusPumps  serials the status rounds are about
     * @param alarmEvery   every this many frames one is an ALARM; 0 for none
     * @param newAlarmPump a new serial for each ALARM (shared by programmers, so serials stay unique)
     */
    public StatusAlarmMix(List<String> statusPumps, int alarmEvery, Supplier<String> newAlarmPump,
                          LongSupplier wallClockMs) {
        if (statusPumps.isEmpty()) {
            throw new IllegalArgumentException("at least one status pump");
        }
        if (alarmEvery < 0 || alarmEvery == 1) {
            throw new IllegalArgumentException("alarmEvery must be 0 (none) or at least 2: " + alarmEvery);
        }
        this.statusPumps = List.copyOf(statusPumps);
        this.alarmEvery = alarmEvery;
        this.newAlarmPump = newAlarmPump;
        this.wallClockMs = wallClockMs;
    }

    @Override
    public Message next() {
        long nowMs = wallClockMs.getAsLong();
        frame++;
        if (alarmEvery > 0 && frame % alarmEvery == 0) {
            return new Alarm(nowMs, newAlarmPump.get(), 1, AlarmCode.MOTOR_STALL.code(), AlarmPriority.HIGH.code(),
                    AlarmState.RAISED.code(), 0);
        }
        long round = statusFrame / 3;
        String pump = statusPumps.get((int) (round % statusPumps.size()));
        int kind = (int) (statusFrame++ % 3);
        return switch (kind) {
            case 0 -> new ReservoirStatus(nowMs, pump, VOLUME_UL, LOW_THRESHOLD_UL, Drug.MORPHINE.code(), CONCENTRATION_UG_PER_ML,
                    nowMs - DAY_MS);
            case 1 -> new FlowStatus(nowMs, pump, FlowMode.CONTINUOUS.code(), RATE_NL_PER_HOUR, 0, 0, 0, 0);
            default -> new BatteryStatus(nowMs, pump, BATTERY_MV, BatteryState.OK.code(), DAYS_TO_ERI);
        };
    }
}
