package io.pumplink.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumplink.gateway.link.LinkCounters;
import io.pumplink.gateway.link.LinkSnapshot;
import io.pumplink.gateway.link.LinkState;
import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.gateway.publish.Dispatcher;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.proto.v1.ActiveAlarms;
import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.AlarmCode;
import io.pumplink.proto.v1.AlarmPriority;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.AlarmState;
import io.pumplink.proto.v1.Drug;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FlowMode;
import io.pumplink.proto.v1.FlowStatus;
import io.pumplink.proto.v1.Header;
import io.pumplink.proto.v1.InterrogationRecord;
import io.pumplink.proto.v1.ProgrammerStatus;
import io.pumplink.proto.v1.ReservoirStatus;
import io.pumplink.proto.v1.SessionBegin;
import io.pumplink.proto.v1.TelemetryState;
import io.pumplink.proto.v1.TherapySummary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LiveFeedTest {
    private static final String PREFIX = "pumplink/v1";
    private static final String PUMP = "NGP-000001";
    private static final String PROGRAMMER = "PRG-000001";

    private final ObjectMapper json = new ObjectMapper();
    private final List<LinkSnapshot> links = new ArrayList<>();
    private final LiveFeed feed = new LiveFeed("gw-1", "1.2.3", 1_000L, () -> links, () -> 5_000L, 8);

    @Test
    void snapshotHoldsEachPumpsAndProgrammersLatestPartsAndTheHistories() throws Exception {
        feed.accept(PREFIX + "/pumps/" + PUMP + "/reservoir", reservoir(1_000, 3_000));
        feed.accept(PREFIX + "/pumps/" + PUMP + "/reservoir", reservoir(2_000, 2_900));
        feed.accept(PREFIX + "/pumps/" + PUMP + "/flow", flow());
        feed.accept(PREFIX + "/pumps/" + PUMP + "/alarm", alarm(1, AlarmState.ALARM_STATE_RAISED, PUMP));
        feed.accept(PREFIX + "/pumps/" + PUMP + "/alarms/active", active(alarm(1, AlarmState.ALARM_STATE_RAISED, PUMP)));
        feed.accept(PREFIX + "/programmers/" + PROGRAMMER + "/status", programmerStatus(80));
        feed.accept(PREFIX + "/programmers/" + PROGRAMMER + "/alarm", alarm(7, AlarmState.ALARM_STATE_RAISED, ""));
        links.add(new LinkSnapshot("bench-1", "tcp:127.0.0.1:7410", false, false, LinkState.UP, "HELLO accepted",
                4_000L, Optional.empty(), new FrameStats(), new MessageStats(), new LinkCounters()));
        feed.refreshLinks();

        JsonNode snapshot = json.readTree(feed.snapshotJson());
        assertThat(snapshot.path("gateway").path("id").asText()).isEqualTo("gw-1");
        assertThat(snapshot.path("gateway").path("version").asText()).isEqualTo("1.2.3");
        assertThat(fields(snapshot.path("pumps"))).containsExactly(PUMP);
        JsonNode pump = snapshot.path("pumps").path(PUMP);
        assertThat(fields(pump)).containsExactlyInAnyOrder("reservoir", "reservoirHistory", "flow", "activeAlarms");
        // the Protobuf JSON mapping, exactly as the MQTT JSON mirror has it; the latest reading wins
        assertThat(pump.path("reservoir").path("reservoirStatus").path("volumeUl").asInt()).isEqualTo(2_900);
        assertThat(pump.path("reservoir").path("reservoirStatus").path("volumeMl").asDouble()).isEqualTo(2.9);
        assertThat(pump.path("reservoir").path("header").path("pumpSerial").asText()).isEqualTo(PUMP);
        assertThat(pump.path("flow").path("flowStatus").path("dailyDoseUgPerDay").asDouble()).isEqualTo(500.0);
        assertThat(pump.path("activeAlarms").path("activeAlarms").path("alarms").get(0).path("alarmId").asInt())
                .isEqualTo(1);

        JsonNode points = pump.path("reservoirHistory");
        assertThat(points).hasSize(2);
        assertThat(points.get(1).path("t").asLong()).isEqualTo(2_000);
        assertThat(points.get(1).path("ml").asDouble()).isEqualTo(2.9);
        assertThat(points.get(1).path("lowMl").asDouble()).isEqualTo(2.0);

        assertThat(snapshot.path("alarmHistory")).hasSize(2);
        assertThat(snapshot.path("alarmHistory").get(0).path("scope").asText()).isEqualTo("pump");
        assertThat(snapshot.path("alarmHistory").get(1).path("scope").asText()).isEqualTo("programmer");
        assertThat(snapshot.path("alarmHistory").get(1).path("serial").asText()).isEqualTo(PROGRAMMER);
        JsonNode programmer = snapshot.path("programmers").path(PROGRAMMER);
        assertThat(fields(snapshot.path("programmers"))).containsExactly(PROGRAMMER);
        assertThat(programmer.path("status").path("programmerStatus").path("batteryPct").asInt()).isEqualTo(80);
        assertThat(programmer.path("activeAlarms")).hasSize(1);
        assertThat(programmer.path("activeAlarms").get(0).path("alarmId").asInt()).isEqualTo(7);

        JsonNode link = snapshot.path("links").get(0);
        assertThat(link.path("linkStatus").path("linkId").asText()).isEqualTo("bench-1");
        assertThat(link.path("linkStatus").path("state").asText()).isEqualTo("LINK_STATE_UP");

        feed.accept(PREFIX + "/programmers/" + PROGRAMMER + "/alarm", alarm(7, AlarmState.ALARM_STATE_CLEARED, ""));
        assertThat(json.readTree(feed.snapshotJson()).path("programmers").path(PROGRAMMER).path("activeAlarms"))
                .isEmpty();
    }

    @Test
    void theTherapySummaryIsPumpStateAndGatewayAlertsAreAlarmEventsWithTheirSourceAndReason() throws Exception {
        Envelope therapy = Envelope.newBuilder()
                .setHeader(Header.newBuilder().setPumpSerial(PUMP).setMessageId("therapy_summary:" + PUMP + ":1"))
                .setTherapySummary(TherapySummary.newBuilder().setTsMs(1_000).setPumpSerial(PUMP)
                        .setDrug(Drug.DRUG_BACLOFEN).setDrugCode(1).setConcentrationUgPerMl(2_000)
                        .setDailyVolumeNl(275_000).setDailyVolumeMl(0.275).setDailyDoseUg(550)
                        .setDailyDoseUgPerDay(550).setNextRefillDueTsMs(90_000))
                .build();
        Envelope interrupted = Envelope.newBuilder()
                .setHeader(Header.newBuilder().setPumpSerial(PUMP).setMessageId("gateway-alert:gw-1:" + PUMP + ":1:1"))
                .setAlarm(Alarm.newBuilder().setTsMs(2_000).setPumpSerial(PUMP).setAlarmId(1)
                        .setAlarm(AlarmCode.ALARM_CODE_THERAPY_INTERRUPTED).setAlarmCode(65_537)
                        .setPriority(AlarmPriority.ALARM_PRIORITY_HIGH).setPriorityCode(3)
                        .setState(AlarmState.ALARM_STATE_RAISED).setStateCode(1).setDetail(1)
                        .setSource(AlarmSource.ALARM_SOURCE_GATEWAY).setName("THERAPY_INTERRUPTED")
                        .setReason("flow mode STOPPED"))
                .build();

        feed.accept(PREFIX + "/pumps/" + PUMP + "/therapy", therapy);
        feed.accept(PREFIX + "/pumps/" + PUMP + "/alarm", interrupted);
        feed.accept(PREFIX + "/pumps/" + PUMP + "/alarms/active", active(interrupted));

        JsonNode snapshot = json.readTree(feed.snapshotJson());
        JsonNode pump = snapshot.path("pumps").path(PUMP);
        assertThat(fields(pump)).containsExactlyInAnyOrder("therapy", "activeAlarms");
        JsonNode summary = pump.path("therapy");
        assertThat(summary.path("therapySummary").path("dailyDoseUgPerDay").asDouble()).isEqualTo(550.0);
        assertThat(summary.path("therapySummary").path("nextRefillDueTsMs").asLong()).isEqualTo(90_000);
        JsonNode event = snapshot.path("alarmHistory").get(0);
        assertThat(event.path("scope").asText()).as("about the pump").isEqualTo("pump");
        assertThat(event.path("serial").asText()).isEqualTo(PUMP);
        assertThat(event.path("envelope").path("alarm").path("source").asText()).isEqualTo("ALARM_SOURCE_GATEWAY");
        assertThat(event.path("envelope").path("alarm").path("reason").asText()).isEqualTo("flow mode STOPPED");
        assertThat(pump.path("activeAlarms").path("activeAlarms").path("alarms").get(0).path("name").asText())
                .isEqualTo("THERAPY_INTERRUPTED");
        assertThat(snapshot.path("programmers").size()).as("no programmer's alarm").isZero();
    }

    @Test
    void patientReferencesNeverReachTheDashboard() throws Exception {
        Envelope record = Envelope.newBuilder()
                .setHeader(Header.newBuilder().setPumpSerial(PUMP).setMessageId("interrogation:" + PUMP + ":3"))
                .setInterrogationRecord(InterrogationRecord.newBuilder().setPumpSerial(PUMP).setSessionId(3)
                        .setPatientRef("REF-424242").setComplete(true)
                        .setReservoir(ReservoirStatus.newBuilder().setPumpSerial(PUMP).setVolumeUl(5_000)))
                .build();
        Envelope begin = Envelope.newBuilder().setHeader(Header.newBuilder().setPumpSerial(PUMP))
                .setSessionBegin(SessionBegin.newBuilder().setPumpSerial(PUMP).setPatientRef("REF-515151")).build();
        List<String> events = new ArrayList<>();
        Subscription client = feed.subscribe(Runnable::run, () -> { }, () -> { });

        feed.accept(PREFIX + "/pumps/" + PUMP + "/interrogation", record);
        feed.accept(PREFIX + "/pumps/" + PUMP + "/session", begin);
        for (String event = client.poll(); event != null; event = client.poll()) {
            events.add(event);
        }

        String all = String.join("", events) + feed.snapshotJson();
        assertThat(all).contains("\"sessionId\":3", "\"volumeUl\":5000")
                .doesNotContain("REF-424242", "REF-515151", "patientRef", "patient_ref");
        assertThat(Redaction.strip(record).getInterrogationRecord().getPatientRef()).isEmpty();
        assertThat(Redaction.strip(record).getInterrogationRecord().getSessionId()).isEqualTo(3);
        assertThat(Redaction.canHold(FlowStatus.getDescriptor())).isFalse();
        assertThat(Redaction.canHold(Envelope.getDescriptor())).isTrue();
    }

    @Test
    void historiesAreBounded() throws Exception {
        for (int i = 0; i < DashboardView.RESERVOIR_POINTS + 50; i++) {
            feed.accept(PREFIX + "/pumps/" + PUMP + "/reservoir", reservoir(1_000L * i, 10_000 - i));
        }
        for (int i = 0; i < DashboardView.ALARM_EVENTS + 30; i++) {
            feed.accept(PREFIX + "/pumps/" + PUMP + "/alarm", alarm(i, AlarmState.ALARM_STATE_RAISED, PUMP));
        }
        feed.accept(PREFIX + "/pumps/" + PUMP + "/reservoir", reservoir(1_000L * (DashboardView.RESERVOIR_POINTS + 49),
                1));

        JsonNode snapshot = json.readTree(feed.snapshotJson());
        JsonNode points = snapshot.path("pumps").path(PUMP).path("reservoirHistory");
        assertThat(points).hasSize(DashboardView.RESERVOIR_POINTS);
        assertThat(feed.reservoirPoints(PUMP)).isEqualTo(DashboardView.RESERVOIR_POINTS);
        assertThat(points.get(0).path("t").asLong()).isEqualTo(50_000L); // the oldest went first
        assertThat(points.get(points.size() - 1).path("ml").asDouble()).as("same reading time: replaced")
                .isEqualTo(0.001);
        JsonNode alarms = snapshot.path("alarmHistory");
        assertThat(alarms).hasSize(DashboardView.ALARM_EVENTS);
        assertThat(alarms.get(0).path("envelope").path("alarm").path("alarmId").asInt()).isEqualTo(30);
        assertThat(fields(snapshot.path("pumps").path(PUMP))).containsExactlyInAnyOrder("reservoir",
                "reservoirHistory");
    }

    @Test
    void aNewClientGetsTheSnapshotFirstThenEveryChangeAsServerSentEvents() throws Exception {
        feed.accept(PREFIX + "/pumps/" + PUMP + "/reservoir", reservoir(1_000, 3_000));
        AtomicInteger wakes = new AtomicInteger();
        Subscription client = feed.subscribe(Runnable::run, wakes::incrementAndGet, () -> { });
        feed.accept(PREFIX + "/pumps/" + PUMP + "/alarm", alarm(1, AlarmState.ALARM_STATE_RAISED, PUMP));

        String snapshot = client.poll();
        assertThat(snapshot).startsWith("event: snapshot\ndata: {").endsWith("}\n\n");
        assertThat(snapshot.split("\n")).hasSize(2); // one data line: JSON without line breaks
        assertThat(fields(json.readTree(snapshot.substring(snapshot.indexOf("data: ") + 6)).path("pumps").path(PUMP)))
                .containsExactlyInAnyOrder("reservoir", "reservoirHistory");
        String alarm = client.poll();
        assertThat(alarm).startsWith("event: change\ndata: {").endsWith("}\n\n");
        JsonNode change = json.readTree(alarm.substring(alarm.indexOf("data: ") + 6));
        assertThat(fields(change)).containsExactly("alarmHistory");
        JsonNode item = change.path("alarmHistory").get(0);
        assertThat(item.path("topic").asText()).isEqualTo(PREFIX + "/pumps/" + PUMP + "/alarm");
        assertThat(item.path("envelope").path("alarm").path("priority").asText()).isEqualTo("ALARM_PRIORITY_MEDIUM");
        assertThat(client.poll()).isNull();
        assertThat(wakes.get()).isEqualTo(2);

        client.close();
        feed.accept(PREFIX + "/pumps/" + PUMP + "/reservoir", reservoir(2_000, 2_000));
        assertThat(client.poll()).isNull();
        assertThat(feed.subscribers()).isZero();
    }

    @Test
    void aSlowClientIsDroppedAndNobodyWaitsForIt() {
        AtomicInteger dropped = new AtomicInteger();
        Subscription slow = feed.subscribe(Runnable::run, () -> { }, dropped::incrementAndGet);
        List<String> fastEvents = new ArrayList<>();
        Subscription[] fast = new Subscription[1];
        fast[0] = feed.subscribe(Runnable::run, () -> {
            for (String event = fast[0] == null ? null : fast[0].poll(); event != null; event = fast[0].poll()) {
                fastEvents.add(event);
            }
        }, () -> { });

        for (int i = 0; i < 20; i++) { // the queue holds 8; the slow client reads nothing
            feed.accept(PREFIX + "/pumps/" + PUMP + "/reservoir", reservoir(1_000L * i, 3_000 - i));
        }

        assertThat(dropped.get()).isEqualTo(1);
        assertThat(slow.closed()).isTrue();
        assertThat(slow.poll()).as("its backlog is gone").isNull();
        assertThat(feed.droppedClients()).isEqualTo(1);
        assertThat(feed.subscribers()).isEqualTo(1);
        assertThat(fast[0].closed()).isFalse();
        assertThat(fastEvents).filteredOn(e -> e.startsWith("event: change")).hasSize(20);
    }

    @Test // a callback run under the feed's lock would block this test: it fails by its timeout
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theFeedIsFreeWhileASubscribersCallbackRuns() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger wakes = new AtomicInteger();
        feed.subscribe(Runnable::run, () -> {
            if (wakes.incrementAndGet() == 2) { // the first change's wake takes its time
                inside.countDown();
                await(release);
            }
        }, () -> { });
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        try {
            Future<?> slowPublish = publisher.submit(() -> feed.accept(PREFIX + "/pumps/" + PUMP + "/reservoir",
                    reservoir(1_000, 3_000)));
            inside.await();

            feed.accept(PREFIX + "/pumps/" + PUMP + "/reservoir", reservoir(2_000, 2_900));
            Subscription late = feed.subscribe(Runnable::run, () -> { }, () -> { });

            assertThat(late.poll()).startsWith("event: snapshot").contains("\"volumeUl\":2900");
            assertThat(feed.snapshotJson()).contains("\"volumeUl\":2900");
            release.countDown();
            slowPublish.get(10, TimeUnit.SECONDS);
            assertThat(wakes.get()).isEqualTo(3);
        } finally {
            release.countDown();
            publisher.shutdownNow();
        }
    }

    @Test // a callback run on the publisher's thread would block this test: it fails by its timeout
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSubscriberStuckInItsCallbackHoldsUpNeitherThePublisherNorTheOthers() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger stuckDropped = new AtomicInteger();
        ExecutorService stuckThread = Executors.newSingleThreadExecutor();
        try {
            Subscription stuck = feed.subscribe(stuckThread, () -> {
                inside.countDown();
                await(release);
            }, stuckDropped::incrementAndGet);
            List<String> seen = new ArrayList<>();
            Subscription other = feed.subscribe(Runnable::run, () -> { }, () -> { });
            inside.await();

            for (int i = 0; i < 20; i++) { // the stuck one's queue holds 8
                feed.accept(PREFIX + "/pumps/" + PUMP + "/reservoir", reservoir(1_000L * i, 3_000 - i));
                for (String event = other.poll(); event != null; event = other.poll()) {
                    seen.add(event);
                }
            }

            assertThat(seen).filteredOn(e -> e.startsWith("event: change")).hasSize(20);
            assertThat(stuck.closed()).as("dropped when its queue filled").isTrue();
            assertThat(feed.subscribers()).isEqualTo(1);
            assertThat(feed.snapshotJson()).contains("\"volumeUl\":2981");
            release.countDown();
            stuckThread.shutdown();
            assertThat(stuckThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(stuckDropped.get()).as("told once, on its own thread, once it got there").isEqualTo(1);
        } finally {
            release.countDown();
            stuckThread.shutdownNow();
        }
    }

    @Test
    void aSubscriberWhoseCallbackThrowsIsDroppedAndTheOthersCarryOn() {
        Deque<Runnable> brokenLoop = new ArrayDeque<>(); // its executor, run by hand here as an event loop would
        AtomicInteger brokenDropped = new AtomicInteger();
        Subscription broken = feed.subscribe(brokenLoop::add, () -> {
            throw new IllegalStateException("broken client");
        }, brokenDropped::incrementAndGet);
        AtomicInteger refusedDropped = new AtomicInteger();
        Subscription refused = feed.subscribe(task -> {
            throw new RejectedExecutionException("shut down");
        }, () -> { }, refusedDropped::incrementAndGet);
        AtomicInteger otherWakes = new AtomicInteger();
        Subscription other = feed.subscribe(Runnable::run, otherWakes::incrementAndGet, () -> { });

        feed.accept(PREFIX + "/pumps/" + PUMP + "/reservoir", reservoir(1_000, 3_000));
        assertThat(brokenLoop).as("one wake waiting covers the snapshot and the change").hasSize(1);
        brokenLoop.poll().run();
        assertThat(broken.closed()).isTrue();
        brokenLoop.poll().run();
        assertThat(brokenDropped.get()).as("told on its own executor").isEqualTo(1);
        feed.accept(PREFIX + "/pumps/" + PUMP + "/reservoir", reservoir(2_000, 2_900));

        assertThat(brokenLoop).isEmpty();
        assertThat(refused.closed()).isTrue();
        assertThat(refusedDropped.get()).as("its executor refuses that too").isZero();
        assertThat(feed.subscribers()).isEqualTo(1);
        assertThat(feed.droppedClients()).isEqualTo(2);
        assertThat(otherWakes.get()).isEqualTo(3);
        assertThat(other.poll()).startsWith("event: snapshot");
        assertThat(other.poll()).startsWith("event: change");
        assertThat(other.poll()).startsWith("event: change");
    }

    @Test
    void readsTheProtobufPublicationsAndSkipsTheJsonMirror() throws Exception {
        Envelope envelope = reservoir(1_000, 3_000);
        feed.accept(new Publication(PREFIX + "/pumps/" + PUMP + "/reservoir", envelope.toByteArray(), 1, true,
                Dispatcher.CONTENT_TYPE, Map.of()));
        feed.accept(new Publication(PREFIX + "/json/pumps/" + PUMP + "/reservoir", "{}".getBytes(), 1, true,
                Dispatcher.JSON_CONTENT_TYPE, Map.of()));
        feed.accept(new Publication(PREFIX + "/pumps/" + PUMP + "/flow", new byte[] {(byte) 0xff, 1, 2}, 1, true,
                Dispatcher.CONTENT_TYPE, Map.of())); // unreadable: skipped, never thrown

        JsonNode snapshot = json.readTree(feed.snapshotJson());
        assertThat(fields(snapshot.path("pumps").path(PUMP))).containsExactlyInAnyOrder("reservoir",
                "reservoirHistory");
        assertThat(snapshot.path("pumps").path(PUMP).path("reservoir").path("reservoirStatus").path("volumeUl").asInt())
                .isEqualTo(3_000);
    }

    private static Envelope reservoir(long tsMs, int volumeUl) {
        return Envelope.newBuilder()
                .setHeader(Header.newBuilder().setPumpSerial(PUMP).setProgrammerSerial(PROGRAMMER)
                        .setMessageId("reservoir_status:" + PUMP + ":" + tsMs))
                .setReservoirStatus(ReservoirStatus.newBuilder().setTsMs(tsMs).setPumpSerial(PUMP)
                        .setVolumeUl(volumeUl).setVolumeMl(volumeUl / 1000.0).setLowAlarmThresholdUl(2_000)
                        .setConcentrationUgPerMl(2_000).setDaysToLowThreshold(3.6).setRefillByDateMs(tsMs + 50_000))
                .build();
    }

    private static Envelope programmerStatus(int batteryPct) {
        return Envelope.newBuilder()
                .setHeader(Header.newBuilder().setProgrammerSerial(PROGRAMMER).setMessageId("programmer_status:1"))
                .setProgrammerStatus(ProgrammerStatus.newBuilder().setTsMs(1_000).setBatteryPct(batteryPct)
                        .setTelemetryState(TelemetryState.TELEMETRY_STATE_PUMP_IN_RANGE).setTelemetryStateCode(1))
                .build();
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Envelope flow() {
        return Envelope.newBuilder()
                .setHeader(Header.newBuilder().setPumpSerial(PUMP).setMessageId("flow_status:" + PUMP + ":1"))
                .setFlowStatus(FlowStatus.newBuilder().setTsMs(1_000).setPumpSerial(PUMP)
                        .setMode(FlowMode.FLOW_MODE_CONTINUOUS).setModeCode(1).setRateNlPerHour(10_417)
                        .setRateMlPerDay(0.25).setDailyDoseUgPerDay(500.0).setConcentrationUgPerMl(2_000))
                .build();
    }

    private static Envelope alarm(int id, AlarmState state, String pumpSerial) {
        return Envelope.newBuilder()
                .setHeader(Header.newBuilder().setPumpSerial(pumpSerial).setProgrammerSerial(PROGRAMMER)
                        .setMessageId("alarm:" + pumpSerial + ":" + id + ":" + state.getNumber()))
                .setAlarm(alarmBody(id, state, pumpSerial))
                .build();
    }

    private static Alarm alarmBody(int id, AlarmState state, String pumpSerial) {
        return Alarm.newBuilder().setTsMs(1_000L * id).setPumpSerial(pumpSerial).setAlarmId(id)
                .setAlarm(AlarmCode.ALARM_CODE_LOW_RESERVOIR).setAlarmCode(1)
                .setPriority(AlarmPriority.ALARM_PRIORITY_MEDIUM).setPriorityCode(2)
                .setState(state).setStateCode(state.getNumber()).setDetail(1_999).build();
    }

    private static Envelope active(Envelope raised) {
        return Envelope.newBuilder().setHeader(Header.newBuilder().setPumpSerial(PUMP).setMessageId("active"))
                .setActiveAlarms(ActiveAlarms.newBuilder().setPumpSerial(PUMP).addAlarms(raised.getAlarm())
                        .setUpdatedAtMs(3_000))
                .build();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
