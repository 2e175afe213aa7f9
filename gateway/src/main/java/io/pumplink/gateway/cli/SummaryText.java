package io.pumplink.gateway.cli;

import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.frame.InvalidReason;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.NakReason;
import java.util.StringJoiner;

/** The decode summary as people read it: valid frames by type, invalid by reason, rejected, resyncs. */
record SummaryText(FrameStats frames, MessageStats messages) {
    @Override
    public String toString() {
        StringJoiner byType = new StringJoiner(", ");
        for (MessageType type : MessageType.values()) {
            if (messages.decoded(type) > 0) {
                byType.add(type + " " + messages.decoded(type));
            }
        }
        StringJoiner byReason = new StringJoiner(", ");
        for (InvalidReason reason : InvalidReason.values()) {
            byReason.add(reason + " " + frames.invalid(reason));
        }
        return String.join(System.lineSeparator(),
                "frames valid: " + frames.valid() + (byType.length() > 0 ? " (" + byType + ")" : ""),
                "frames invalid: " + frames.invalidTotal() + " (" + byReason + ")",
                "unknown types: " + messages.rejected(NakReason.UNKNOWN_TYPE),
                "payload too short: " + messages.rejected(NakReason.PAYLOAD_TOO_SHORT),
                "invalid fields: " + messages.rejected(NakReason.INVALID_FIELD),
                "resyncs: " + frames.resyncs());
    }
}
