/**
 * The store-and-forward journal: a crash-safe, append-only, size-bounded log between the links (which ACK a
 * reliable frame only once it is durable) and the MQTT publisher (which releases an entry on PUBACK).
 *
 * <h2>Why an own append-only log</h2>
 * An embedded database (SQLite, RocksDB, LMDB, H2, MapDB) would cost a JNI library or a large dependency, a
 * B-tree or LSM write per frame plus its own log, and crash behaviour we would have to take on trust. The
 * journal needs far less: append, read in order, forget from the front. A segmented log does exactly that
 * with one sequential write per frame and one {@code fdatasync} per group of frames, in plain Java, and every
 * crash case (torn tail, corrupt record, half-done deletion) is handled by code in this package and tested
 * here, including a real {@code SIGKILL} of a writing JVM.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>An append's future completes only after its record is on disk ({@code FileChannel.force}); an
 *       acknowledged frame is therefore never lost by a process crash or a power loss.</li>
 *   <li>Nothing stored is ever dropped to make room: past {@code maxBytes} appends are refused instead.</li>
 *   <li>Delivery is at least once: a release recorded in memory but not yet on disk is forgotten by a crash,
 *       and the entry is read again after the restart.</li>
 *   <li>Sequence numbers increase and survive restarts. A number is reused only for a record that never
 *       became durable (its future never completed), and never for one that was released or lies at or below
 *       the durable mark, even when its record was lost.</li>
 *   <li>{@code maxBytes} bounds unreleased data, not the directory: a segment stays on disk, released
 *       records included, until every record in it is released.</li>
 * </ul>
 *
 * <h2>On-disk format (all integers big-endian)</h2>
 * <pre>
 * journal.lock                          held with an OS file lock while a Journal is open
 * segment-&lt;base, 20 digits&gt;.log        records; base = sequence of the segment's first record
 * segment-&lt;base, 20 digits&gt;.released   release log of that segment: 12-byte records
 *                                       [sequence u64][CRC-32C of those 8 bytes u32]
 * identities                            identities of entries whose segment was deleted, rewritten
 *                                       atomically (identities.tmp + rename) before each deletion:
 *                                       [magic "PJI1"][count u32] count x ([sequence u64][appendedAtMs u64]
 *                                       [identity length u16][identity UTF-8]) [CRC-32C of all before u32]
 * durable-mark                          the durable high-water mark: [sequence u64][CRC-32C of those 8 bytes u32],
 *                                       rewritten in place and fsynced about once a second and on close; every
 *                                       append up to that sequence had been fsynced
 *
 * record (30-byte header, then body):
 *   offset  0  magic          u32  0x504A4C31 ("PJL1", the format version is part of the magic)
 *   offset  4  sequence       u64
 *   offset 12  appendedAtMs   u64
 *   offset 20  identity len   u16  0 = no identity
 *   offset 22  payload len    u32
 *   offset 26  CRC-32C        u32  over bytes 0..25 of the header, the identity and the payload
 *   offset 30  identity (UTF-8), then payload
 * </pre>
 *
 * <h2>Recovery</h2>
 * Opening scans every segment. A region that is not an intact record is skipped up to the next intact record
 * (found byte by byte: magic, plausible sequence, matching CRC); it is logged and counted in
 * {@link io.pumplink.gateway.journal.Journal#corruptRecordsSkipped()}. A bad region at the end of the last
 * segment is the torn tail of a write cut short by a crash: it is truncated and counted in
 * {@link io.pumplink.gateway.journal.Journal#tornTailsTruncated()}. Such a tail was never fsynced, so no
 * future of it completed and no frame in it was ACKed.
 *
 * <h2>Lost durable entries</h2>
 * A tail cut off at or below the durable mark, or records missing from the middle of a segment at or below it,
 * were fsynced and may have been ACKed: that is lost data, not a torn tail. It is logged as an ERROR, counted in
 * {@link io.pumplink.gateway.journal.Journal#lostEntries()} (metric {@code pumplink_journal_lost_entries}, and
 * {@code /health} DEGRADED with the reason), and the lost sequences are written to their segment's release log
 * so that the next open does not report them again. Numbering continues above the mark. Limits: the mark is
 * raised about once a second, so entries fsynced in the second before a loss are not recognised as lost; a
 * whole segment file that disappears is not noticed (a released one is deleted the same way); an unreadable
 * mark file is logged and disables the check for that open.
 */
package io.pumplink.gateway.journal;
