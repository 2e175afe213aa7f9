package io.pumplink.gateway;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.pumplink.config.FileReasons;
import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.gateway.config.SecretFile;
import io.pumplink.gateway.dashboard.Dashboard;
import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.journal.JournalSettings;
import io.pumplink.gateway.link.LinkSnapshot;
import io.pumplink.gateway.link.LinkState;
import io.pumplink.gateway.link.LinkSupervisor;
import io.pumplink.gateway.mqtt.MqttPublisher;
import io.pumplink.gateway.mqtt.MqttSettings;
import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.gateway.ops.GatewayMetrics;
import io.pumplink.gateway.ops.Health;
import io.pumplink.gateway.ops.OpsHttpServer;
import io.pumplink.gateway.publish.ClinicalRecovery;
import io.pumplink.gateway.publish.Dispatcher;
import io.pumplink.gateway.publish.GatewayMessages;
import io.pumplink.gateway.publish.PublishLoop;
import io.pumplink.gateway.publish.Pseudonyms;
import io.pumplink.gateway.publish.PumpNames;
import io.pumplink.gateway.publish.ProgrammerDirectory;
import io.pumplink.gateway.publish.RequestBridge;
import io.pumplink.gateway.publish.RequestRefusals;
import io.pumplink.gateway.publish.Topics;
import io.pumplink.gateway.store.JournalFrameStore;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.transport.LinkConnector;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.gateway.journal.JournalDirectoryException;
import io.pumplink.gateway.mqtt.TlsFileException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import javax.net.ssl.SSLSocketFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: links → journal → dispatcher → MQTT, plus request/response, metrics and health. {@link #close()}
 * stops the links first (no new frames), lets in-flight publications finish, says "offline" (the Last Will,
 * sent on purpose), and closes the journal, so a graceful shutdown loses nothing and leaves nothing unflushed.
 * Start and stop are all-or-nothing: a start that fails half-way closes what it opened before it throws.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
    private static final int IDENTITY_RETENTION = 100_000;
    private static final int GROUP_COMMIT_MAX_ENTRIES = 4096;
    /** How far dispatching runs ahead of the broker: events queued, and topics of latest state waiting, each. */
    private static final int PUBLISH_QUEUE_LIMIT = 2048;
    private static final long LINK_STATUS_PERIOD_S = 30;
    /** A RESERVOIR_STATUS waits this long for the FLOW_STATUS (and THERAPY_SUMMARY) of its round. */
    private static final Duration ROUND_WAIT = Duration.ofSeconds(2);
    private static final Duration CLINICAL_STATE_SAVE_PERIOD = Duration.ofSeconds(5);

    private final GatewayConfig config;
    private final String version;
    private final LongSupplier wallClockMs = System::currentTimeMillis;
    private final long startedAtMs = wallClockMs.getAsLong();
    private final Topics topics;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final List<LinkSupervisor> links = new ArrayList<>();
    private final EventExecutor linkTimer = new DefaultEventExecutor(new DefaultThreadFactory("link-retry", true));
    private final AtomicBoolean stopped = new AtomicBoolean();
    private Journal journal;
    private MqttPublisher mqtt;
    private ProgrammerDirectory directory;
    private PublishLoop publishLoop;
    private LinkConnector connector;
    private Optional<OpsHttpServer> http = Optional.empty();
    private Optional<Dashboard> dashboard = Optional.empty();

    public Gateway(GatewayConfig config, String version) {
        this.config = config;
        this.version = version;
        this.topics = new Topics(config.mqtt().topicPrefix());
    }

    /** Starts everything, or, when a step fails, closes what the earlier steps opened and throws. */
    public Gateway start() throws IOException, InterruptedException {
        try {
            open();
        } catch (Throwable failure) {
            stopped.set(true);
            try {
                stop(false);
            } catch (IOException | InterruptedException | RuntimeException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        return this;
    }

    private void open() throws IOException, InterruptedException {
        GatewayConfig.Journal j = config.journal();
        MqttSettings mqttSettings = mqttSettings(); // reads the TLS files: before anything is opened
        PumpNames pumpNames = pumpNames(config.mqtt());
        journal = openJournal(j);
        mqtt = new MqttPublisher(mqttSettings, status(false), status(true));
        directory = new ProgrammerDirectory(config.gatewayId(), topics, mqtt);
        metrics.bindJournal(journal);
        metrics.bindMqtt(mqtt);
        mqtt.start();
        Dispatcher dispatcher = ClinicalRecovery.dispatcher(config.gatewayId(), topics, pumpNames,
                config.mqtt().jsonMirror(), config.clinical(), journal, j.dir(), wallClockMs.getAsLong(), ROUND_WAIT,
                CLINICAL_STATE_SAVE_PERIOD);
        publishLoop = new PublishLoop(journal, dispatcher, mqtt, wallClockMs, config.sessionIdle(),
                PUBLISH_QUEUE_LIMIT);
        dashboard = config.http().port().map(port -> Dashboard.of(config.gatewayId(), version, startedAtMs,
                () -> links.stream().map(LinkSupervisor::snapshot).toList(), wallClockMs));
        dashboard.ifPresent(d -> publishLoop.tap(d::published));
        publishLoop.start();
        JournalFrameStore store = new JournalFrameStore(journal);
        metrics.bindStore(store);
        connector = new LinkConnector(CONNECT_TIMEOUT);
        for (GatewayConfig.Link link : config.links()) {
            LinkSupervisor supervisor = new LinkSupervisor(link.id(), link.endpoint(), connector::connect, store,
                    this::linkChanged, wallClockMs, link.reconnectInitial(), link.reconnectMax(), linkTimer);
            links.add(supervisor);
            metrics.bindLink(supervisor);
        }
        links.forEach(LinkSupervisor::start);
        // counters move without state changes: the retained status is refreshed periodically too
        linkTimer.scheduleAtFixedRate(() -> links.forEach(this::publishLinkStatus), LINK_STATUS_PERIOD_S,
                LINK_STATUS_PERIOD_S, TimeUnit.SECONDS);
        RequestRefusals refusals = new RequestRefusals();
        metrics.bindRequests(refusals);
        new RequestBridge(config.gatewayId(), topics, mqtt, RequestBridge.Held.of(links), config.requestTimeout(),
                config.requests(), refusals, wallClockMs, System::nanoTime).start();
        if (config.http().port().isPresent()) {
            Health health = new Health(journal, mqtt, links);
            OpsHttpServer server = new OpsHttpServer()
                    .route("/metrics", query -> OpsHttpServer.Reply.text(io.netty.handler.codec.http
                            .HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()))
                    .route("/health", query -> health.reply());
            http = Optional.of(server); // before it binds: its event loop is open already
            config.http().tokenFile().ifPresent(file -> server.requireBearerToken(bearerToken(file, "http.tokenFile")));
            bind(dashboard.get().register(server));
            dashboard.get().start();
        }
        LOG.info("gateway {} started: {} link(s), broker {}, journal {} ({} unreleased entries)", config.gatewayId(),
                links.size(), config.mqtt().uri(), j.dir(), journal.depth());
    }

    private Journal openJournal(GatewayConfig.Journal j) throws IOException {
        try {
            return Journal.open(new JournalSettings(j.dir(), j.maxBytes(), j.segmentBytes(), j.groupCommitMaxDelay(),
                    GROUP_COMMIT_MAX_ENTRIES, IDENTITY_RETENTION));
        } catch (JournalDirectoryException e) {
            throw new StartupException("journal.dir", e.getMessage());
        }
    }

    /**
     * The bearer token an HTTP side requires, from the first line of {@code file}; {@code key} names the setting in
     * the error (the gateway's {@code http.tokenFile}, a bridge's {@code bridge.hl7.http.tokenFile}).
     */
    public static String bearerToken(Path file, String key) {
        try {
            String token = SecretFile.read(file);
            if (token.isBlank()) {
                throw new StartupException(key, file + ": empty");
            }
            return token;
        } catch (IOException e) {
            throw new StartupException(key, "cannot read " + file + ": " + FileReasons.of(e));
        }
    }

    /** Reads the pseudonym key once; the key itself is never logged. */
    private static PumpNames pumpNames(GatewayConfig.Mqtt m) {
        if (m.pseudonymKeyFile().isEmpty()) {
            return PumpNames.REAL;
        }
        try {
            PumpNames names = new PumpNames(Pseudonyms.fromKeyFile(m.pseudonymKeyFile().get()), m.serialsInPayload());
            LOG.info("pump serials in topics are pseudonyms (key file {}); payloads carry {}",
                    m.pseudonymKeyFile().get(), m.serialsInPayload() ? "the real serial" : "the pseudonym");
            return names;
        } catch (Pseudonyms.KeyFileException e) {
            throw new StartupException("mqtt.pseudonymKeyFile", e.getMessage());
        }
    }

    private void bind(OpsHttpServer server) throws InterruptedException {
        String host = config.http().host();
        int port = config.http().port().orElseThrow();
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new StartupException("http.host", "cannot resolve \"" + host + "\"");
        }
        try {
            server.start(new InetSocketAddress(address, port));
        } catch (BindException e) {
            throw new StartupException("http.port", "cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
    }

    private MqttSettings mqttSettings() {
        GatewayConfig.Mqtt m = config.mqtt();
        return new MqttSettings(m.uri(), m.clientId(), m.username(), m.password(), m.keepAlive(), CONNECT_TIMEOUT,
                m.reconnectInitial(), m.reconnectMax(), m.maxInFlight(), Duration.ofHours(1), socketFactory(m),
                m.retryOnAuthFailure());
    }

    private static Optional<SSLSocketFactory> socketFactory(GatewayConfig.Mqtt m) {
        if (!"ssl".equals(m.uri().getScheme())) {
            return Optional.empty();
        }
        try {
            return Optional.of(m.tls().socketFactory());
        } catch (TlsFileException e) {
            throw new StartupException(e.material().configKey(), e.getMessage());
        }
    }

    private Publication status(boolean online) {
        Envelope envelope = GatewayMessages.gatewayStatus(config.gatewayId(), online, version, startedAtMs);
        return new Publication(topics.gatewayStatus(config.gatewayId()), envelope.toByteArray(), 1, true,
                Dispatcher.CONTENT_TYPE, Map.of(Dispatcher.MESSAGE_ID, envelope.getHeader().getMessageId()));
    }

    /** Link state is the gateway's own observation: published retained at once, not journaled. */
    private void linkChanged(String linkId, LinkState state, String reason, Optional<Hello> hello) {
        links.stream().filter(link -> link.linkId().equals(linkId)).findFirst().ifPresent(this::publishLinkStatus);
    }

    private void publishLinkStatus(LinkSupervisor link) {
        LinkSnapshot snapshot = link.snapshot();
        directory.update(snapshot);
        Envelope envelope = GatewayMessages.linkStatus(config.gatewayId(), snapshot, wallClockMs.getAsLong());
        mqtt.publish(new Publication(topics.link(config.gatewayId(), link.linkId()), envelope.toByteArray(), 1,
                true, Dispatcher.CONTENT_TYPE, Map.of(Dispatcher.MESSAGE_ID, envelope.getHeader().getMessageId())));
    }

    public List<LinkSupervisor> links() {
        return List.copyOf(links);
    }

    public Journal journal() {
        return journal;
    }

    public MqttPublisher mqtt() {
        return mqtt;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public Optional<Integer> httpPort() {
        return http.map(OpsHttpServer::port);
    }

    /** Stops everything a successful start opened; once only, and a no-op after a failed start. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (stopped.compareAndSet(false, true)) {
            stop(true);
            LOG.info("gateway {} stopped; {} entries left in the journal for the next start", config.gatewayId(),
                    journal.depth());
        }
    }

    /** Closes whatever is open, in dependency order, every step even when an earlier one fails. */
    private void stop(boolean drain) throws IOException, InterruptedException {
        Shutdown shutdown = new Shutdown();
        links.forEach(link -> shutdown.run(link::close));
        shutdown.run(() -> linkTimer.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        if (drain) {
            shutdown.run(this::drain);
        }
        if (publishLoop != null) {
            shutdown.run(publishLoop::close);
        }
        if (mqtt != null) {
            shutdown.run(mqtt::close); // disconnects "with Will Message": subscribers see the retained offline status
        }
        if (journal != null) {
            shutdown.run(journal::close);
        }
        dashboard.ifPresent(d -> shutdown.run(d::close));
        http.ifPresent(server -> shutdown.run(server::close));
        if (connector != null) {
            shutdown.run(connector::close);
        }
        shutdown.rethrow();
    }

    /**
     * Gives frames acknowledged but not yet published up to {@link #DRAIN_TIMEOUT} to reach the broker; the
     * journal keeps the rest. An entry is released once the broker acknowledged what it produced, so an empty
     * journal leaves only the gateway's own publications (link status) to wait for.
     */
    private void drain() throws InterruptedException {
        if (!mqtt.connected()) {
            return;
        }
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        if (journal.awaitEmpty(DRAIN_TIMEOUT)) {
            mqtt.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }
}
