package io.pumplink.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SerialChannel over a real PTY pair (socat), both ends opened through LinkConnector. */
class SerialChannelPtyTest {
    private static final int SIZE = 256 * 1024;
    private static final int CHUNK = 4096;

    @TempDir
    Path dir;

    private LinkConnector connector;
    private SocatPty pty;

    @BeforeEach
    void setUp() {
        connector = new LinkConnector(Duration.ofSeconds(2));
    }

    @AfterEach
    void tearDown() {
        connector.close();
        if (pty != null) {
            pty.close();
        }
    }

    @Test
    void bothEndsExchangeBytesConcurrentlyThenCloseWhenThePortsVanish() throws Exception {
        pty = SocatPty.start(dir);
        ByteCollector atA = new ByteCollector();
        ByteCollector atB = new ByteCollector();
        Channel a = open(Endpoint.parse("serial:" + pty.a() + ":115200"), atA);
        Channel b = open(Endpoint.parse(pty.b().toString()), atB); // the bare-path form
        byte[] aToB = ByteCollector.randomBytes(SIZE, 1);
        byte[] bToA = ByteCollector.randomBytes(SIZE, 2);

        ChannelFuture sentByA = ByteCollector.send(a, aToB, CHUNK);
        ChannelFuture sentByB = ByteCollector.send(b, bToA, CHUNK);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> atA.size() >= SIZE && atB.size() >= SIZE);
        assertThat(sentByA.isSuccess()).isTrue();
        assertThat(sentByB.isSuccess()).isTrue();
        atB.assertReceived(aToB);
        atA.assertReceived(bToA);

        // idle, the read loops park in the kernel (VTIME) rather than spin
        long cpuBefore = serialThreadsCpuNanos();
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> true);
        assertThat(TimeUnit.NANOSECONDS.toMillis(serialThreadsCpuNanos() - cpuBefore))
                .as("CPU ms used by both idle serial threads in 500 ms").isLessThan(150);

        pty.kill();
        await().atMost(Duration.ofSeconds(3)).until(() -> atA.inactive() && atB.inactive());
        assertThat(atA.failure()).hasMessageContaining(pty.a().toString());
        assertThat(atB.failure()).hasMessageContaining(pty.b().toString());
        assertThat(a.isOpen()).isFalse();
        assertThat(b.isOpen()).isFalse();
        assertThat(a.closeFuture().isDone()).isTrue();
        assertThat(b.closeFuture().isDone()).isTrue();
    }

    @Test
    void writesStalledByAPeerThatReadsNothingLeaveTheChannelThreadFree() throws Exception {
        pty = SocatPty.start(dir);
        Channel a = open(Endpoint.parse(pty.a().toString()), new ByteCollector());
        Channel b = open(Endpoint.parse(pty.b().toString()), new ByteCollector());
        b.config().setAutoRead(false);

        // far more than the PTYs and socat buffer: A's writes stall for good, until A's outbound backs up
        ChannelFuture stalled = ByteCollector.send(a, ByteCollector.randomBytes(SIZE, 3), CHUNK);
        await().atMost(Duration.ofSeconds(3)).until(() -> !a.isWritable());

        // the thread that reads (and runs the pipeline) is not the one stuck in the kernel write
        assertThat(a.eventLoop().submit(() -> true).get(1, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        assertThat(a.close().await(3, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("close ms").isLessThan(1000);
        await().atMost(Duration.ofSeconds(1)).until(stalled::isDone);
        assertThat(stalled.isSuccess()).isFalse();
    }

    @Test
    void closeFromAnotherThreadIsPrompt() throws Exception {
        pty = SocatPty.start(dir);
        ByteCollector atA = new ByteCollector();
        Channel a = open(new Endpoint.Serial(new SerialAddress(pty.a().toString())), atA);
        assertThat(a.remoteAddress()).isEqualTo(new SerialAddress(pty.a().toString(), 115200));

        long start = System.nanoTime();
        assertThat(a.close().await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .as("close latency ms (bounded by the read timeout)").isLessThan(500);
        await().atMost(Duration.ofSeconds(1)).until(atA::inactive); // fired just after the close future completes
        assertThat(pty.isAlive()).isTrue();
    }

    @Test
    void connectingToAMissingPortFailsNamingThePath() throws Exception {
        String missing = dir.resolve("no-such-tty").toString();
        ChannelFuture future = connector.connect(Endpoint.parse(missing), new ByteCollector());

        assertThat(future.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(future.isSuccess()).isFalse();
        assertThat(future.cause()).hasMessageContaining(missing).hasMessageContaining("does not exist");
        assertThat(future.channel().isOpen()).isFalse();
    }

    @Test
    void connectingToAFileThatIsNoTtyFailsNamingThePath() throws Exception {
        Path plain = java.nio.file.Files.writeString(dir.resolve("plain-file"), "x");
        ChannelFuture future = connector.connect(Endpoint.parse(plain.toString()), new ByteCollector());

        assertThat(future.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(future.isSuccess()).isFalse();
        assertThat(future.cause()).hasMessageContaining(plain.toString());
    }

    private Channel open(Endpoint endpoint, ByteCollector collector) throws InterruptedException {
        ChannelFuture future = connector.connect(endpoint, collector);
        assertThat(future.await(5, TimeUnit.SECONDS)).as("open " + endpoint).isTrue();
        assertThat(future.cause()).as("open " + endpoint).isNull();
        return future.channel();
    }

    private static long serialThreadsCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("pumplink-serial"))
                .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId())))
                .sum();
    }
}
