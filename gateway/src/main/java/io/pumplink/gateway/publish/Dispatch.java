package io.pumplink.gateway.publish;

import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.mqtt.Publication;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What one journal entry (or a tick of the gateway clock) turns into: the publications to make, the alerts the
 * gateway concluded (to journal before anything is released), and the journal entries that may be released once
 * every publication is acknowledged by the broker, every alert is durable and so is the active-alarm set
 * ({@code stateDurable}). An entry held by an open interrogation session or an incomplete status round is
 * released only with it.
 */
public record Dispatch(List<Publication> publications, List<GatewayAlert> alerts, List<Long> releases,
                       CompletableFuture<Void> stateDurable) {
    public Dispatch {
        publications = List.copyOf(publications);
        alerts = List.copyOf(alerts);
        releases = List.copyOf(releases);
        Objects.requireNonNull(stateDurable, "stateDurable");
    }

    public boolean isEmpty() {
        return publications.isEmpty() && alerts.isEmpty() && releases.isEmpty();
    }
}
