package io.pumplink.protocol.message;

/** A PTL v1 message payload, either direction. Immutable; its frame header lives in {@link Packet}. */
public sealed interface Message
        permits Hello, HelloAck, Heartbeat, Ack, Nak, ProgrammerStatus, PumpMessage, Request, CommandResult {
    MessageType type();
}
