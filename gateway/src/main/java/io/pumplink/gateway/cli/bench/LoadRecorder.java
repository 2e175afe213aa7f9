package io.pumplink.gateway.cli.bench;

import io.pumplink.emulator.load.LoadListener;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.Packet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the load programmers report, split at the start of the measured window into cold (warm-up) and steady
 * figures: ACK latency per reliable frame by when it was written, and each ALARM's pump and due time, for matching
 * with the subscriber's arrivals afterwards. Fed from every link's event loop at once.
 */
final class LoadRecorder implements LoadListener {
    private static final int SIGNIFICANT_DIGITS = 3;

    private volatile long measureStartNanos = Long.MAX_VALUE;
    private final Recorder coldAckNanos = new Recorder(SIGNIFICANT_DIGITS);
    private final Recorder steadyAckNanos = new Recorder(SIGNIFICANT_DIGITS);
    private final Map<String, Long> alarmDueNanosByPump = new ConcurrentHashMap<>();
    private final Set<String> acknowledgedAlarmPumps = ConcurrentHashMap.newKeySet();

    /** Latencies from the subscriber's side, in nanoseconds, and what never came. */
    record AlarmFigures(Histogram coldNanos, Histogram steadyNanos, long steadyAlarms, long acknowledgedNotArrived) {
    }

    /** From now on, frames written count as steady, not cold. */
    void startMeasuring(long nanos) {
        measureStartNanos = nanos;
    }

    @Override
    public void written(Packet packet, long dueNanos, long writtenNanos) {
        if (packet.message() instanceof Alarm alarm) {
            alarmDueNanosByPump.put(alarm.pumpSerial(), dueNanos);
        }
    }

    @Override
    public void acknowledged(Packet packet, long writtenNanos, long latencyNanos) {
        (writtenNanos < measureStartNanos ? coldAckNanos : steadyAckNanos).recordValue(latencyNanos);
        if (packet.message() instanceof Alarm alarm) {
            acknowledgedAlarmPumps.add(alarm.pumpSerial());
        }
    }

    /** How many of the ACKed alarms have not arrived at the subscriber yet. */
    long acknowledgedNotArrived(Function<String, OptionalLong> arrivalNanos) {
        return acknowledgedAlarmPumps.stream().filter(pump -> arrivalNanos.apply(pump).isEmpty()).count();
    }

    Histogram coldAckNanos() {
        return coldAckNanos.getIntervalHistogram();
    }

    Histogram steadyAckNanos() {
        return steadyAckNanos.getIntervalHistogram();
    }

    /** Alarm latency: from when the alarm was due at the programmer to its arrival at the subscriber. */
    AlarmFigures alarmFigures(Function<String, OptionalLong> arrivalNanos) {
        Histogram cold = new Histogram(SIGNIFICANT_DIGITS);
        Histogram steady = new Histogram(SIGNIFICANT_DIGITS);
        long steadyAlarms = 0;
        for (Map.Entry<String, Long> alarm : alarmDueNanosByPump.entrySet()) {
            long dueNanos = alarm.getValue();
            boolean isSteady = dueNanos >= measureStartNanos;
            steadyAlarms += isSteady ? 1 : 0;
            OptionalLong arrived = arrivalNanos.apply(alarm.getKey());
            if (arrived.isPresent()) {
                (isSteady ? steady : cold).recordValue(Math.max(0, arrived.getAsLong() - dueNanos));
            }
        }
        return new AlarmFigures(cold, steady, steadyAlarms, acknowledgedNotArrived(arrivalNanos));
    }
}
