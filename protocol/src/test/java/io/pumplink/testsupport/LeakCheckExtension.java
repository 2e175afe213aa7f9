package io.pumplink.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (JUnit extension auto-detection). Checks that Netty runs with PARANOID
 * leak detection and the recording detector, and after each test class collects garbage, lets the detector
 * poll its queue, and fails the class when any buffer leaked.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {
    private static final int GC_ROUNDS = 3;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new IllegalStateException("tests must run with -Dio.netty.leakDetection.level=PARANOID");
        }
        if (!LeakRecordingDetector.class.getName().equals(System.getProperty("io.netty.customResourceLeakDetector"))) {
            throw new IllegalStateException("tests must run with -Dio.netty.customResourceLeakDetector="
                    + LeakRecordingDetector.class.getName());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) in " + context.getDisplayName()
                    + ":\n" + String.join("\n", leaks));
        }
    }

    /** Forces the detector to report buffers that became unreachable without being released. */
    public static List<String> collectLeaks() throws InterruptedException {
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            Thread.sleep(20);
            // each tracked allocation makes the detector poll its reference queue
            release(Unpooled.buffer(1));
            release(PooledByteBufAllocator.DEFAULT.buffer(1));
            release(Unpooled.directBuffer(1));
        }
        return LeakRecordingDetector.drain();
    }

    private static void release(ByteBuf buf) {
        buf.release();
    }
}
