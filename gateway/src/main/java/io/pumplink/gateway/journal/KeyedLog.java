package io.pumplink.gateway.journal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small key → bytes map kept on disk as an append-only log of changes: each change costs one record, whatever
 * the size of the map, and changes are made durable by a writer thread of its own that fsyncs once per batch
 * (group commit), so the caller never waits for the disk. When the file has grown to {@code compactAtBytes} and
 * to twice the live data, the writer replaces it with a snapshot of the live entries (amortised O(1) per change).
 * <pre>
 * file:   i32 magic "PKL1", then records
 * record: i32 body length, body, i32 CRC-32C of body
 * body:   u8 op (1 put, 2 remove), u16 key length, key (UTF-8), (put) value bytes to the end of the body
 * </pre>
 * A record cut short or failing its CRC ends the log, and is cut off when the log is opened: a crash can only
 * tear the tail, and what it held was not yet durable, so its callers had not acted on it.
 */
public final class KeyedLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyedLog.class);
    private static final int MAGIC = 0x504B4C31;
    private static final byte PUT = 1;
    private static final byte REMOVE = 2;
    private static final int FRAMING_BYTES = 2 * Integer.BYTES;

    private record Change(String key, byte[] value, CompletableFuture<Void> durable) {
        /** Queued by {@link #close()}: what came before it is written, then the writer stops. */
        static final Change END = new Change("", null, null);

        boolean put() {
            return value != null;
        }
    }

    private final Path file;
    private final long compactAtBytes;
    private final Map<String, byte[]> contents;
    private final LinkedBlockingQueue<Change> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    // writer thread only
    private final Map<String, byte[]> mirror;
    private FileChannel channel;
    private long fileBytes;
    private long liveBytes;
    private boolean rewrite;
    private boolean failing;

    private record Loaded(Map<String, byte[]> contents, long validBytes) {
    }

    private KeyedLog(Path file, long compactAtBytes, Loaded loaded) throws IOException {
        this.file = file;
        this.compactAtBytes = compactAtBytes;
        this.contents = Collections.unmodifiableMap(loaded.contents());
        this.mirror = new LinkedHashMap<>(loaded.contents());
        mirror.forEach((key, value) -> liveBytes += recordBytes(key, value));
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
        if (channel.size() > loaded.validBytes()) {
            channel.truncate(loaded.validBytes()); // new records go where the torn one began
            channel.force(false);
        }
        this.fileBytes = loaded.validBytes();
        this.writer = new Thread(this::write, "keyed-log-" + file.getFileName());
        writer.setDaemon(true);
    }

    /** Whether {@code file} is a log of this kind (so that older formats can be told apart and converted). */
    public static boolean isLog(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(Integer.BYTES);
            return in.read(magic, 0) == Integer.BYTES && magic.getInt(0) == MAGIC;
        }
    }

    /**
     * Opens the log in {@code file}, creating it when missing, and reads what it holds ({@link #contents()}).
     *
     * @param compactAtBytes the file is compacted once it is this large and twice its live data
     * @throws IOException when the file cannot be read or is not a log (see {@link #isLog})
     */
    public static KeyedLog open(Path file, long compactAtBytes) throws IOException {
        if (compactAtBytes < 1) {
            throw new IllegalArgumentException("compactAtBytes must be positive: " + compactAtBytes);
        }
        if (!Files.exists(file)) {
            replace(file, Map.of());
        }
        KeyedLog log = new KeyedLog(file, compactAtBytes, read(file));
        log.writer.start();
        return log;
    }

    /** Writes {@code contents} as a new log in place of {@code file}, atomically (converts older formats). */
    public static void replace(Path file, Map<String, byte[]> contents) throws IOException {
        JournalFiles.replaceAtomically(file, snapshot(contents));
    }

    /** What the log held when it was opened, in the order the keys were first put. */
    public Map<String, byte[]> contents() {
        return contents;
    }

    /** Sets {@code key} to {@code value}; the future completes once that is durable. Single producer thread. */
    public CompletableFuture<Void> put(String key, byte[] value) {
        return enqueue(new Change(key, value.clone(), new CompletableFuture<>()));
    }

    /** Removes {@code key}; the future completes once that is durable. */
    public CompletableFuture<Void> remove(String key) {
        return enqueue(new Change(key, null, new CompletableFuture<>()));
    }

    /** Completes once every change made so far is durable (at once when there are none pending). */
    public CompletableFuture<Void> durable() {
        return last;
    }

    private CompletableFuture<Void> enqueue(Change change) {
        if (closing) {
            throw new IllegalStateException("log closed: " + file);
        }
        queue.add(change);
        last = change.durable();
        return change.durable();
    }

    /** Writes and fsyncs what was changed, then stops. */
    @Override
    public void close() throws IOException {
        if (!closing) {
            closing = true;
            queue.add(Change.END);
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        channel.close();
    }

    // ---- writer thread

    /** Not interrupted to stop (an interrupt would close the channel under a write): {@link Change#END} is queued. */
    private void write() {
        List<Change> batch = new ArrayList<>();
        boolean end = false;
        while (!end) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch);
            end = batch.remove(Change.END);
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
        }
    }

    private void commit(List<Change> batch) {
        try {
            for (Change change : batch) {
                apply(change);
            }
            if (rewrite || fileBytes >= compactAtBytes && fileBytes >= 2 * liveBytes) {
                compact();
            } else {
                ByteBuffer records = records(batch);
                long at = fileBytes;
                JournalFiles.writeFully(channel, records, at);
                channel.force(false);
                fileBytes = at + records.limit();
            }
            if (failing) {
                failing = false;
                LOG.info("{} written again", file);
            }
            batch.forEach(change -> change.durable().complete(null));
        } catch (IOException | RuntimeException e) {
            rewrite = true; // a write cut short may have left half a record: the next batch rewrites the whole file
            if (!failing) {
                failing = true;
                LOG.error("cannot write {} ({}); retried with the next change", file, e.toString());
            }
            batch.forEach(change -> change.durable().completeExceptionally(e));
        }
    }

    private void apply(Change change) {
        byte[] before = change.put() ? mirror.put(change.key(), change.value()) : mirror.remove(change.key());
        if (before != null) {
            liveBytes -= recordBytes(change.key(), before);
        }
        if (change.put()) {
            liveBytes += recordBytes(change.key(), change.value());
        }
    }

    private void compact() throws IOException {
        channel.close();
        replace(file, mirror);
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        fileBytes = channel.size();
        rewrite = false;
    }

    // ---- format

    private static ByteBuffer snapshot(Map<String, byte[]> contents) {
        List<Change> puts = new ArrayList<>(contents.size());
        contents.forEach((key, value) -> puts.add(new Change(key, value, null)));
        ByteBuffer records = records(puts);
        return ByteBuffer.allocate(Integer.BYTES + records.limit()).putInt(MAGIC).put(records).flip();
    }

    private static ByteBuffer records(List<Change> changes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (Change change : changes) {
                byte[] body = body(change.key(), change.value());
                CRC32C crc = new CRC32C();
                crc.update(body);
                out.writeInt(body.length);
                out.write(body);
                out.writeInt((int) crc.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return ByteBuffer.wrap(bytes.toByteArray());
    }

    private static byte[] body(String key, byte[] value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] name = key.getBytes(StandardCharsets.UTF_8);
            out.writeByte(value != null ? PUT : REMOVE);
            out.writeShort(name.length);
            out.write(name);
            if (value != null) {
                out.write(value);
            }
        }
        return bytes.toByteArray();
    }

    private static long recordBytes(String key, byte[] value) {
        return FRAMING_BYTES + 1 + 2 + (long) key.getBytes(StandardCharsets.UTF_8).length + value.length;
    }

    private static Loaded read(Path file) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
        if (all.remaining() < Integer.BYTES || all.getInt() != MAGIC) {
            throw new IOException(file + " is not a keyed log");
        }
        Map<String, byte[]> contents = new LinkedHashMap<>();
        while (all.hasRemaining()) {
            Optional<ByteBuffer> body = nextBody(all);
            if (body.isEmpty()) {
                LOG.warn("{}: a record cut short or damaged at offset {} ends the log (a crash while writing);"
                        + " the {} bytes from there are cut off", file, all.position(), all.remaining());
                break;
            }
            ByteBuffer b = body.get();
            byte op = b.get();
            byte[] key = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(key);
            String name = new String(key, StandardCharsets.UTF_8);
            if (op != PUT && op != REMOVE) {
                throw new IOException(file + ": unknown change " + op + " in a record whose CRC is right");
            }
            if (op == PUT) {
                byte[] value = new byte[b.remaining()];
                b.get(value);
                contents.put(name, value);
            } else {
                contents.remove(name);
            }
        }
        return new Loaded(contents, all.position());
    }

    /** The next record's body, or empty when it is cut short or its CRC fails (the position is left at it). */
    private static Optional<ByteBuffer> nextBody(ByteBuffer all) {
        int start = all.position();
        if (all.remaining() < Integer.BYTES) {
            return Optional.empty();
        }
        int length = all.getInt();
        if (length < 3 || length > all.remaining() - Integer.BYTES || length - 3 < Short.toUnsignedInt(
                all.getShort(all.position() + 1))) {
            all.position(start);
            return Optional.empty();
        }
        ByteBuffer body = all.slice(all.position(), length);
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        all.position(all.position() + length);
        if ((int) crc.getValue() != all.getInt()) {
            all.position(start);
            return Optional.empty();
        }
        return Optional.of(body);
    }
}
