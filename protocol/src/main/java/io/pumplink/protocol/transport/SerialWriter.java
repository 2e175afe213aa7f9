package io.pumplink.protocol.transport;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send side of a {@link SerialChannel}: a small byte queue drained by a thread of its own, so the channel's
 * OIO thread never blocks in a write. jSerialComm writes block until the kernel takes every byte, and it has no
 * write timeout (on POSIX its write timeout is ignored, and no ioctl tells a PTY's free room). A blocked writer
 * that is also the reader stops reading; across a socat PTY pair, whose single thread blocks writing towards
 * that reader, both sides then wait for each other for ever. The queue works like a socket send buffer: a
 * write is done once queued, and when the queue is full the channel waits for {@code onSpace}.
 */
final class SerialWriter {
    static final int CHUNK = 4096;
    /**
     * Above PTL's largest burst (8 reliable frames in flight, ~1 KiB each), so frames never wait on the channel
     * thread, which may sit in a read for up to {@link SerialChannel#READ_TIMEOUT_MS} before it refills the queue.
     */
    static final int CAPACITY = 4 * CHUNK;
    private static final long STOP_JOIN_MS = 50;
    private static final Logger log = LoggerFactory.getLogger(SerialWriter.class);

    private final SerialPort port;
    private final SerialAddress address;
    private final Runnable onSpace;
    private final Consumer<IOException> onFailure;
    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedBytes = new AtomicInteger();
    private final AtomicBoolean spaceWanted = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile IOException failure;

    /**
     * @param onSpace called (on the writer thread) once room appears after {@link #room()} found the queue full
     * @param onFailure called (on the writer thread) once when a write fails: the port is gone
     */
    SerialWriter(SerialPort port, SerialAddress address, Runnable onSpace, Consumer<IOException> onFailure) {
        this.port = port;
        this.address = address;
        this.onSpace = onSpace;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, "pumplink-serial-writer " + address.path());
        thread.setDaemon(true);
        thread.start();
    }

    /** Bytes that may be offered now; 0 means full, and {@code onSpace} will run once there is room. */
    int room() throws IOException {
        if (failure != null) {
            throw failure;
        }
        int room = CAPACITY - queuedBytes.get();
        if (room > 0) {
            return room;
        }
        spaceWanted.set(true);
        room = CAPACITY - queuedBytes.get(); // the writer may have made room before it could see the flag
        return Math.max(room, 0);
    }

    /** Queues a copy; the caller keeps to {@link #room()} and {@link #CHUNK}. */
    void offer(byte[] chunk) {
        queuedBytes.addAndGet(chunk.length);
        queue.add(chunk);
    }

    private void run() {
        try {
            while (running) {
                byte[] chunk = queue.take();
                int written = port.writeBytes(chunk, chunk.length, 0);
                if (written != chunk.length) {
                    if (running) {
                        fail(new IOException("serial port " + address.path() + " write failed: closed or "
                                + "disconnected (errno " + port.getLastErrorCode() + ")"));
                    }
                    return;
                }
                queuedBytes.addAndGet(-chunk.length);
                if (spaceWanted.compareAndSet(true, false)) {
                    onSpace.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop() asked us to go
        } catch (RuntimeException e) {
            fail(new IOException("serial port " + address.path() + " writer failed", e));
        }
    }

    private void fail(IOException e) {
        failure = e;
        log.warn("serial {} lost on write: {}", address, e.getMessage());
        onFailure.accept(e);
    }

    /**
     * Stops the thread, first letting what is queued go out for up to {@code drainMillis} while the port works.
     * Call it before closing the port. A write stuck on a peer that reads nothing (a PTY whose other end is open
     * but idle) is nudged by discarding the port's buffers, as closing would anyway; if the kernel still holds
     * the thread, it is left to end when the device hangs up (it is a daemon and writes nothing more).
     */
    void stop(long drainMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
        while (failure == null && queuedBytes.get() > 0 && thread.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1); // a short, bounded drain poll at close
        }
        running = false;
        queue.clear();
        thread.interrupt(); // wakes it if waiting for work
        thread.join(STOP_JOIN_MS);
        if (thread.isAlive()) {
            port.flushIOBuffers();
            thread.join(STOP_JOIN_MS);
            if (thread.isAlive()) {
                log.warn("serial {} writer still blocked in the kernel at close; it ends on hang-up", address);
            }
        }
    }
}
