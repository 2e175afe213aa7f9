package io.pumplink.gateway.link;

import io.pumplink.protocol.message.Packet;

/**
 * A frame as the link received it, with what the journal must keep about its origin.
 *
 * @param programmerSerial from the link's HELLO
 * @param capabilities     the HELLO's capability bits (bit3: PTL 1.1)
 * @param receiveTimeMs    gateway clock at reception
 */
public record ReceivedFrame(String linkId, String programmerSerial, long capabilities, long receiveTimeMs,
                            Packet packet) {
}
