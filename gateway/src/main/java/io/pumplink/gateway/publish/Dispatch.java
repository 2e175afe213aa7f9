package io.pumplink.gateway.publish;

import io.pumplink.gateway.mqtt.Publication;
import java.util.List;

/**
 * What one journal entry (or a session timeout) turns into: the publications to make, and the journal entries
 * that may be released once every one of them is acknowledged by the broker. An entry held by an open
 * interrogation session is released only with the session's record.
 */
public record Dispatch(List<Publication> publications, List<Long> releases) {
    public Dispatch {
        publications = List.copyOf(publications);
        releases = List.copyOf(releases);
    }
}
