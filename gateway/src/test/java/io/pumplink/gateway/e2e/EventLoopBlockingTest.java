package io.pumplink.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.pumplink.gateway.Gateway;
import io.pumplink.emulator.load.FrameSource;
import io.pumplink.emulator.load.LoadListener;
import io.pumplink.emulator.load.LoadProgrammer;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.transport.LinkConnector;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.blockhound.BlockHound;

/**
 * No disk I/O and no waiting on a link's event loop (the links' TCP event loops, threads {@code pumplink-tcp-*}):
 * BlockHound, with Netty's own integration, reports every blocking call made there — sleeping, waiting on a
 * future, a condition or a monitor, socket or file I/O (FileChannel's reads, writes and fsync are marked here
 * too). Short lock acquisitions around memory-only work (the journal's bookkeeping, taken by the links to append)
 * are allowed: the journal never does I/O under that lock. Runs in a JVM of its own (surefire execution
 * {@code event-loops}): BlockHound instruments the JDK for good.
 */
class EventLoopBlockingTest {
    private static final String LINK_THREADS = "pumplink-tcp";
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final List<String> BLOCKED = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void install() {
        BlockHound.install(builder -> builder
                .nonBlockingThreadPredicate(current -> current.or(t -> t.getName().startsWith(LINK_THREADS)))
                .markAsBlocking("sun.nio.ch.FileChannelImpl", "read", "(Ljava/nio/ByteBuffer;)I")
                .markAsBlocking("sun.nio.ch.FileChannelImpl", "read", "(Ljava/nio/ByteBuffer;J)I")
                .markAsBlocking("sun.nio.ch.FileChannelImpl", "write", "(Ljava/nio/ByteBuffer;)I")
                .markAsBlocking("sun.nio.ch.FileChannelImpl", "write", "(Ljava/nio/ByteBuffer;J)I")
                .markAsBlocking("sun.nio.ch.FileChannelImpl", "force", "(Z)V")
                .allowBlockingCallsInside("java.util.concurrent.locks.ReentrantLock", "lock")
                // Netty's own buffer pool takes a lock around memory when it grows (not in its integration yet)
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
                        "tryExpandMagazines")
                .blockingMethodCallback(method -> BLOCKED.add(Thread.currentThread().getName() + ": " + method
                        + Arrays.stream(new Throwable().getStackTrace()).skip(2).limit(25)
                        .map(frame -> "\n    at " + frame).collect(Collectors.joining()))));
    }

    @AfterAll
    static void report() {
        System.out.println("[blocking] calls seen on link event loops: " + BLOCKED.size());
    }

    /** The check itself: a file read on a thread named like a link's event loop is caught. */
    @Test
    void aFileReadOnALinkEventLoopIsCaught() throws Exception {
        Path file = Files.write(dir.resolve("probe"), new byte[64]);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(LINK_THREADS + "-probe"),
                NioIoHandler.newFactory());
        try {
            int before = BLOCKED.size();
            group.submit(() -> {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    return channel.read(ByteBuffer.allocate(64), 0);
                }
            }).get();
            assertThat(BLOCKED.subList(before, BLOCKED.size())).singleElement().asString()
                    .contains("FileChannelImpl.read");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            BLOCKED.clear();
        }
    }

    /** Status frames, alarms and their duplicates through two links, to a broker, until all is published. */
    @Test
    void linksNeverBlockTheirEventLoop() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.launch();
             LinkConnector connector = new LinkConnector(Duration.ofSeconds(5))) {
            LoadProgrammer first = LoadProgrammer.listen(connector, "PRG-BLK001", new LoadListener() { });
            LoadProgrammer second = LoadProgrammer.listen(connector, "PRG-BLK002", new LoadListener() { });
            try (Gateway gateway = new Gateway(new E2e.Config("blocking", broker.uri(), dir.resolve("journal"))
                    .link("first", "tcp:127.0.0.1:" + first.port())
                    .link("second", "tcp:127.0.0.1:" + second.port()).build(), "e2e").start()) {
                first.up().get(E2e.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                second.up().get(E2e.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                BLOCKED.clear(); // connecting is not a link's steady state

                CompletableFuture.allOf(first.run(frames("NGP-BLK001"), 0), second.run(frames("NGP-BLK002"), 0))
                        .get(LONG.toMillis(), TimeUnit.MILLISECONDS);
                await().atMost(LONG).until(() -> gateway.journal().depth() == 0);

                assertThat(first.refused() + second.refused()).isZero();
                assertThat(BLOCKED).as("blocking calls on link event loops").isEmpty();
            } finally {
                first.close();
                second.close();
            }
        }
    }

    /** 1 000 status frames and 100 ALARMs, each ALARM sent twice: the second is a duplicate, found by identity. */
    private static FrameSource frames(String pump) {
        List<Message> frames = new ArrayList<>();
        long ts = 1_767_225_600_000L;
        for (int block = 0; block < 100; block++) {
            for (int i = 0; i < 10; i++, ts++) {
                frames.add(i % 2 == 0 ? new ReservoirStatus(ts, pump, 15_000 - block, 2_000, 1, 2_000, ts - 86_400_000L)
                        : new FlowStatus(ts, pump, 1, 20_833, 0, block, 0, 0));
            }
            Alarm stall = new Alarm(ts, pump, block + 1, AlarmCode.MOTOR_STALL.code(), AlarmPriority.HIGH.code(),
                    AlarmState.RAISED.code(), 0);
            frames.add(stall);
            frames.add(stall);
        }
        Iterator<Message> next = frames.iterator();
        return () -> next.hasNext() ? next.next() : null;
    }
}
