package io.pumplink.gateway.store;

import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.gateway.model.GatewayAlert;
import java.util.Optional;

/** What a journal entry holds: a frame a link received, or an alert the gateway raised or cleared itself. */
public sealed interface JournalRecord {
    /**
     * @param identityConflict set when the frame has the ICD identity of a stored frame but other content: the
     *                         tag ({@code conflict-<hex>}) that sets its identity and message id apart
     */
    record Frame(ReceivedFrame frame, Optional<String> identityConflict) implements JournalRecord {
        public Frame(ReceivedFrame frame) {
            this(frame, Optional.empty());
        }
    }

    record Alert(GatewayAlert alert) implements JournalRecord {
    }
}
