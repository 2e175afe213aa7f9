package io.pumplink.emulator;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.ReferenceCountUtil;
import io.pumplink.cli.Lifetime;
import io.pumplink.protocol.capture.CaptureReader;
import io.pumplink.protocol.capture.CaptureRecord;
import io.pumplink.protocol.capture.Direction;
import io.pumplink.protocol.transport.Endpoint;
import io.pumplink.protocol.transport.LinkConnector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code --replay}: plays the programmer-to-gateway bytes of a capture back to a gateway, with their original
 * spacing divided by the speed. It does not answer: it repeats exactly what a programmer once said.
 */
final class Replay {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private Replay() {
    }

    static int run(Path file, Endpoint transport, double speed, Optional<Duration> runFor) throws Exception {
        List<CaptureRecord> records = programmerSide(file);
        System.err.printf("replay: %d records from %s at speed %s on %s%n", records.size(), file, speed, transport);
        ChannelInitializer<Channel> player = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new Player(records, speed));
            }
        };
        try (Lifetime lifetime = new Lifetime(); LinkConnector connector = new LinkConnector(CONNECT_TIMEOUT)) {
            ChannelFuture opened = transport instanceof Endpoint.Tcp tcp
                    ? connector.listenTcp(tcp.host(), tcp.port(), player)
                    : connector.connect(transport, player);
            opened.sync();
            lifetime.await(runFor);
        }
        return 0;
    }

    private static List<CaptureRecord> programmerSide(Path file) throws IOException {
        List<CaptureRecord> records = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); CaptureReader reader = CaptureReader.open(in)) {
            for (Optional<CaptureRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                if (next.get().direction() == Direction.PROGRAMMER_TO_GATEWAY) {
                    records.add(next.get());
                }
            }
            if (reader.truncated()) {
                System.err.println("replay: the capture ends inside a record; that record is left out");
            }
        }
        return records;
    }

    /** Schedules every record relative to the first, once the link is up; discards what the gateway says. */
    private static final class Player extends ChannelInboundHandlerAdapter {
        private final List<CaptureRecord> records;
        private final double speed;

        Player(List<CaptureRecord> records, double speed) {
            this.records = records;
            this.speed = speed;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (!records.isEmpty()) {
                long firstMicros = records.get(0).timestampMicros();
                for (CaptureRecord record : records) {
                    long delayMicros = (long) ((record.timestampMicros() - firstMicros) / speed);
                    ctx.executor().schedule(() -> ctx.writeAndFlush(Unpooled.wrappedBuffer(record.bytes())),
                            delayMicros, TimeUnit.MICROSECONDS);
                }
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
