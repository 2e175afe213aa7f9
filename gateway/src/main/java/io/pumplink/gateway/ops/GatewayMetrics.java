package io.pumplink.gateway.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.link.LinkCounters;
import io.pumplink.gateway.link.LinkState;
import io.pumplink.gateway.link.LinkSupervisor;
import io.pumplink.gateway.mqtt.AuthFailure;
import io.pumplink.gateway.mqtt.MqttPublisher;
import io.pumplink.gateway.publish.RequestRefusal;
import io.pumplink.gateway.publish.RequestRefusals;
import io.pumplink.gateway.store.JournalFrameStore;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.frame.InvalidReason;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.NakReason;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics, read from the counters the layers keep anyway (no second bookkeeping): frames by type,
 * invalid by reason, link rules, link states, journal depth and bytes, broker connection and publish latency.
 */
public final class GatewayMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer publishLatency = Timer.builder("pumplink.publish.latency")
            .description("time from publish to the broker's PUBACK")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);

    public void bindLink(LinkSupervisor link) {
        Tags tags = Tags.of("link", link.linkId());
        FrameStats frames = link.frameStats();
        MessageStats messages = link.messageStats();
        LinkCounters counters = link.counters();
        for (MessageType type : MessageType.values()) {
            counter("pumplink.frames", "valid frames by type", tags.and("type", type.name()), messages,
                    m -> m.decoded(type));
        }
        for (InvalidReason reason : InvalidReason.values()) {
            counter("pumplink.frames.invalid", "invalid frames by reason (dropped)", tags.and("reason", reason.name()),
                    frames, f -> f.invalid(reason));
        }
        for (NakReason reason : NakReason.values()) {
            counter("pumplink.frames.rejected", "valid frames that could not be used", tags.and("reason",
                    reason.name()), messages, m -> m.rejected(reason));
        }
        counter("pumplink.resyncs", "undelimited runs discarded", tags, frames, FrameStats::resyncs);
        counter("pumplink.seq.gaps", "jumps in the programmer's sequence", tags, counters, LinkCounters::seqGaps);
        counter("pumplink.seq.missed", "frames the jumps skipped", tags, counters, LinkCounters::framesMissed);
        counter("pumplink.retransmits.seen", "frames received with RETRANSMIT", tags, counters,
                LinkCounters::retransmitsSeen);
        counter("pumplink.duplicates", "reliable frames ACKed again, not republished", tags, counters,
                LinkCounters::duplicates);
        counter("pumplink.acks.withheld", "reliable frames not ACKed: journal full", tags, counters,
                LinkCounters::acksWithheld);
        counter("pumplink.link.losses", "links lost to silence", tags, counters, LinkCounters::linkLosses);
        counter("pumplink.link.faults", "connections closed after an unexpected failure (pipeline, journal)", tags,
                counters, LinkCounters::faults);
        for (LinkState state : LinkState.values()) {
            Gauge.builder("pumplink.link.state", link, l -> l.snapshot().state() == state ? 1 : 0)
                    .description("1 for the link's current state").tags(tags.and("state", state.name()))
                    .register(registry);
        }
    }

    public void bindJournal(Journal journal) {
        Gauge.builder("pumplink.journal.depth", journal, Journal::depth)
                .description("unreleased journal entries").register(registry);
        Gauge.builder("pumplink.journal.bytes", journal, Journal::bytes)
                .description("unreleased journal bytes").register(registry);
        Gauge.builder("pumplink.journal.full", journal, j -> j.full() ? 1 : 0)
                .description("1 while the journal refuses frames (reliable frames are not ACKed)").register(registry);
        Gauge.builder("pumplink.journal.lost.entries", journal, Journal::lostEntries)
                .description("durable journal entries found missing on open (lost data, not a torn tail)")
                .register(registry);
        counter("pumplink.journal.fsyncs", "journal fsyncs (group commits)", Tags.empty(), journal, Journal::fsyncs);
        counter("pumplink.journal.appends", "journal appends", Tags.empty(), journal, Journal::appends);
    }

    public void bindStore(JournalFrameStore store) {
        counter("pumplink.identity.conflicts", "reliable frames with a stored frame's identity but other content,"
                + " stored and published as conflicts", Tags.empty(), store, JournalFrameStore::identityConflicts);
    }

    public void bindMqtt(MqttPublisher mqtt) {
        Gauge.builder("pumplink.mqtt.connected", mqtt, m -> m.connected() ? 1 : 0).register(registry);
        Gauge.builder("pumplink.mqtt.inflight", mqtt, MqttPublisher::inFlight).register(registry);
        Gauge.builder("pumplink.mqtt.queued", mqtt, MqttPublisher::queued).register(registry);
        counter("pumplink.mqtt.reconnects", "broker reconnects", Tags.empty(), mqtt, MqttPublisher::reconnects);
        counter("pumplink.mqtt.coalesced", "latest-state publications replaced by a newer one to the same topic"
                + " while the broker was slow", Tags.empty(), mqtt, MqttPublisher::coalesced);
        for (AuthFailure cause : AuthFailure.values()) {
            counter("pumplink.mqtt.auth.failures", "broker connections refused for TLS or authentication, by cause",
                    Tags.of("cause", cause.label()), mqtt, m -> m.authFailures().count(cause));
        }
        mqtt.setLatencyRecorder(nanos -> publishLatency.record(nanos, TimeUnit.NANOSECONDS));
    }

    public void bindRequests(RequestRefusals refusals) {
        for (RequestRefusal reason : RequestRefusal.values()) {
            counter("pumplink.requests.refused", "MQTT requests refused before reaching a programmer",
                    Tags.of("reason", reason.tag()), refusals, r -> r.count(reason));
        }
    }

    private <T> void counter(String name, String description, Tags tags, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(description).tags(tags).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public Timer publishLatency() {
        return publishLatency;
    }
}
