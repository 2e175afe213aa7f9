package io.pumplink.gateway.e2e;

import static io.pumplink.gateway.e2e.E2e.PREFIX;
import static io.pumplink.gateway.e2e.E2e.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumplink.emulator.Emulator;
import io.pumplink.emulator.EmulatorLaunch;
import io.pumplink.emulator.device.EmulatedProgrammer;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioLoader;
import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.gateway.journal.Entry;
import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.journal.JournalSettings;
import io.pumplink.gateway.link.LinkCounters;
import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.gateway.model.MessageIds;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.Probe;
import io.pumplink.gateway.mqtt.TcpProxy;
import io.pumplink.gateway.store.JournalRecord;
import io.pumplink.gateway.store.JournalRecords;
import io.pumplink.protocol.message.Alarm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store and forward, end to end over a TCP link to the emulator: what the gateway ACKed reaches subscribers
 * although the broker was down when it was ACKed, although the gateway restarted in between, and although the
 * journal filled up (then the gateway stops ACKing and the programmer keeps its frames).
 *
 * <p>The subscriber keeps a persistent session on a broker with persistence, so it misses nothing while the
 * broker restarts: everything it lacks was lost on the gateway's side.
 */
class GatewayDurabilityTest {
    private static final String PROGRAMMER = "PRG-DUR001";
    private static final String PUMP = "NGP-DUR001";
    private static final String PUMP_ALARMS = E2e.TOPICS.pump(PUMP, "alarm");
    /** A motor stall every 2 simulated minutes: 4 alarms each (stall raised and cleared, recovered raised and cleared). */
    private static final int ALARMS_PER_STALL = 4;
    private static final double SPEED = 600; // 5 stalls, 20 alarms a second
    private static final String[] PERSISTENT_BROKER = {"persistence true", "max_queued_messages 100000"};

    @TempDir
    Path dir;

    // ---- (a) broker down

    @Test
    void alarmsAckedWhileTheBrokerIsDownWaitInTheJournalAndAllArriveWhenItIsBack() throws Exception {
        int stalls = 20;
        Path capture = dir.resolve("broker-down.ptlcap");
        try (MosquittoBroker broker = MosquittoBroker.launch(PERSISTENT_BROKER);
             Probe subscriber = subscriber(broker, "durability-a")) {
            broker.stop();
            try (Emulator emulator = EmulatorLaunch.startTcp(stalls(stalls), 1, 5, SPEED, Optional.of(capture));
                 Gateway gateway = new Gateway(config("dur-a", broker, dir.resolve("journal"),
                         "tcp:127.0.0.1:" + emulator.ports().get(0)).build(), "e2e").start()) {
                // ACKs as the programmer received them (the emulator's capture)
                int ackedWhileDown = await("alarms ACKed with the broker down").atMost(TIMEOUT)
                        .until(() -> CaptureFrames.read(capture, PROGRAMMER).acknowledgedAlarmIds().size(),
                                n -> n >= 20);
                assertThat(gateway.mqtt().connected()).isFalse();
                assertThat(gateway.mqtt().published()).isZero();
                long depth = gateway.journal().depth();
                assertThat(depth).as("every ACKed frame waits in the journal").isGreaterThanOrEqualTo(ackedWhileDown);
                System.out.printf("[durability] broker down: %d alarms ACKed, journal depth %d, nothing published%n",
                        ackedWhileDown, depth);

                broker.start();
                EmulatedProgrammer programmer = emulator.programmers().get(0);
                CaptureFrames wire = awaitAllAlarmsSentAndAcked(capture, programmer, stalls);
                Set<String> acked = wire.acknowledgedAlarmIds();
                assertThat(acked).isEqualTo(wire.alarms().keySet());
                await("every ACKed alarm published").atMost(TIMEOUT)
                        .until(() -> alarmIds(subscriber).containsAll(acked));
                assertThat(alarmIds(subscriber)).isEqualTo(acked); // and nothing else
                System.out.printf("[durability] broker back: %d/%d ACKed alarms published (%d publications)%n",
                        acked.size(), acked.size(), subscriber.deviceAlarms(PUMP_ALARMS).size());
            }
        }
    }

    // ---- (b) gateway restart

    @Test
    void aRestartedGatewayPublishesTheJournalFirstAndNoRetransmissionTwice() throws Exception {
        int stalls = 30;
        Path capture = dir.resolve("restart.ptlcap");
        Path journalDir = dir.resolve("journal");
        try (MosquittoBroker broker = MosquittoBroker.launch(PERSISTENT_BROKER);
             Probe subscriber = subscriber(broker, "durability-b")) {
            broker.stop();
            try (Emulator emulator = EmulatorLaunch.startTcp(stalls(stalls), 1, 6, SPEED, Optional.of(capture));
                 TcpProxy link = new TcpProxy(emulator.ports().get(0))) {
                EmulatedProgrammer programmer = emulator.programmers().get(0);
                GatewayConfig config = config("dur-b", broker, journalDir, "tcp:127.0.0.1:" + link.port()).build();

                Gateway first = new Gateway(config, "e2e").start();
                LinkCounters firstCounters = first.links().get(0).counters();
                try {
                    await("alarms ACKed with the broker down").atMost(TIMEOUT)
                            .until(() -> firstCounters.acksSent() >= 20);
                    // from now on the gateway's ACKs are lost on the way: stored frames stay with the programmer
                    link.dropFromClient(true);
                    long acksBefore = firstCounters.acksSent();
                    await("a frame stored whose ACK is lost").atMost(TIMEOUT).until(() ->
                            firstCounters.acksSent() > acksBefore && E2e.inFlight(programmer) > 0);
                    assertThat(first.journal().depth()).isPositive();
                } finally {
                    first.close(); // broker still down: everything ACKed is in the journal
                }
                Set<String> inJournal = alarmIdsIn(config);
                assertThat(inJournal).hasSizeGreaterThanOrEqualTo(20);
                int heldByProgrammer = E2e.inFlight(programmer);
                assertThat(heldByProgrammer).as("frames the programmer will send again").isPositive();

                broker.start();
                link.dropFromClient(false);
                try (Gateway second = new Gateway(config, "e2e").start()) {
                    LinkCounters secondCounters = second.links().get(0).counters();
                    CaptureFrames wire = awaitAllAlarmsSentAndAcked(capture, programmer, stalls);
                    Set<String> all = wire.alarms().keySet();
                    await("every alarm published").atMost(TIMEOUT).until(() -> alarmIds(subscriber).containsAll(all));
                    assertThat(secondCounters.duplicates()).as("retransmissions of frames already in the journal")
                            .isPositive();

                    List<String> order = subscriber.deviceAlarms(PUMP_ALARMS).stream().map(Probe.Msg::messageId).toList();
                    List<String> firstSeen = new ArrayList<>(new LinkedHashSet<>(order));
                    assertThat(new LinkedHashSet<>(firstSeen.subList(0, inJournal.size())))
                            .as("the journal's entries are published before anything received after the restart")
                            .isEqualTo(inJournal);
                    assertThat(Set.copyOf(firstSeen)).isEqualTo(all);
                    Map<String, Integer> copies = new HashMap<>();
                    order.forEach(id -> copies.merge(id, 1, Integer::sum));
                    long duplicates = order.size() - copies.size();
                    System.out.printf("[durability] restart: %d alarm ids, %d in the journal across the restart, "
                                    + "%d held by the programmer, %d re-ACKed as duplicates after restart; "
                                    + "%d publications, %d duplicate publications%n", all.size(), inJournal.size(),
                            heldByProgrammer, secondCounters.duplicates(), order.size(), duplicates);
                    // no publication was ever in flight while the broker was away, so at-least-once has nothing
                    // to redeliver: every alarm exactly once
                    assertThat(copies).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
                }
            }
        }
    }

    // ---- (c) journal full

    @Test
    void aFullJournalStopsTheAcksUntilTheBrokerDrainsItAndEveryAlarmArrives() throws Exception {
        int stalls = 20;
        Path capture = dir.resolve("journal-full.ptlcap");
        try (MosquittoBroker broker = MosquittoBroker.launch(PERSISTENT_BROKER);
             Probe subscriber = subscriber(broker, "durability-c")) {
            broker.stop();
            try (Emulator emulator = EmulatorLaunch.startTcp(stalls(stalls), 1, 7, SPEED, Optional.of(capture));
                 Gateway gateway = new Gateway(config("dur-c", broker, dir.resolve("journal"),
                         "tcp:127.0.0.1:" + emulator.ports().get(0)).journal("4KiB", "1KiB").build(), "e2e")
                         .start()) {
                EmulatedProgrammer programmer = emulator.programmers().get(0);
                LinkCounters counters = gateway.links().get(0).counters();
                int httpPort = gateway.httpPort().orElseThrow();

                await("the journal full and ACKs withheld").atMost(TIMEOUT).until(() ->
                        gateway.journal().full() && counters.acksWithheld() > 0 && E2e.inFlight(programmer) > 0);
                double withheldMetric = gateway.metrics().registry().get("pumplink.acks.withheld")
                        .functionCounter().count();
                assertThat(withheldMetric).isPositive();
                E2e.HttpReply health = E2e.get(httpPort, "/health");
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("\"journalFull\":true");
                assertThat(gateway.mqtt().published()).isZero();
                long acksWhileFull = counters.acksSent();
                System.out.printf("[durability] journal full (%d bytes in %d entries): %d ACKs withheld, the "
                                + "programmer holds %d frames; /health %d%n", gateway.journal().bytes(),
                        gateway.journal().depth(), counters.acksWithheld(), E2e.unacknowledged(programmer),
                        health.status());

                broker.start();
                CaptureFrames wire = awaitAllAlarmsSentAndAcked(capture, programmer, stalls);
                assertThat(counters.acksSent()).as("ACKs resumed").isGreaterThan(acksWhileFull);
                Set<String> all = wire.alarms().keySet();
                assertThat(wire.acknowledgedAlarmIds()).isEqualTo(all);
                await("every alarm published").atMost(TIMEOUT).until(() -> alarmIds(subscriber).containsAll(all));
                assertThat(alarmIds(subscriber)).isEqualTo(all);
                await("healthy again").atMost(TIMEOUT).until(() -> E2e.get(httpPort, "/health").status() == 200);
                assertThat(gateway.journal().full()).isFalse();
                System.out.printf("[durability] journal drained: %d/%d alarms published, %d ACKs withheld in all%n",
                        all.size(), all.size(), counters.acksWithheld());
            }
        }
    }

    // ---- helpers

    /** A programmer whose pump stalls every two simulated minutes; status frames stream every minute. */
    private static Scenario stalls(int count) {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < count; i++) {
            events.append("  - { at: %ds, motorStall: { duration: 30s } }\n".formatted(60 + 120 * i));
        }
        return ScenarioLoader.parse("""
                name: stalls
                programmer:
                  serial: %s
                  heartbeatIntervalMs: 500
                  statusStreaming: { enabled: true, interval: 1m }
                pumps:
                  - serial: %s
                    reservoirCapacityUl: 20000
                    volumeUl: 18000
                    lowAlarmThresholdUl: 2000
                    drug: BACLOFEN
                    concentrationUgPerMl: 2000
                    mode: CONTINUOUS
                    rateNlPerHour: 20833
                events:
                %s""".formatted(PROGRAMMER, PUMP, events), "stalls");
    }

    private static E2e.Config config(String gatewayId, MosquittoBroker broker, Path journal, String endpoint) {
        return new E2e.Config(gatewayId, broker.uri(), journal).link("emulator", endpoint);
    }

    private static Probe subscriber(MosquittoBroker broker, String name) throws Exception {
        Probe probe = Probe.connectDurable(broker.uri(), name);
        probe.subscribe(PREFIX + "/pumps/+/alarm", 1);
        return probe;
    }

    private static Set<String> alarmIds(Probe subscriber) {
        Set<String> ids = new LinkedHashSet<>();
        subscriber.deviceAlarms(PUMP_ALARMS).forEach(m -> ids.add(m.messageId()));
        return ids;
    }

    /**
     * Waits until the programmer sent every alarm of the scenario, holds none unacknowledged, and its capture
     * shows every ACK (the emulator writes received bytes to the file at its next own send).
     */
    private static CaptureFrames awaitAllAlarmsSentAndAcked(Path capture, EmulatedProgrammer programmer, int stalls) {
        return await("all alarms sent and ACKed").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (E2e.unacknowledged(programmer) > 0) {
                        return null;
                    }
                    CaptureFrames wire = CaptureFrames.read(capture, PROGRAMMER);
                    boolean complete = wire.alarms().size() == stalls * ALARMS_PER_STALL
                            && wire.acknowledgedAlarmIds().equals(wire.alarms().keySet());
                    return complete ? wire : null;
                }, wire -> wire != null);
    }

    /** The alarms among a closed gateway's unpublished journal entries. */
    private static Set<String> alarmIdsIn(GatewayConfig config) throws Exception {
        GatewayConfig.Journal j = config.journal();
        Set<String> ids = new LinkedHashSet<>();
        try (Journal journal = Journal.open(new JournalSettings(j.dir(), j.maxBytes(), j.segmentBytes(),
                j.groupCommitMaxDelay(), 1024, 100_000))) {
            for (Entry entry : journal.readAfter(-1, 100_000)) {
                if (JournalRecords.decode(entry.payload()) instanceof JournalRecord.Frame stored
                        && stored.frame().packet().message() instanceof Alarm) {
                    ReceivedFrame frame = stored.frame();
                    ids.add(MessageIds.of(frame.programmerSerial(), frame.packet()));
                }
            }
        }
        return ids;
    }
}
