package io.pumplink.gateway.link;

import io.pumplink.protocol.message.Hello;
import java.util.Optional;

/** Told of a link's state changes; implemented by the status publisher and metrics. */
public interface LinkListener {
    void stateChanged(String linkId, LinkState state, String reason, Optional<Hello> hello);
}
