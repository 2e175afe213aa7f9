package io.pumplink.gateway.store;

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
 */
public final class JournalFrameStore implements FrameStore {
    private static final Logger LOG = LoggerFactory.getLogger(JournalFrameStore.class);

    private final Journal journal;
    private final LongAdder refusedWhileFull = new LongAdder();
    private volatile boolean fullReported;

    public JournalFrameStore(Journal journal) {
        this.journal = journal;
    }

    @Override
    public CompletableFuture<Stored> store(ReceivedFrame frame) {
        Packet packet = frame.packet();
        Optional<String> identity = packet.type().reliable()
                ? Optional.of(MessageIds.of(frame.programmerSerial(), packet)) : Optional.empty();
        if (identity.isPresent()) {
            Optional<CompletableFuture<Stored>> original = journal.existing(identity.get())
                    .map(durable -> durable.thenApply(entry -> Stored.DUPLICATE));
            if (original.isPresent()) {
                return original.get();
            }
        }
        // a full journal refuses with a failed future, not by throwing; any other failure is the journal's fault
        boolean urgent = packet.message() instanceof Alarm; // published ahead of a backlog of status frames
        return journal.append(JournalRecords.encode(frame), identity, urgent).handle((entry, failure) -> {
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
}
