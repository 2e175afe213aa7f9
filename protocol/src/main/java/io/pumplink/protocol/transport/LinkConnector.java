package io.pumplink.protocol.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.oio.OioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Opens PTL links behind one call whatever the transport: the gateway connects to a serial device or a TCP peer,
 * the emulator opens a serial device or listens on TCP. Owns the event loops, created on first use (NIO for TCP,
 * a thread per port for serial, see {@link SerialChannel}), and shuts them down on {@link #close()}.
 */
public final class LinkConnector implements AutoCloseable {
    private static final long QUIET_PERIOD_MS = 0;
    private static final long SHUTDOWN_TIMEOUT_MS = 2_000;
    private static final long AWAIT_TERMINATION_MS = 5_000;

    private final int connectTimeoutMillis;
    private EventLoopGroup tcpGroup;
    private EventLoopGroup serialGroup;
    private boolean closed;

    /** @param connectTimeout how long a TCP connect may take; serial opens are immediate */
    public LinkConnector(Duration connectTimeout) {
        long millis = connectTimeout.toMillis();
        if (millis <= 0 || millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connect timeout " + connectTimeout + " must be positive");
        }
        this.connectTimeoutMillis = (int) millis;
    }

    /** Opens a client link; the future fails with a message naming the port or address when that fails. */
    public ChannelFuture connect(Endpoint endpoint, ChannelHandler initializer) {
        Objects.requireNonNull(initializer, "initializer");
        if (endpoint instanceof Endpoint.Serial serial) {
            return new Bootstrap()
                    .group(serialGroup())
                    .channel(SerialChannel.class)
                    .handler(initializer)
                    .connect(serial.address());
        }
        Endpoint.Tcp tcp = (Endpoint.Tcp) Objects.requireNonNull(endpoint, "endpoint");
        return new Bootstrap()
                .group(tcpGroup())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(initializer)
                .connect(tcp.host(), tcp.port());
    }

    /**
     * Listens for TCP links (the emulator's side). The future completes when bound; its channel is the server
     * channel, whose local address tells the port when {@code port} was 0.
     */
    public ChannelFuture listenTcp(String host, int port, ChannelHandler childInitializer) {
        Objects.requireNonNull(childInitializer, "childInitializer");
        return new ServerBootstrap()
                .group(tcpGroup())
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(childInitializer)
                .bind(host, port);
    }

    private synchronized EventLoopGroup tcpGroup() {
        checkOpen();
        if (tcpGroup == null) {
            tcpGroup = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("pumplink-tcp", true),
                    NioIoHandler.newFactory());
        }
        return tcpGroup;
    }

    @SuppressWarnings("deprecation")
    private synchronized EventLoopGroup serialGroup() {
        checkOpen();
        if (serialGroup == null) {
            // 0: no limit, one thread per open port
            serialGroup = new OioEventLoopGroup(0, new DefaultThreadFactory("pumplink-serial", true));
        }
        return serialGroup;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("LinkConnector is closed");
        }
    }

    /** Closes every link and stops the event loops, waiting a bounded time for them to finish. */
    @Override
    public void close() {
        List<Future<?>> terminations = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (EventLoopGroup group : new EventLoopGroup[] {tcpGroup, serialGroup}) {
                if (group != null) {
                    terminations.add(group.shutdownGracefully(QUIET_PERIOD_MS, SHUTDOWN_TIMEOUT_MS,
                            TimeUnit.MILLISECONDS));
                }
            }
        }
        for (Future<?> termination : terminations) {
            termination.awaitUninterruptibly(AWAIT_TERMINATION_MS);
        }
    }
}
