package io.pumplink.gateway.ops;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.link.LinkState;
import io.pumplink.gateway.link.LinkSupervisor;
import io.pumplink.gateway.mqtt.MqttPublisher;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code /health}: 200 while frames can be taken (a broker outage only degrades: the journal buffers), 503 when
 * the journal is full (reliable frames are not ACKed). DEGRADED, with a reason, for as long as the process runs
 * after the journal found durable entries lost on open: the gateway works, but ACKed data is gone and someone
 * must look. JSON, no patient data.
 */
public record Health(Journal journal, MqttPublisher mqtt, List<LinkSupervisor> links) {
    public OpsHttpServer.Reply reply() {
        boolean full = journal.full();
        boolean linksUp = links.stream().allMatch(link -> link.snapshot().state() == LinkState.UP);
        long lost = journal.lostEntries();
        String status = full ? "DOWN" : mqtt.connected() && linksUp && lost == 0 ? "UP" : "DEGRADED";
        String reason = lost > 0 ? "journal lost " + lost + " durable entries on open (see the log)" : "";
        String linkJson = links.stream()
                .map(link -> "{\"id\":\"%s\",\"state\":\"%s\"}".formatted(link.linkId(), link.snapshot().state()))
                .collect(Collectors.joining(",", "[", "]"));
        String body = ("{\"status\":\"%s\",\"reason\":\"%s\",\"mqttConnected\":%s,\"journalFull\":%s,"
                + "\"journalDepth\":%d,\"journalBytes\":%d,\"journalLostEntries\":%d,\"links\":%s}\n").formatted(
                status, reason, mqtt.connected(), full, journal.depth(), journal.bytes(), lost, linkJson);
        return OpsHttpServer.Reply.text(full ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK,
                "application/json", body);
    }
}
