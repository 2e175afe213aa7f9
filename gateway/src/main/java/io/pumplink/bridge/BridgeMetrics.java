package io.pumplink.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** A bridge's Prometheus metrics, every one labelled with the destination ({@code hl7}, {@code fhir}). */
public final class BridgeMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String destination;
    private final Counter received;
    private final Counter delivered;
    private final Counter rejected;
    private final Counter skipped;
    private final Counter duplicates;
    private final Counter retries;
    private final Timer deliveryTime;
    private final AtomicLong failing = new AtomicLong();

    public BridgeMetrics(String destination) {
        this.destination = destination;
        received = counter("pumplink_bridge_received", "publications taken from the broker");
        delivered = counter("pumplink_bridge_delivered", "messages the destination took (HL7 AA, FHIR 2xx)");
        rejected = counter("pumplink_bridge_rejected", "messages refused for good (HL7 AE/AR, FHIR 4xx, undecodable)");
        skipped = counter("pumplink_bridge_skipped", "publications with nothing for this destination");
        duplicates = counter("pumplink_bridge_duplicates", "redeliveries of a message id already finished with");
        retries = counter("pumplink_bridge_retries", "failed attempts, tried again after a backoff");
        deliveryTime = Timer.builder("pumplink_bridge_delivery").description("from taking a publication to its ack")
                .tag("destination", destination).publishPercentileHistogram().register(registry);
        Gauge.builder("pumplink_bridge_failing", failing, AtomicLong::get)
                .description("1 while the destination fails and the bridge retries").tag("destination", destination)
                .register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).tag("destination", destination).register(registry);
    }

    void bind(BooleanSupplier mqttConnected, IntSupplier queued) {
        Gauge.builder("pumplink_bridge_mqtt_connected", () -> mqttConnected.getAsBoolean() ? 1 : 0)
                .tag("destination", destination).register(registry);
        Gauge.builder("pumplink_bridge_queued", queued::getAsInt).description("taken, not yet acknowledged")
                .tag("destination", destination).register(registry);
    }

    void received() {
        received.increment();
    }

    void delivered(Duration took) {
        delivered.increment();
        deliveryTime.record(took);
    }

    void rejected() {
        rejected.increment();
    }

    void skipped() {
        skipped.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void retry() {
        retries.increment();
    }

    void failing(boolean now) {
        failing.set(now ? 1 : 0);
    }

    public boolean failing() {
        return failing.get() == 1;
    }

    public long count(String name) {
        Counter counter = registry.find(name).tag("destination", destination).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    public String scrape() {
        return registry.scrape();
    }
}
