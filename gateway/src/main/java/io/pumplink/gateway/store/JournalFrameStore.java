package io.pumplink.gateway.store;

import io.pumplink.gateway.journal.Entry;
import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.journal.JournalFullException;
import io.pumplink.gateway.link.FrameStore;
import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.gateway.model.MessageIds;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.Packet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links store their frames in the journal. A reliable frame carries its ICD identity (ALARM: pump, alarm id,
 * state; LOG_ENTRY: pump, session, index; SESSION_*: pump, session; COMMAND_RESULT: request id), so a
 * retransmission, a reconnect or a gateway restart finds the original and is not stored twice.
 *
 * <p>The ICD's duplicate rule assumes that an identity names one content. A frame with a stored identity but
 * other content (MOTOR_STALL high under the pump, alarm id and state of an earlier LOW_RESERVOIR low) is no
 * retransmission: ACKing it as one would drop it unseen. It is an identity conflict, stored under the identity
 * plus {@code :conflict-<digest>} and published marked as one (see {@link FrameDigests}).
 */
public final class JournalFrameStore implements FrameStore {
    private static final Logger LOG = LoggerFactory.getLogger(JournalFrameStore.class);

    private final Journal journal;
    private final FrameDigests digests;
    private final LongAdder refusedWhileFull = new LongAdder();
    private final LongAdder identityConflicts = new LongAdder();
    private volatile boolean fullReported;

    public JournalFrameStore(Journal journal) {
        this.journal = journal;
        this.digests = new FrameDigests(journal.identityRetention());
    }

    @Override
    public CompletableFuture<Stored> store(ReceivedFrame frame) {
        Packet packet = frame.packet();
        if (!packet.type().reliable()) {
            return append(frame, Optional.empty(), Optional.empty());
        }
        String identity = MessageIds.of(frame.programmerSerial(), packet);
        long digest = FrameDigests.digest(packet);
        Optional<CompletableFuture<Long>> original = journal.existing(identity);
        if (original.isEmpty()) {
            digests.remember(identity, digest);
            return append(frame, Optional.of(identity), Optional.empty());
        }
        if (!digests.differs(identity, digest)) {
            return duplicate(original.get());
        }
        String tag = FrameDigests.conflictTag(digest);
        String conflicting = identity + ":" + tag;
        Optional<CompletableFuture<Long>> storedBefore = journal.existing(conflicting);
        if (storedBefore.isPresent()) {
            return duplicate(storedBefore.get()); // the conflicting frame retransmitted
        }
        identityConflicts.increment();
        // the id holds serials and numbers only; never the payload, which may carry a patient reference
        LOG.warn("IDENTITY CONFLICT on link {}: {} seq {} has the identity {} of a stored frame but other content;"
                + " stored and published as {}", frame.linkId(), packet.type(), packet.seq(), identity, conflicting);
        return append(frame, Optional.of(conflicting), Optional.of(tag));
    }

    private static CompletableFuture<Stored> duplicate(CompletableFuture<Long> original) {
        return original.thenApply(sequence -> Stored.DUPLICATE);
    }

    private CompletableFuture<Stored> append(ReceivedFrame frame, Optional<String> identity,
                                             Optional<String> identityConflict) {
        // a full journal refuses with a failed future, not by throwing; any other failure is the journal's fault
        boolean urgent = frame.packet().message() instanceof Alarm; // published ahead of a backlog of status frames
        CompletableFuture<Entry> appended = journal.append(JournalRecords.encode(frame, identityConflict), identity,
                urgent);
        return appended.handle((entry, failure) -> {
            Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
            if (cause instanceof JournalFullException) {
                refusedWhileFull.increment();
                if (!fullReported) {
                    fullReported = true;
                    LOG.error("JOURNAL REFUSES FRAMES ({}): reliable frames are not ACKed, programmers keep them;"
                            + " status frames are dropped until there is room again", cause.getMessage());
                }
                return Stored.FULL;
            }
            if (cause != null) {
                throw new CompletionException(cause);
            }
            fullReported = false;
            return Stored.NEW;
        });
    }

    /** Frames refused because the journal was full or busy (reliable ones stay with their programmer). */
    public long refusedWhileFull() {
        return refusedWhileFull.sum();
    }

    /** Frames stored as identity conflicts: a stored frame's identity with other content. */
    public long identityConflicts() {
        return identityConflicts.sum();
    }
}
