package io.pumplink.gateway.model;

import io.pumplink.protocol.message.Inbound;

/** The internal model of one received frame: its origin, what it said, and what follows from it. */
public record Observation(Origin origin, Inbound inbound, Derived derived) {
}
