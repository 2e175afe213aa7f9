package io.pumplink.gateway.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Settings, payloads and file handling shared by the journal tests. */
final class JournalFixture {
    static final int PAYLOAD = 64;
    /** A record with a {@link #PAYLOAD}-byte payload and no identity. */
    static final int RECORD = RecordFormat.HEADER_BYTES + PAYLOAD;
    /** Five such records per segment. */
    static final long SMALL_SEGMENT = 512;

    private JournalFixture() {
    }

    static JournalSettings settings(Path dir) {
        return new JournalSettings(dir, 1 << 20, SMALL_SEGMENT, Duration.ZERO, 1024, 10_000);
    }

    /** 64 bytes that encode {@code n}, so that a stored payload tells which append it came from. */
    static byte[] payload(long n) {
        ByteBuffer buf = ByteBuffer.allocate(PAYLOAD);
        while (buf.hasRemaining()) {
            buf.putLong(n);
        }
        return buf.array();
    }

    static long frameOf(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong();
    }

    /** Appends frames {@code from..to} (inclusive) one after the other, each waited for. */
    static void appendFrames(Journal journal, long from, long to) {
        for (long n = from; n <= to; n++) {
            journal.append(payload(n), Optional.empty()).join();
        }
    }

    static List<Entry> readAll(Journal journal) {
        return journal.readAfter(0, Integer.MAX_VALUE);
    }

    static List<Long> sequences(List<Entry> entries) {
        return entries.stream().map(Entry::sequence).toList();
    }

    static List<Path> segmentFiles(Path dir) {
        return list(dir).filter(p -> JournalFiles.segmentBase(p).isPresent()).sorted().toList();
    }

    static Path lastSegment(Path dir) {
        List<Path> segments = segmentFiles(dir);
        return segments.get(segments.size() - 1);
    }

    /** Every file of a closed journal, to put it back as it was with {@link #restore}. */
    static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (Path file : list(dir).toList()) {
            files.put(file.getFileName().toString(), Files.readAllBytes(file));
        }
        return files;
    }

    static void restore(Path dir, Map<String, byte[]> files) throws IOException {
        for (Path file : list(dir).toList()) {
            Files.delete(file);
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[Math.toIntExact(offset)] ^= 0x5A;
        Files.write(file, bytes);
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Stream<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
