package io.pumplink.gateway.model;

import java.util.OptionalLong;

/**
 * Where and when a frame was received.
 *
 * @param linkId           the gateway's name for the link; empty offline
 * @param programmerSerial from the link's latest HELLO; empty before it
 * @param receiveTimeMs    gateway clock at reception; empty in offline decoding, which has no receive time
 */
public record Origin(String gatewayId, String linkId, String programmerSerial, OptionalLong receiveTimeMs) {
    public Origin withProgrammerSerial(String serial) {
        return new Origin(gatewayId, linkId, serial, receiveTimeMs);
    }
}
