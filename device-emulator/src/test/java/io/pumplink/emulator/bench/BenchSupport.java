package io.pumplink.emulator.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.pumplink.emulator.Emulator;
import io.pumplink.emulator.device.EmulatedProgrammer;
import io.pumplink.emulator.scenario.FaultSettings;
import io.pumplink.emulator.scenario.FirmwareVersion;
import io.pumplink.emulator.scenario.ProgrammerSpec;
import io.pumplink.emulator.scenario.ProtocolRevision;
import io.pumplink.emulator.scenario.PumpSpec;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.StatusStreaming;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Scenarios, emulator start-up on a free port range, and JVM measurements for the emulator benchmark. */
final class BenchSupport {
    /**
     * Listening ports are taken below Linux's default ephemeral range (32768-60999), so the benchmark's own
     * outgoing connections, a thousand of them, never collide with the range it listens on.
     */

    private BenchSupport() {
    }

    /** One programmer with the default pump in range, no faults, no events. */
    static Scenario scenario(String name, int heartbeatMs, boolean streaming, Duration statusInterval) {
        ProgrammerSpec programmer = new ProgrammerSpec("PRG-BENCH", new FirmwareVersion(2, 4, 17), heartbeatMs, 100,
                new StatusStreaming(streaming, statusInterval), ProtocolRevision.V1_0);
        return new Scenario(name, "", OptionalLong.empty(), OptionalDouble.empty(), Scenario.DEFAULT_START,
                programmer, List.of(PumpSpec.DEFAULT), FaultSettings.NONE, List.of());
    }

    /** Runs {@code task} on the programmer's own thread (its link state is confined there) and waits. */
    static <T> T onProgrammer(EmulatedProgrammer programmer, Callable<T> task) {
        try {
            return programmer.executor().submit(task).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("task on programmer " + programmer.serial() + " failed", e);
        }
    }

    /**
     * Heap in use after full collections: the smallest of a few readings, each right after System.gc(), so frames
     * in flight at one reading (and their leak-detection records) do not count.
     */
    static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
            Thread.sleep(50);
        }
        return least;
    }

    /** Direct memory Netty's default allocator holds (pooled chunks included), or -1 when it does not say. */
    static long nettyDirectMemory() {
        return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider
                ? provider.metric().usedDirectMemory() : -1;
    }

    /** Resident set size of this JVM from /proc (Linux), or -1 elsewhere. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time this JVM has used, all threads, or -1 when the platform does not tell. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    static int threadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Live threads by pool: names without their thread number ({@code pumplink-tcp-3-1} is {@code pumplink-tcp-3}). */
    static Map<String, Long> threadsByPool() {
        return Thread.getAllStackTraces().keySet().stream()
                .collect(Collectors.groupingBy(t -> t.getName().replaceFirst("-\\d+$", ""), TreeMap::new,
                        Collectors.counting()));
    }

    static int intProperty(String name, int fallback) {
        return Integer.getInteger(name, fallback);
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
