package io.pumplink.gateway.link;

import io.pumplink.protocol.message.Packet;

/**
 * A frame as the link received it, with what the journal must keep about its origin.
 *
 * @param programmerSerial from the link's HELLO
 * @param receiveTimeMs    gateway clock at reception
 */
public record ReceivedFrame(String linkId, String programmerSerial, long receiveTimeMs, Packet packet) {
}
