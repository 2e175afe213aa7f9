package io.pumplink.gateway.model;

import io.pumplink.protocol.message.Hello;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where and when a frame was received.
 *
 * @param linkId           the gateway's name for the link; empty offline
 * @param programmerSerial from the link's latest HELLO; empty before it
 * @param capabilities     the HELLO's capability bits; 0 before it (and in journal records written before schema 2)
 * @param receiveTimeMs    gateway clock at reception; empty in offline decoding, which has no receive time
 * @param identityConflict the frame has the ICD identity of a stored frame but other content: the tag that sets
 *                         its message id apart (see {@code JournalFrameStore}); empty for every other frame
 */
public record Origin(String gatewayId, String linkId, String programmerSerial, long capabilities,
                     OptionalLong receiveTimeMs, Optional<String> identityConflict) {
    public Origin(String gatewayId, String linkId, String programmerSerial, long capabilities,
                  OptionalLong receiveTimeMs) {
        this(gatewayId, linkId, programmerSerial, capabilities, receiveTimeMs, Optional.empty());
    }

    public Origin withHello(Hello hello) {
        return new Origin(gatewayId, linkId, hello.programmerSerial(), hello.capabilities(), receiveTimeMs,
                identityConflict);
    }

    /** PTL 1.1 (HELLO bit3): status rounds and sessions end with THERAPY_SUMMARY after FLOW_STATUS. */
    public boolean sendsTherapySummary() {
        return (capabilities & Hello.CAP_THERAPY_SUMMARY) != 0;
    }
}
