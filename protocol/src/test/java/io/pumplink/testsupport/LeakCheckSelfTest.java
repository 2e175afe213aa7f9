package io.pumplink.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Proves the leak check can fail: a buffer dropped without release is reported. */
class LeakCheckSelfTest {
    @Test
    void unreleasedBufferIsReported() throws InterruptedException {
        LeakCheckExtension.collectLeaks();
        leakOne();
        assertThat(LeakCheckExtension.collectLeaks()).isNotEmpty().first().asString().contains("leaked");
    }

    private static void leakOne() {
        ByteBuf leaked = Unpooled.directBuffer(16);
        leaked.writeInt(42);
    }
}
