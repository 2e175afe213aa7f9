package io.pumplink.gateway.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * The figures of one run (BenchCommand's help defines each). Percentiles are empty when nothing was measured
 * (no alarms, no warm-up); the JSON gives them as null.
 */
public record BenchReport(int links, double ratePerS, int alarmEvery, int seconds, int warmupSeconds,
                          long frames, double framesPerS, double offeredPerS, double baselinePublishPerS,
                          int baselineWindow, double drainSeconds, long alarms, OptionalDouble alarmLatencyP50Ms,
                          OptionalDouble alarmLatencyP99Ms, OptionalDouble alarmLatencyMaxMs,
                          OptionalDouble ackLatencyP50Ms, OptionalDouble ackLatencyP99Ms,
                          OptionalDouble coldAlarmLatencyP99Ms, OptionalDouble coldAckLatencyP99Ms,
                          double heapPeakMb, long undeliveredAlarms, long refused, long droppedStatusFrames,
                          boolean drained) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Alarms ACKed but never delivered, plus reliable frames refused: a correct gateway loses none. Alarms still
     * undelivered when the gateway did not drain in time may yet come (they are in its journal): they count as
     * late, not lost.
     */
    public long lost() {
        return lostAlarms() + refused;
    }

    public long lostAlarms() {
        return drained ? undeliveredAlarms : 0;
    }

    /** Alarms ACKed and not delivered by the end of a run that did not drain in time. */
    public long lateAlarms() {
        return drained ? 0 : undeliveredAlarms;
    }

    public double ratio() {
        return baselinePublishPerS > 0 ? framesPerS / baselinePublishPerS : 0;
    }

    /** Passed: nothing lost, and everything sent was published before the drain timeout. */
    public boolean passed() {
        return lost() == 0 && drained;
    }

    static OptionalDouble percentileMs(Histogram nanos, double percentile) {
        return nanos.getTotalCount() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(nanos.getValueAtPercentile(percentile) / 1e6);
    }

    static OptionalDouble maxMs(Histogram nanos) {
        return nanos.getTotalCount() == 0 ? OptionalDouble.empty() : OptionalDouble.of(nanos.getMaxValue() / 1e6);
    }

    /** One JSON object on one line; the keys are an interface (scripts compare runs by them). */
    public String json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("frames_per_s", round(framesPerS, 1));
        out.put("offered_per_s", round(offeredPerS, 1));
        out.put("baseline_publish_per_s", round(baselinePublishPerS, 1));
        out.put("ratio", round(ratio(), 3));
        out.put("alarm_latency_p50_ms", ms(alarmLatencyP50Ms));
        out.put("alarm_latency_p99_ms", ms(alarmLatencyP99Ms));
        out.put("alarm_latency_max_ms", ms(alarmLatencyMaxMs));
        out.put("ack_latency_p50_ms", ms(ackLatencyP50Ms));
        out.put("ack_latency_p99_ms", ms(ackLatencyP99Ms));
        out.put("cold_alarm_latency_p99_ms", ms(coldAlarmLatencyP99Ms));
        out.put("cold_ack_latency_p99_ms", ms(coldAckLatencyP99Ms));
        out.put("links", links);
        out.put("rate", round(ratePerS, 3));
        out.put("alarm_every", alarmEvery);
        out.put("alarms", alarms);
        out.put("frames", frames);
        out.put("heap_peak_mb", round(heapPeakMb, 1));
        out.put("lost", lost());
        out.put("late_alarms", lateAlarms());
        out.put("dropped_status_frames", droppedStatusFrames);
        out.put("drained", drained);
        out.put("drain_s", round(drainSeconds, 3));
        out.put("baseline_window", baselineWindow);
        out.put("seconds", seconds);
        out.put("warmup_s", warmupSeconds);
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("numbers and strings always serialise", e);
        }
    }

    /** The same figures for a person. */
    public List<String> lines() {
        return List.of(
                "links %d x %s frames/s (%s), alarm every %s frame(s); %d s measured after %d s warm-up".formatted(
                        links, ratePerS == 0 ? "max" : fmt(ratePerS), "offered " + fmt(offeredPerS) + " frames/s",
                        alarmEvery == 0 ? "no" : String.valueOf(alarmEvery), seconds, warmupSeconds),
                "throughput  %s frames/s through the gateway (%d frames, published %.2f s after the load stopped)"
                        .formatted(fmt(framesPerS), frames, drainSeconds),
                "baseline    %s publishes/s from a bare Paho client, window %d; ratio %.3f".formatted(
                        fmt(baselinePublishPerS), baselineWindow, ratio()),
                "alarms      %d measured: latency to the subscriber p50 %s ms, p99 %s ms, max %s ms".formatted(alarms,
                        text(alarmLatencyP50Ms), text(alarmLatencyP99Ms), text(alarmLatencyMaxMs)),
                "ACKs        latency p50 %s ms, p99 %s ms".formatted(text(ackLatencyP50Ms), text(ackLatencyP99Ms)),
                "cold start  alarm latency p99 %s ms, ACK latency p99 %s ms (warm-up)".formatted(
                        text(coldAlarmLatencyP99Ms), text(coldAckLatencyP99Ms)),
                "heap        peak %.1f MiB used".formatted(heapPeakMb),
                "lost        %d (alarms ACKed but not delivered %d, frames refused %d); status frames dropped %d%s"
                        .formatted(lost(), lostAlarms(), refused, droppedStatusFrames, drained ? ""
                                : "; NOT DRAINED within the timeout: %d ACKed alarms still in the journal, and"
                                        .formatted(lateAlarms()) + " throughput is what was published by then"));
    }

    private static Object ms(OptionalDouble value) {
        return value.isPresent() ? round(value.getAsDouble(), 3) : null;
    }

    private static String text(OptionalDouble ms) {
        return ms.isPresent() ? "%.2f".formatted(ms.getAsDouble()) : "-";
    }

    private static String fmt(double value) {
        return "%.0f".formatted(value);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
