package io.pumplink.protocol.transport;

import com.fazecast.jSerialComm.SerialPort;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.oio.OioByteStreamChannel;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty channel over a serial device (jSerialComm), for an {@link io.netty.channel.oio.OioEventLoopGroup}, whose
 * one thread per port reads and runs the pipeline, so it must never block for long.
 * <ul>
 *   <li><b>Reads</b> are semi-blocking with a {@value #READ_TIMEOUT_MS} ms timeout, so the read loop parks in the
 *   kernel while idle yet gives the thread back often enough for tasks from other threads (writes, close). The
 *   read only blocks when no task is queued. 100 ms is the floor: on POSIX jSerialComm maps the timeout to
 *   termios VTIME in tenths of a second, and anything below 100 becomes VTIME=0, a non-blocking read, a spin.</li>
 *   <li><b>Writes</b> never block that thread: they are queued (a few KiB, like a socket send buffer) for a
 *   {@link SerialWriter} thread, because a jSerialComm write blocks until the kernel takes the bytes, and a thread
 *   stuck writing reads nothing; across a socat PTY pair under load in both directions that deadlocks.</li>
 *   <li><b>Loss</b> of the device (unplugged, socat killed, rfcomm released) hangs up the tty: reads fail, the
 *   channel closes and fires channelInactive. A read that keeps returning no data at once (an EOF that jSerialComm
 *   does not report as an error) is taken as loss too, so the loop never spins.</li>
 * </ul>
 * Connect is the open; a failure (no such path, permission denied, busy) fails the connect future with a message
 * naming the path. Logs carry the path, sizes and errno, never payload bytes.
 */
@SuppressWarnings("deprecation") // the OIO transport is deprecated in Netty 4.2 but is the way to drive a blocking API
public final class SerialChannel extends OioByteStreamChannel {
    static final int READ_TIMEOUT_MS = 100;
    /** How long close waits for queued bytes to go out. */
    private static final long CLOSE_DRAIN_MS = 200;
    /** A read that asked to block but returned empty well before the timeout is an EOF, not a timeout. */
    private static final long EARLY_EMPTY_READ_NANOS = TimeUnit.MILLISECONDS.toNanos(READ_TIMEOUT_MS / 4);
    private static final int EARLY_EMPTY_READS_AS_LOSS = 3;
    private static final Logger log = LoggerFactory.getLogger(SerialChannel.class);

    private final ChannelConfig config = new DefaultChannelConfig(this);
    private final byte[] readScratch = new byte[8192];
    private final Runnable resumeFlushTask = () -> ((SerialUnsafe) unsafe()).flushFlushed();
    private volatile boolean open = true;
    private volatile SerialAddress address;
    // the fields below are used by the event loop thread only
    private SerialPort port;
    private SerialWriter writer;
    private int earlyEmptyReads;

    public SerialChannel() {
        super(null);
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public SerialAddress remoteAddress() {
        return (SerialAddress) super.remoteAddress();
    }

    @Override
    public SerialAddress localAddress() {
        return (SerialAddress) super.localAddress();
    }

    @Override
    protected SocketAddress localAddress0() {
        return address;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return address;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new SerialUnsafe();
    }

    @Override
    protected void doConnect(SocketAddress remote, SocketAddress local) throws Exception {
        if (!(remote instanceof SerialAddress target)) {
            throw new IllegalArgumentException("not a SerialAddress: " + remote);
        }
        port = SerialPortOpener.open(target, READ_TIMEOUT_MS);
        address = target;
        writer = new SerialWriter(port, target, () -> onLoop(resumeFlushTask), this::writeFailed);
        activate(port.getInputStream(), port.getOutputStream());
        log.info("serial {} open", target);
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a serial port cannot be bound");
    }

    @Override
    protected void doDisconnect() throws Exception {
        doClose();
    }

    @Override
    protected void doClose() throws Exception {
        open = false;
        try {
            if (writer != null) {
                writer.stop(CLOSE_DRAIN_MS);
            }
            super.doClose();
        } finally {
            SerialPort p = port;
            if (p != null && p.isOpen()) {
                p.closePort();
                log.info("serial {} closed", address);
            }
        }
    }

    @Override
    protected boolean isInputShutdown() {
        return !open;
    }

    @Override
    protected ChannelFuture shutdownInput() {
        return newFailedFuture(new UnsupportedOperationException("a serial port has no half-close"));
    }

    @Override
    protected int available() {
        return port.bytesAvailable();
    }

    @Override
    protected int doReadBytes(ByteBuf buf) throws Exception {
        int available = port.bytesAvailable();
        if (available < 0) {
            throw lost("read"); // FIONREAD fails on a hung-up tty
        }
        boolean blocking = available == 0;
        if (blocking && hasQueuedTasks()) {
            return 0; // come back after them instead of parking in the kernel for up to READ_TIMEOUT_MS
        }
        int len = Math.min(buf.writableBytes(), readScratch.length);
        unsafe().recvBufAllocHandle().attemptedBytesRead(len);
        if (len == 0) {
            return 0;
        }
        long start = System.nanoTime();
        int n = port.readBytes(readScratch, len, 0);
        if (n < 0) {
            throw lost("read");
        }
        if (n == 0 && blocking && System.nanoTime() - start < EARLY_EMPTY_READ_NANOS) {
            if (++earlyEmptyReads >= EARLY_EMPTY_READS_AS_LOSS) {
                throw lost("read", "hung up (reads return end of file at once)");
            }
        } else {
            earlyEmptyReads = 0;
        }
        buf.writeBytes(readScratch, 0, n);
        return n;
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        for (;;) {
            Object msg = in.current();
            if (msg == null) {
                return;
            }
            if (!(msg instanceof ByteBuf buf)) {
                in.remove(new UnsupportedOperationException("serial channels write ByteBufs only, not "
                        + msg.getClass().getSimpleName()));
                continue;
            }
            while (buf.isReadable()) {
                int room = writer.room();
                if (room == 0) {
                    return; // the writer calls resumeFlushTask once it has room
                }
                byte[] chunk = new byte[Math.min(Math.min(room, SerialWriter.CHUNK), buf.readableBytes())];
                buf.readBytes(chunk);
                writer.offer(chunk);
                in.progress(chunk.length);
            }
            in.remove();
        }
    }

    private boolean hasQueuedTasks() {
        return eventLoop() instanceof SingleThreadEventExecutor loop && loop.pendingTasks() > 0;
    }

    /** From the writer thread: the port failed under a write, so close as a failed read would. */
    private void writeFailed(IOException cause) {
        onLoop(() -> {
            if (isOpen()) {
                pipeline().fireExceptionCaught(cause);
                unsafe().close(unsafe().voidPromise());
            }
        });
    }

    private void onLoop(Runnable task) {
        try {
            eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("serial {}: event loop already shut down", address);
        }
    }

    private IOException lost(String operation) {
        return lost(operation, "closed or disconnected (errno " + port.getLastErrorCode() + ")");
    }

    private IOException lost(String operation, String why) {
        log.warn("serial {} lost on {}: {}", address, operation, why);
        return new IOException("serial port " + address.path() + " " + operation + " failed: " + why);
    }

    /** The OIO connect (the open runs on the channel's own thread), plus a flush that adds nothing new. */
    private final class SerialUnsafe extends AbstractUnsafe {
        @Override
        public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            if (!promise.setUncancellable() || !ensureOpen(promise)) {
                return;
            }
            try {
                boolean wasActive = isActive();
                doConnect(remote, local);
                boolean active = isActive();
                safeSetSuccess(promise);
                if (!wasActive && active) {
                    pipeline().fireChannelActive();
                }
            } catch (Throwable t) {
                log.info("serial {} open failed: {}", remote, t.getMessage());
                close(voidPromise()); // first: a port that failed to open is of no further use
                safeSetFailure(promise, t);
            }
        }

        /** Writes on what was already flushed; unlike {@link #flush()} it leaves later, unflushed writes alone. */
        void flushFlushed() {
            flush0();
        }
    }
}
