package io.pumplink.gateway.journal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the intact records in the bytes of a segment file, and the regions between them that are not. */
final class SegmentScanner {
    record Found(long sequence, long appendedAtMs, Optional<String> identity, int offset, int length) {
    }

    /**
     * A region that is no intact record.
     *
     * @param missing sequences lost in it, at least 1: the gap between the records around it
     */
    record Bad(int from, int to, long missing) {
    }

    record Scan(List<Found> records, List<Bad> bad) {
    }

    private SegmentScanner() {
    }

    /**
     * Scans {@code data} of the segment starting at {@code base}. A record counts only if its CRC matches and its
     * sequence lies after the previous record's and before {@code nextBase} (the next segment's base): that
     * keeps a record-like run of bytes inside a payload from passing for a record while resynchronising.
     */
    static Scan scan(ByteBuffer data, long base, long nextBase) {
        List<Found> records = new ArrayList<>();
        List<Bad> bad = new ArrayList<>();
        int limit = data.limit();
        long previous = base - 1;
        int pos = 0;
        while (pos < limit) {
            RecordFormat.Header header = plausible(data, pos, previous, nextBase);
            if (header != null) {
                records.add(new Found(header.sequence(), header.appendedAtMs(),
                        RecordFormat.identity(data, pos, header), pos, header.recordLength()));
                previous = header.sequence();
                pos += header.recordLength();
                continue;
            }
            int resume = pos + 1;
            RecordFormat.Header next = null;
            while (resume < limit && (next = plausible(data, resume, previous, nextBase)) == null) {
                resume++;
            }
            long after = next != null ? next.sequence() : nextBase;
            bad.add(new Bad(pos, resume, Math.max(1, after - previous - 1)));
            pos = resume;
        }
        return new Scan(records, bad);
    }

    private static RecordFormat.Header plausible(ByteBuffer data, int pos, long previous, long nextBase) {
        RecordFormat.Header header = RecordFormat.check(data, pos, data.limit());
        return header != null && header.sequence() > previous && header.sequence() < nextBase ? header : null;
    }
}
