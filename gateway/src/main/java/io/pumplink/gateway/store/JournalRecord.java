package io.pumplink.gateway.store;

import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.gateway.model.GatewayAlert;

/** What a journal entry holds: a frame a link received, or an alert the gateway raised or cleared itself. */
public sealed interface JournalRecord {
    record Frame(ReceivedFrame frame) implements JournalRecord {
    }

    record Alert(GatewayAlert alert) implements JournalRecord {
    }
}
