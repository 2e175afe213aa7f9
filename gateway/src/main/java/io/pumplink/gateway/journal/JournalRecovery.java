package io.pumplink.gateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rebuilds a journal's state from its directory when it opens; see the package documentation. */
final class JournalRecovery {
    /**
     * @param segments       in sequence order; the last one is the active segment, and there is always one
     * @param nextSequence   above every sequence found in a record, a release log or the identity file, and
     *                       above the durable mark: a sequence that may have been ACKed is never given out again
     * @param durableMark    the durable high-water mark on file ({@link DurableMark}); 0 when unknown
     * @param lostEntries    sequences at or below the durable mark that no record holds any more
     */
    record Recovered(List<Segment> segments, List<IdentityIndex.Known> identities, long nextSequence,
                     long corruptRecords, long tornTails, long durableMark, long lostEntries) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    private final Path dir;
    private final List<IdentityIndex.Known> identities = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();
    private long nextSequence = 1;
    private long corruptRecords;
    private long tornTails;
    private long durableMark;
    private long lostEntries;

    private JournalRecovery(Path dir) {
        this.dir = dir;
    }

    static Recovered recover(Path dir) throws IOException {
        JournalRecovery recovery = new JournalRecovery(dir);
        try {
            recovery.run();
        } catch (IOException | RuntimeException e) {
            for (Segment segment : recovery.segments) {
                segment.close();
            }
            throw e;
        }
        return new Recovered(recovery.segments, recovery.identities, recovery.nextSequence,
                recovery.corruptRecords, recovery.tornTails, recovery.durableMark, recovery.lostEntries);
    }

    private void run() throws IOException {
        Files.deleteIfExists(JournalFiles.tmpFor(IdentityFile.path(dir)));
        durableMark = DurableMark.load(dir);
        loadIdentityFile();
        NavigableMap<Long, Path> files = new TreeMap<>();
        List<Path> releaseLogs = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : (Iterable<Path>) list::iterator) {
                JournalFiles.segmentBase(file).ifPresent(base -> files.put(base, file));
                if (JournalFiles.releaseLogBase(file).isPresent()) {
                    releaseLogs.add(file);
                }
            }
        }
        for (Path releaseLog : releaseLogs) {
            OptionalLong base = JournalFiles.releaseLogBase(releaseLog);
            if (!files.containsKey(base.getAsLong())) {
                Files.delete(releaseLog); // its segment's deletion was cut short by a crash
            }
        }
        for (var file : files.entrySet()) {
            Long nextBase = files.higherKey(file.getKey());
            recoverSegment(file.getValue(), file.getKey(), nextBase == null ? Long.MAX_VALUE : nextBase);
        }
        if (lostEntries > 0) {
            LOG.error("JOURNAL LOST {} DURABLE ENTRIES in {}: records at or below the durable mark {} are gone (the"
                    + " disk or someone cut the files); frames among them were ACKed and will never be published."
                    + " Numbering continues above the mark", lostEntries, dir, durableMark);
        }
        nextSequence = Math.max(nextSequence, durableMark + 1);
        if (segments.isEmpty()) {
            segments.add(Segment.create(dir, nextSequence));
        }
    }

    private void loadIdentityFile() throws IOException {
        IdentityFile.load(dir).ifPresentOrElse(identities::addAll, () -> {
            corruptRecords++;
            LOG.error("{} is corrupt: identities of deleted segments are forgotten, their retransmissions "
                    + "will be stored again", IdentityFile.path(dir));
        });
        identities.forEach(k -> nextSequence = Math.max(nextSequence, k.sequence() + 1));
    }

    private void recoverSegment(Path file, long base, long nextBase) throws IOException {
        boolean last = nextBase == Long.MAX_VALUE;
        FileChannel channel = last
                ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ);
        Segment segment;
        SegmentScanner.Scan scan;
        try {
            ByteBuffer data = readAll(channel, file);
            scan = SegmentScanner.scan(data, base, nextBase);
            long end = data.limit();
            for (SegmentScanner.Bad bad : scan.bad()) {
                if (last && bad.to() == data.limit()) {
                    if (durableBefore(scan, bad, base)) {
                        LOG.error("{}: {} bytes at offset {} held durable records, cut off: truncated, counted as"
                                + " lost", file, bad.to() - bad.from(), bad.from());
                    } else {
                        LOG.warn("{}: torn tail of {} bytes at offset {} (write cut short by a crash), truncated",
                                file, bad.to() - bad.from(), bad.from());
                        tornTails++;
                    }
                    channel.truncate(bad.from()); // new appends follow the last intact record
                    channel.force(false);
                    end = bad.from();
                } else {
                    LOG.error("{}: bytes {}..{} are corrupt, {} record(s) skipped", file, bad.from(), bad.to(),
                            bad.missing());
                    corruptRecords += bad.missing();
                }
            }
            segment = new Segment(base, file, channel, end);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        segments.add(segment);
        for (SegmentScanner.Found found : scan.records()) {
            segment.add(found.sequence(), found.offset(), found.length());
            found.identity().ifPresent(id ->
                    identities.add(new IdentityIndex.Known(id, found.sequence(), found.appendedAtMs())));
        }
        long[] released = segment.releases().load();
        for (long sequence : released) {
            segment.release(sequence);
            nextSequence = Math.max(nextSequence, sequence + 1);
        }
        settleLost(segment, scan, released, last ? durableMark : Math.min(durableMark, nextBase - 1));
        nextSequence = Math.max(nextSequence, segment.nextSequence());
    }

    /** True when the bad region at the end of the last segment starts at or below the durable mark. */
    private boolean durableBefore(SegmentScanner.Scan scan, SegmentScanner.Bad bad, long base) {
        long previous = base - 1;
        for (SegmentScanner.Found found : scan.records()) {
            if (found.offset() < bad.from()) {
                previous = found.sequence();
            }
        }
        return previous + 1 <= durableMark;
    }

    /**
     * Counts the sequences of this segment up to {@code upTo} (known durable, so once on disk) that no record
     * holds any more, and logs them as released: the loss is reported once, not again at every open.
     */
    private void settleLost(Segment segment, SegmentScanner.Scan scan, long[] released, long upTo)
            throws IOException {
        Set<Long> present = new HashSet<>();
        scan.records().forEach(found -> present.add(found.sequence()));
        Arrays.stream(released).forEach(present::add);
        boolean any = false;
        for (long sequence = segment.base; sequence <= upTo; sequence++) {
            if (!present.contains(sequence)) {
                segment.releases().append(sequence);
                lostEntries++;
                any = true;
            }
        }
        if (any) {
            segment.releases().force();
        }
    }

    private static ByteBuffer readAll(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(file + " is too large for a segment: " + size + " bytes");
        }
        ByteBuffer data = ByteBuffer.allocate((int) size);
        JournalFiles.readFully(channel, data, 0);
        return data.flip();
    }
}
