package io.pumplink.emulator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.pumplink.emulator.device.EmulatedProgrammer;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.protocol.capture.CaptureWriter;
import io.pumplink.protocol.transport.Endpoint;
import io.pumplink.protocol.transport.LinkConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs emulated programmers on a transport: each on its own TCP port (consecutive from the first), or one on a
 * serial port (a socat PTY end, a USB-UART, or /dev/rfcommN), reopened when it fails.
 */
public final class Emulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Emulator.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final long SERIAL_RETRY_MS = 1_000;

    /**
     * @param transport  {@code tcp:HOST:PORT} to listen on, or a serial endpoint to open
     * @param record     capture file; with several programmers, one file each with the index before the suffix
     */
    public record Options(Scenario scenario, Endpoint transport, int programmers, long seed, double speed,
                          Optional<Path> record) {
        public Options {
            if (programmers < 1) {
                throw new IllegalArgumentException("programmers must be >= 1: " + programmers);
            }
            if (programmers > 1 && transport instanceof Endpoint.Serial) {
                throw new IllegalArgumentException("a serial port carries one programmer; use tcp for --programmers");
            }
            if (!(speed > 0)) {
                throw new IllegalArgumentException("speed must be > 0: " + speed);
            }
        }
    }

    private final Options options;
    private final LinkConnector connector = new LinkConnector(CONNECT_TIMEOUT);
    private final DefaultEventLoopGroup programmerThreads;
    private final List<EmulatedProgrammer> programmers = new ArrayList<>();
    private final List<CaptureWriter> captures = new ArrayList<>();
    private final List<Channel> listeners = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private volatile boolean closed;

    public Emulator(Options options) {
        this.options = options;
        this.programmerThreads = new DefaultEventLoopGroup(Math.min(options.programmers(),
                Runtime.getRuntime().availableProcessors() * 2));
    }

    /** Creates the programmers and opens their transports; returns when TCP ports are bound. */
    public Emulator start() throws InterruptedException {
        boolean tcp = options.transport() instanceof Endpoint.Tcp;
        for (int i = 0; i < options.programmers(); i++) {
            EventExecutor executor = programmerThreads.next();
            EmulatedProgrammer programmer = new EmulatedProgrammer(options.scenario(), i, options.seed(),
                    options.speed(), executor, capture(i), tcp);
            programmers.add(programmer);
            programmer.start();
            if (options.transport() instanceof Endpoint.Tcp endpoint) {
                listen(endpoint, i, programmer);
            } else {
                openSerial((Endpoint.Serial) options.transport(), programmer);
            }
        }
        return this;
    }

    private void listen(Endpoint.Tcp endpoint, int index, EmulatedProgrammer programmer) throws InterruptedException {
        int port = endpoint.port() + index;
        ChannelFuture bound = connector.listenTcp(endpoint.host(), port, programmer.linkInitializer()).sync();
        listeners.add(bound.channel());
        int actual = ((InetSocketAddress) bound.channel().localAddress()).getPort();
        ports.add(actual);
        LOG.info("programmer {} listening on tcp:{}:{}", programmer.serial(), endpoint.host(), actual);
    }

    /** Opens the port, and again whenever it fails or closes: a USB-UART can be unplugged and come back. */
    private void openSerial(Endpoint.Serial endpoint, EmulatedProgrammer programmer) {
        if (closed) {
            return;
        }
        connector.connect(endpoint, programmer.linkInitializer()).addListener((ChannelFuture opened) -> {
            if (opened.isSuccess()) {
                LOG.info("programmer {} on {}", programmer.serial(), endpoint);
                opened.channel().closeFuture().addListener(f -> retrySerial(endpoint, programmer));
            } else {
                LOG.warn("programmer {}: cannot open {}: {}", programmer.serial(), endpoint,
                        opened.cause().getMessage());
                retrySerial(endpoint, programmer);
            }
        });
    }

    private void retrySerial(Endpoint.Serial endpoint, EmulatedProgrammer programmer) {
        if (!closed) {
            programmer.executor().schedule(() -> openSerial(endpoint, programmer), SERIAL_RETRY_MS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private Optional<CaptureWriter> capture(int index) {
        return options.record().map(path -> {
            Path file = options.programmers() == 1 ? path : indexed(path, index);
            try {
                CaptureWriter writer = new CaptureWriter(file);
                captures.add(writer);
                return writer;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create capture file " + file, e);
            }
        });
    }

    private static Path indexed(Path path, int index) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String indexedName = dot < 0 ? name + "-" + index : name.substring(0, dot) + "-" + index + name.substring(dot);
        return path.resolveSibling(indexedName);
    }

    public List<EmulatedProgrammer> programmers() {
        return List.copyOf(programmers);
    }

    /** The TCP ports bound, in programmer order (empty on serial). */
    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    @Override
    public void close() {
        closed = true;
        programmers.forEach(EmulatedProgrammer::stop);
        listeners.forEach(Channel::close);
        connector.close();
        programmerThreads.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        for (CaptureWriter capture : captures) {
            try {
                capture.close();
            } catch (IOException e) {
                LOG.warn("capture file close failed: {}", e.getMessage());
            }
        }
    }
}
