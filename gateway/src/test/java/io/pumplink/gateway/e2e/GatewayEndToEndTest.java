package io.pumplink.gateway.e2e;

import static io.pumplink.gateway.e2e.E2e.PREFIX;
import static io.pumplink.gateway.e2e.E2e.TIMEOUT;
import static io.pumplink.gateway.e2e.E2e.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.pumplink.emulator.Emulator;
import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.journal.JournalSettings;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.Probe;
import io.pumplink.gateway.mqtt.TcpProxy;
import io.pumplink.gateway.publish.Dispatcher;
import io.pumplink.gateway.publish.EnvelopeMapper;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.CommandResultCode;
import io.pumplink.proto.v1.Drug;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FrameType;
import io.pumplink.proto.v1.InterrogationRecord;
import io.pumplink.proto.v1.LinkState;
import io.pumplink.proto.v1.RequestReply;
import io.pumplink.proto.v1.SessionOutcome;
import io.pumplink.proto.v1.Transport;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.LogEvent;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.RequestInterrogation;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.transport.Endpoint;
import io.pumplink.protocol.transport.SocatPty;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain, nothing mocked: an emulated programmer on one end of a real socat PTY pair (a null-modem
 * cable), the gateway on the other end as a serial link, its journal on disk, and a real mosquitto in front of
 * MQTT 5 subscribers. The gateway reaches the broker through a TCP proxy so the connection can be cut like a
 * network failure. The emulator records the link (--record), so what the gateway published is compared with
 * what the programmer really sent, field by field.
 *
 * <p>One gateway and one emulator serve all the steps, which run in order: telemetry on the topic tree, payloads
 * equal to the wire, MQTT 5 request/response, a late subscriber's retained state, the Last Will on a dropped
 * broker connection, and a graceful shutdown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayEndToEndTest {
    private static final String GATEWAY_ID = "e2e-ward";
    private static final String VERSION = "e2e-test";
    private static final String LINK = "pty";
    private static final String PROGRAMMER = "PRG-E2E001";
    private static final String PUMP = "NGP-E2E001";
    private static final double SPEED = 600;
    private static final int CONCENTRATION_UG_PER_ML = 2000;
    private static final long RATE_AFTER_DOSE_CHANGE_NL_PER_H = 400_000;

    private static final String GATEWAY_STATUS = TOPICS.gatewayStatus(GATEWAY_ID);
    private static final String LINK_STATUS = TOPICS.link(GATEWAY_ID, LINK);
    private static final String PROGRAMMER_STATUS = TOPICS.programmer(PROGRAMMER, "status");
    private static final String PROGRAMMER_ALARM = TOPICS.programmer(PROGRAMMER, "alarm");
    private static final String RESERVOIR = TOPICS.pump(PUMP, "reservoir");
    private static final String FLOW = TOPICS.pump(PUMP, "flow");
    private static final String BATTERY = TOPICS.pump(PUMP, "battery");
    private static final String IDENTITY = TOPICS.pump(PUMP, "identity");
    private static final String PUMP_ALARM = TOPICS.pump(PUMP, "alarm");
    private static final String ACTIVE_ALARMS = TOPICS.pump(PUMP, "alarms/active");
    private static final String INTERROGATION = TOPICS.pump(PUMP, "interrogation");
    private static final String REPLIES = PREFIX + "/replies/e2e/";

    @TempDir
    static Path dir;

    private MosquittoBroker broker;
    private TcpProxy network;
    private SocatPty pty;
    private Probe live;
    private Emulator emulator;
    private Gateway gateway;
    private Path capture;
    private Path journalDir;

    @BeforeAll
    void startTheChain() throws Exception {
        broker = MosquittoBroker.launch();
        network = new TcpProxy(broker.port());
        live = Probe.connect(broker.uri(), "e2e-live");
        live.subscribe(PREFIX + "/#", 1);
        Path ptyDir = Files.createDirectories(dir.resolve("pty"));
        pty = SocatPty.start(ptyDir);
        journalDir = dir.resolve("journal");
        gateway = new Gateway(new E2e.Config(GATEWAY_ID, network.uri(), journalDir)
                .link(LINK, pty.b().toString()).build(), VERSION).start();
        capture = dir.resolve("ward-round.ptlcap");
        emulator = new Emulator(new Emulator.Options(E2e.scenario("e2e/ward-round.yaml"),
                Endpoint.parse(pty.a().toString()), 1, 11, SPEED, Optional.of(capture))).start();
    }

    @AfterAll
    void stopTheChain() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (pty != null) {
            pty.close();
        }
        if (live != null) {
            live.close();
        }
        if (network != null) {
            network.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    // ---- (a) the topic tree

    @Test
    @Order(1)
    void telemetryArrivesOnTheDocumentedTopicsWithContentTypeAndMessageId() {
        // the scenario's alarms: the last one is the programmer's battery recovering at 46 simulated minutes
        await("every alarm of the scenario").atMost(TIMEOUT).until(() ->
                hasAlarm(PROGRAMMER_ALARM, AlarmCode.PROGRAMMER_LOW_BATTERY, AlarmState.CLEARED)
                        && hasAlarm(PUMP_ALARM, AlarmCode.MOTOR_STALL, AlarmState.RAISED)
                        && hasAlarm(PUMP_ALARM, AlarmCode.MOTOR_STALL, AlarmState.CLEARED)
                        && hasAlarm(PUMP_ALARM, AlarmCode.MOTOR_STALL_RECOVERED, AlarmState.CLEARED)
                        && hasAlarm(PUMP_ALARM, AlarmCode.LOW_RESERVOIR, AlarmState.RAISED)
                        && hasAlarm(PUMP_ALARM, AlarmCode.LOW_RESERVOIR, AlarmState.CLEARED)
                        && hasAlarm(PUMP_ALARM, AlarmCode.CRITICAL_MEMORY_ERROR, AlarmState.RAISED));
        await("the state topics").atMost(TIMEOUT).until(() -> List.of(GATEWAY_STATUS, LINK_STATUS, PROGRAMMER_STATUS,
                RESERVOIR, FLOW, BATTERY, ACTIVE_ALARMS).stream().allMatch(t -> live.last(t).isPresent()));

        Envelope status = latestRetained(GATEWAY_STATUS).envelope();
        assertThat(status.getGatewayStatus().getOnline()).isTrue();
        assertThat(status.getGatewayStatus().getGatewayId()).isEqualTo(GATEWAY_ID);
        assertThat(status.getGatewayStatus().getVersion()).isEqualTo(VERSION);

        await("link UP").atMost(TIMEOUT).until(() ->
                live.last(LINK_STATUS).orElseThrow().envelope().getLinkStatus().getState() == LinkState.LINK_STATE_UP);
        Envelope link = latestRetained(LINK_STATUS).envelope();
        assertThat(link.getLinkStatus().getLinkId()).isEqualTo(LINK);
        assertThat(link.getLinkStatus().getTransport()).isEqualTo(Transport.TRANSPORT_SERIAL);
        assertThat(link.getLinkStatus().getEndpoint()).contains(pty.b().toString());
        assertThat(link.getLinkStatus().getHello().getProgrammerSerial()).isEqualTo(PROGRAMMER);
        assertThat(link.getLinkStatus().getHello().getFwVersion()).isEqualTo("2.4.17");
        assertThat(link.getLinkStatus().getCounters().getHellosReceived()).isPositive();
        assertThat(link.getLinkStatus().getCounters().getFramesInvalid()).isZero();

        assertThat(latestRetained(PROGRAMMER_STATUS).envelope().getBodyCase())
                .isEqualTo(Envelope.BodyCase.PROGRAMMER_STATUS);
        assertThat(latestRetained(PROGRAMMER_STATUS).envelope().getHeader().getProgrammerSerial()).isEqualTo(PROGRAMMER);
        for (var topicAndBody : Map.of(RESERVOIR, Envelope.BodyCase.RESERVOIR_STATUS,
                FLOW, Envelope.BodyCase.FLOW_STATUS, BATTERY, Envelope.BodyCase.BATTERY_STATUS,
                ACTIVE_ALARMS, Envelope.BodyCase.ACTIVE_ALARMS).entrySet()) {
            Envelope latest = latestRetained(topicAndBody.getKey()).envelope();
            assertThat(latest.getBodyCase()).as(topicAndBody.getKey()).isEqualTo(topicAndBody.getValue());
            assertThat(latest.getHeader().getPumpSerial()).as(topicAndBody.getKey()).isEqualTo(PUMP);
        }
        // alarm events are events: QoS 1, not retained; the active set beside them is retained
        assertThat(live.on(PUMP_ALARM)).isNotEmpty().allSatisfy(m -> {
            assertThat(m.retained()).as("alarm events are not retained").isFalse();
            assertThat(m.envelope().getBodyCase()).isEqualTo(Envelope.BodyCase.ALARM);
        });
        assertThat(live.on(PROGRAMMER_ALARM)).isNotEmpty().allSatisfy(m -> {
            assertThat(m.retained()).isFalse();
            assertThat(m.envelope().getAlarm().getPumpSerial()).isEmpty();
            assertThat(m.envelope().getHeader().getProgrammerSerial()).isEqualTo(PROGRAMMER);
        });
        assertThat(live.on(ACTIVE_ALARMS)).allSatisfy(m -> assertThat(m.retained()).isTrue());
        for (String state : List.of(RESERVOIR, FLOW, BATTERY, PROGRAMMER_STATUS)) {
            assertThat(live.on(state)).as(state).allSatisfy(m -> assertThat(m.retained()).isTrue());
        }

        // every message the gateway published: protobuf content type, QoS 1, message-id = the header's id
        List<Probe.Msg> everything = live.received();
        assertThat(everything).hasSizeGreaterThan(50);
        assertThat(everything).allSatisfy(m -> {
            assertThat(m.contentType()).as(m.topic()).isEqualTo(Dispatcher.CONTENT_TYPE);
            assertThat(m.qos()).as(m.topic()).isEqualTo(1);
            Envelope envelope = m.envelope();
            assertThat(m.messageId()).as(m.topic()).isNotBlank().isEqualTo(envelope.getHeader().getMessageId());
            assertThat(envelope.getHeader().getGatewayId()).isEqualTo(GATEWAY_ID);
            assertThat(envelope.getHeader().getSchemaVersion()).isEqualTo(EnvelopeMapper.SCHEMA_VERSION);
        });
        assertThat(everything).extracting(Probe.Msg::topic).allMatch(t -> t.startsWith(PREFIX + "/"))
                .noneMatch(t -> t.contains("/json/")); // jsonMirror is off by default
    }

    // ---- (b) what was published is what the programmer sent

    @Test
    @Order(2)
    void decodedPayloadsEqualWhatTheEmulatorSentOnTheWire() throws Exception {
        CaptureFrames wire = CaptureFrames.read(capture, PROGRAMMER);
        Map<String, Alarm> alarms = wire.alarms();
        assertThat(alarms.values()).extracting(Alarm::alarmCode).contains(AlarmCode.MOTOR_STALL.code(),
                AlarmCode.MOTOR_STALL_RECOVERED.code(), AlarmCode.LOW_RESERVOIR.code(),
                AlarmCode.CRITICAL_MEMORY_ERROR.code(), AlarmCode.PROGRAMMER_LOW_BATTERY.code());
        assertThat(alarms).hasSizeGreaterThanOrEqualTo(9);

        await("every ALARM of the capture published").atMost(TIMEOUT).until(() ->
                byMessageId().keySet().containsAll(alarms.keySet()));
        Map<String, List<Probe.Msg>> published = byMessageId();
        for (Map.Entry<String, Alarm> sent : alarms.entrySet()) {
            Alarm alarm = sent.getValue();
            String topic = alarm.pumpSerial().isEmpty() ? PROGRAMMER_ALARM : PUMP_ALARM;
            List<Probe.Msg> copies = published.get(sent.getKey()).stream().filter(m -> m.topic().equals(topic))
                    .toList();
            assertThat(copies).as("publications of %s on %s", sent.getKey(), topic).isNotEmpty();
            copies.forEach(copy -> assertAlarmEquals(alarm, copy.envelope()));
        }

        // status frames: every one the programmer sent, matched by message id and wire seq
        List<Packet> status = wire.fromProgrammer().stream().filter(p -> isStatus(p.message())).toList();
        assertThat(status).hasSizeGreaterThan(40);
        await("every status frame of the capture published").atMost(TIMEOUT).until(() -> {
            Map<String, List<Probe.Msg>> now = byMessageId();
            return status.stream().allMatch(p -> publicationOf(now, wire.messageId(p), p.seq()).isPresent());
        });
        Map<String, List<Probe.Msg>> now = byMessageId();
        for (Packet packet : status) {
            Envelope envelope = publicationOf(now, wire.messageId(packet), packet.seq()).orElseThrow().envelope();
            assertStatusEquals(packet.message(), envelope);
        }
    }

    // ---- (d) MQTT 5 request/response

    @Test
    @Order(3)
    void anInterrogationRequestedOverMqttIsAnsweredAndItsRecordPublished() throws Exception {
        try (Probe requester = Probe.connect(broker.uri(), "e2e-requester")) {
            requester.subscribe(PREFIX + "/#", 1);
            byte[] correlation = "corr-interrogation-1".getBytes(StandardCharsets.UTF_8);
            requester.request(TOPICS.programmer(PROGRAMMER, "request"),
                    "{\"kind\":\"REQUEST_KIND_INTERROGATION\"}".getBytes(StandardCharsets.UTF_8),
                    REPLIES + "interrogation", correlation);

            Probe.Msg reply = await("the reply").atMost(TIMEOUT)
                    .until(() -> requester.last(REPLIES + "interrogation"), Optional::isPresent).orElseThrow();
            assertThat(reply.correlationData()).isEqualTo(correlation);
            assertThat(reply.contentType()).isEqualTo(Dispatcher.CONTENT_TYPE);
            RequestReply answer = reply.envelope().getRequestReply();
            assertThat(answer.getAccepted()).as("accepted; error: %s", answer.getError()).isTrue();
            assertThat(answer.getCommandResult().getResult()).isEqualTo(CommandResultCode.COMMAND_RESULT_CODE_OK);
            assertThat(answer.getCommandResult().getResultCode()).isZero();
            assertThat(answer.getCommandResult().getRequestId()).isEqualTo(answer.getRequestId());
            assertThat(reply.messageId()).isEqualTo("request-reply:" + GATEWAY_ID + ":"
                    + Integer.toUnsignedString(answer.getRequestId()));

            // the interrogation itself, assembled by the gateway once SESSION_END is stored
            Probe.Msg recordMsg = await("the interrogation record").atMost(TIMEOUT)
                    .until(() -> live.last(INTERROGATION), Optional::isPresent).orElseThrow();

            // on the wire: REQUEST_INTERROGATION with that id went to the programmer, COMMAND_RESULT OK came back,
            // then the session's frames (all of them in the capture by now: SESSION_END came last)
            long requestId = Integer.toUnsignedLong(answer.getRequestId());
            CaptureFrames wire = CaptureFrames.read(capture, PROGRAMMER);
            assertThat(wire.all()).anySatisfy(f -> {
                assertThat(f.fromProgrammer()).isFalse();
                assertThat(f.packet().message()).isEqualTo(new RequestInterrogation(requestId));
            });
            assertThat(wire.fromProgrammer()).extracting(Packet::message).contains(new CommandResult(requestId, 0));
            assertThat(recordMsg.retained()).isFalse();
            InterrogationRecord record = recordMsg.envelope().getInterrogationRecord();
            assertThat(record.getPumpSerial()).isEqualTo(PUMP);
            assertThat(record.getComplete()).isTrue();
            assertThat(record.getSessionEndReceived()).isTrue();
            assertThat(record.getOutcome()).isEqualTo(SessionOutcome.SESSION_OUTCOME_COMPLETE);
            assertThat(record.getMissingIndicesList()).isEmpty();
            assertThat(record.getLogEntriesCount()).isPositive()
                    .isEqualTo(record.getEntryCountExpected()).isEqualTo(record.getEntryCountReceived());
            assertThat(record.getIdentity().getPumpSerial()).isEqualTo(PUMP);
            assertThat(record.getIdentity().getModelCode()).isEqualTo(8637);
            assertThat(record.getIdentity().getReservoirCapacityUl()).isEqualTo(20_000);

            // derived values: dose, volume, projections at the rate after the dose change
            assertThat(record.getFlow().getRateNlPerHour()).isEqualTo(RATE_AFTER_DOSE_CHANGE_NL_PER_H);
            double mlPerDay = RATE_AFTER_DOSE_CHANGE_NL_PER_H * 24 / 1e6;
            assertThat(record.getFlow().getRateMlPerDay()).isCloseTo(mlPerDay, within(1e-9));
            assertThat(record.getFlow().getConcentrationUgPerMl()).isEqualTo(CONCENTRATION_UG_PER_ML);
            assertThat(record.getFlow().getDailyDoseUgPerDay())
                    .isCloseTo(mlPerDay * CONCENTRATION_UG_PER_ML, within(1e-6)); // 19 200 µg/day
            var reservoir = record.getReservoir();
            assertThat(reservoir.getDrug()).isEqualTo(Drug.DRUG_BACLOFEN);
            assertThat(reservoir.getVolumeUl()).isBetween(18_000, 20_000);
            assertThat(reservoir.getVolumeMl()).isCloseTo(reservoir.getVolumeUl() / 1000.0, within(1e-9));
            assertThat(reservoir.getProjectionRateNlPerHour()).isEqualTo(RATE_AFTER_DOSE_CHANGE_NL_PER_H);
            double ulPerDay = RATE_AFTER_DOSE_CHANGE_NL_PER_H * 24 / 1000.0;
            assertThat(reservoir.getDaysToLowThreshold())
                    .isCloseTo((reservoir.getVolumeUl() - reservoir.getLowAlarmThresholdUl()) / ulPerDay, within(1e-9));
            assertThat(reservoir.getDaysToEmpty()).isCloseTo(reservoir.getVolumeUl() / ulPerDay, within(1e-9));

            // the log: what the pump recorded, oldest first, equal to the LOG_ENTRY frames on the wire
            List<LogEntry> sentEntries = wire.fromProgrammer().stream()
                    .filter(p -> p.message() instanceof LogEntry e && e.sessionId() == record.getSessionId())
                    .map(p -> (LogEntry) p.message()).distinct()
                    .sorted(Comparator.comparingInt(LogEntry::index)).toList();
            assertThat(record.getLogEntriesList()).hasSize(sentEntries.size());
            for (int i = 0; i < sentEntries.size(); i++) {
                LogEntry sent = sentEntries.get(i);
                var got = record.getLogEntries(i);
                assertThat(got.getIndex()).isEqualTo(i).isEqualTo(sent.index());
                assertThat(got.getTsMs()).isEqualTo(sent.tsMs());
                assertThat(got.getEventCode()).isEqualTo(sent.eventCode());
                assertThat(List.of(got.getA(), got.getB(), got.getC())).containsExactly(sent.a(), sent.b(), sent.c());
            }
            var refill = record.getLogEntriesList().stream()
                    .filter(e -> e.getEventCode() == LogEvent.REFILL.code()).findFirst().orElseThrow();
            assertThat(refill.getB()).isEqualTo(1500);
            assertThat(refill.getC()).isEqualTo(20_000);
            assertThat(refill.getRefillDiscrepancyUl()).isEqualTo((long) refill.getB() - refill.getA());
            // a PTL 1.0 programmer: no REFILL_ACCOUNTING, so no accuracy figure, only the discrepancy in uL
            assertThat(refill.hasRefillDiscrepancyPct()).isFalse();
            assertThat(refill.hasRefillDeviationPct()).isFalse();
            assertThat(record.getLogEntriesList()).anySatisfy(e -> {
                assertThat(e.getEventCode()).isEqualTo(LogEvent.DOSE_CHANGE.code());
                assertThat(e.getA()).isEqualTo(500_000);
                assertThat(e.getB()).isEqualTo((int) RATE_AFTER_DOSE_CHANGE_NL_PER_H);
            });
            assertThat(record.getLogEntriesList()).filteredOn(e -> e.getEventCode() == LogEvent.ALARM.code())
                    .extracting(e -> e.getA()).contains(AlarmCode.MOTOR_STALL.code(), AlarmCode.LOW_RESERVOIR.code(),
                            AlarmCode.CRITICAL_MEMORY_ERROR.code());

            // the interrogation brought the pump's identity: now retained
            Probe.Msg identity = await().atMost(TIMEOUT).until(() -> live.last(IDENTITY), Optional::isPresent)
                    .orElseThrow();
            assertThat(identity.retained()).isTrue();
            assertThat(identity.envelope().getPumpIdentity().getPumpSerial()).isEqualTo(PUMP);

            // a programmer this gateway does not hold, asked of this gateway: refused, with the reason
            // (on the shared topic only the gateway holding it answers; here that is none)
            byte[] otherCorrelation = "corr-unknown-2".getBytes(StandardCharsets.UTF_8);
            requester.request(TOPICS.gatewayRequest(GATEWAY_ID, "PRG-NOBODY"),
                    "{\"kind\":\"REQUEST_KIND_INTERROGATION\"}".getBytes(StandardCharsets.UTF_8),
                    REPLIES + "unknown", otherCorrelation);
            Probe.Msg refusal = await("the refusal").atMost(TIMEOUT)
                    .until(() -> requester.last(REPLIES + "unknown"), Optional::isPresent).orElseThrow();
            assertThat(refusal.correlationData()).isEqualTo(otherCorrelation);
            RequestReply refused = refusal.envelope().getRequestReply();
            assertThat(refused.getAccepted()).isFalse();
            assertThat(refused.getError()).contains("PRG-NOBODY").contains("not connected");
            assertThat(refused.hasCommandResult()).isFalse();

            // issue 11: an answer never goes into the data tree; the request is refused, counted, not sent
            requester.request(TOPICS.programmer(PROGRAMMER, "request"),
                    "{\"kind\":\"REQUEST_KIND_STATUS\"}".getBytes(StandardCharsets.UTF_8), PROGRAMMER_STATUS,
                    "corr-lever-3".getBytes(StandardCharsets.UTF_8));
            await("the refusal counted").atMost(TIMEOUT).until(() -> gateway.metrics().scrape().contains(
                    "pumplink_requests_refused_total{reason=\"response_topic_not_allowed\"} 1.0"));
            assertThat(requester.received()).as("only the request itself carries its correlation data")
                    .filteredOn(m -> m.correlationData() != null
                            && new String(m.correlationData(), StandardCharsets.UTF_8).equals("corr-lever-3"))
                    .extracting(Probe.Msg::topic).containsExactly(TOPICS.programmer(PROGRAMMER, "request"));

            // the directory names this gateway as the programmer's
            Probe.Msg entry = requester.last(TOPICS.directory(PROGRAMMER)).orElseThrow();
            assertThat(entry.retained()).isTrue();
            assertThat(entry.envelope().getHeader().getGatewayId()).isEqualTo(GATEWAY_ID);
        }
    }

    // ---- (c) a late subscriber gets the latest state at once

    @Test
    @Order(4)
    void aLateSubscriberReceivesTheRetainedLatestState() throws Exception {
        List<String> stateTopics = List.of(GATEWAY_STATUS, LINK_STATUS, PROGRAMMER_STATUS, RESERVOIR, FLOW, BATTERY,
                IDENTITY, ACTIVE_ALARMS);
        Map<String, Long> deviceTimeBefore = new HashMap<>();
        for (String topic : List.of(PROGRAMMER_STATUS, RESERVOIR, FLOW, BATTERY)) {
            deviceTimeBefore.put(topic, live.last(topic).orElseThrow().envelope().getHeader().getDeviceTimeMs());
        }
        try (Probe late = Probe.connect(broker.uri(), "e2e-late")) {
            late.subscribe(PREFIX + "/#", 1);
            await("retained state for every state topic").atMost(TIMEOUT)
                    .until(() -> stateTopics.stream().allMatch(t -> !late.on(t).isEmpty()));
            for (String topic : stateTopics) {
                Probe.Msg first = late.on(topic).get(0);
                assertThat(first.retained()).as(topic).isTrue();
                // the same publication the live subscriber saw (it may see it a moment later)
                await(topic + " seen live").atMost(TIMEOUT).until(() -> live.on(topic).stream().anyMatch(m ->
                        m.messageId().equals(first.messageId()) && Arrays.equals(m.payload(), first.payload())));
                if (deviceTimeBefore.containsKey(topic)) {
                    assertThat(first.envelope().getHeader().getDeviceTimeMs()).as("%s is the latest", topic)
                            .isGreaterThanOrEqualTo(deviceTimeBefore.get(topic));
                }
            }
            assertThat(late.on(GATEWAY_STATUS).get(0).envelope().getGatewayStatus().getOnline()).isTrue();
            assertThat(late.on(LINK_STATUS).get(0).envelope().getLinkStatus().getState())
                    .isEqualTo(LinkState.LINK_STATE_UP);
            // the HELLO that brought the link up was a frame received: its time is in the status
            assertThat(late.on(LINK_STATUS).get(0).envelope().getLinkStatus().hasLastFrameReceivedMs()).isTrue();
            // the active set: raised minus cleared, as the programmer sent them
            Set<Integer> expectedActive = new TreeSet<>();
            CaptureFrames.read(capture, PROGRAMMER).alarms().values().stream()
                    .filter(a -> a.pumpSerial().equals(PUMP)).forEach(a -> {
                        if (a.stateCode() == AlarmState.RAISED.code()) {
                            expectedActive.add((int) a.alarmId());
                        } else {
                            expectedActive.remove((int) a.alarmId());
                        }
                    });
            var pumpsOwn = late.on(ACTIVE_ALARMS).get(0).envelope().getActiveAlarms().getAlarmsList().stream()
                    .filter(a -> a.getSource() == AlarmSource.ALARM_SOURCE_PUMP).toList();
            assertThat(pumpsOwn).extracting(a -> a.getAlarmId()).containsExactlyElementsOf(expectedActive);
            assertThat(pumpsOwn).extracting(a -> a.getAlarmCode()).containsExactly(AlarmCode.CRITICAL_MEMORY_ERROR.code());
            // events are not state: nothing of them is retained
            assertThat(late.matching(m -> m.retained() && (m.topic().endsWith("/alarm")
                    || m.topic().endsWith("/interrogation")))).isEmpty();
        }
    }

    // ---- (e) the Last Will

    @Test
    @Order(5)
    void aCutBrokerConnectionShowsTheRetainedOfflineWillThenOnlineAgain() {
        long reconnects = gateway.mqtt().reconnects();
        int mark = live.size();
        network.dropConnections(); // a reset, no DISCONNECT: the broker publishes the gateway's will

        Probe.Msg offline = await("the will").atMost(TIMEOUT).until(() -> live.after(mark).stream()
                .filter(m -> m.topic().equals(GATEWAY_STATUS)).filter(m -> !online(m)).findFirst(), Optional::isPresent)
                .orElseThrow();
        assertThat(offline.retained()).isTrue();
        assertThat(offline.contentType()).isEqualTo(Dispatcher.CONTENT_TYPE);
        assertThat(offline.envelope().getGatewayStatus().getGatewayId()).isEqualTo(GATEWAY_ID);
        assertThat(offline.messageId()).endsWith(":false");

        Probe.Msg online = await("online again").atMost(TIMEOUT).until(() -> live.after(offline.index() + 1).stream()
                .filter(m -> m.topic().equals(GATEWAY_STATUS)).filter(GatewayEndToEndTest::online).findFirst(),
                Optional::isPresent).orElseThrow();
        assertThat(online.retained()).isTrue();
        assertThat(gateway.mqtt().reconnects()).isGreaterThan(reconnects);
        assertThat(gateway.mqtt().connected()).isTrue();
        await("telemetry flows again").atMost(TIMEOUT).until(() -> live.after(online.index()).stream()
                .anyMatch(m -> m.topic().equals(RESERVOIR)));
    }

    // ---- (f) graceful shutdown

    @Test
    @Order(6)
    void aGracefulCloseSaysOfflineAndLeavesTheJournalEmpty() throws Exception {
        int mark = live.size();
        Gateway closing = gateway;
        gateway = null; // closed here, not again after all
        closing.close();

        Probe.Msg offline = await("offline on close").atMost(TIMEOUT).until(() -> live.after(mark).stream()
                .filter(m -> m.topic().equals(GATEWAY_STATUS)).filter(m -> !online(m)).findFirst(), Optional::isPresent)
                .orElseThrow();
        assertThat(offline.retained()).isTrue();
        assertThat(closing.journal().depth()).as("unpublished entries after close").isZero();
        assertThat(closing.links()).allSatisfy(link ->
                assertThat(link.snapshot().state()).isEqualTo(io.pumplink.gateway.link.LinkState.STOPPED));
        // and on disk: a journal opened on the same directory has nothing left to publish
        try (Journal reopened = Journal.open(new JournalSettings(journalDir, 64L << 20, 1L << 20, Duration.ZERO,
                1024, 100_000))) {
            assertThat(reopened.depth()).isZero();
        }
        // what a dashboard opened afterwards sees: the gateway offline, its link stopped
        try (Probe late = Probe.connect(broker.uri(), "e2e-after-close")) {
            late.subscribe(GATEWAY_STATUS, 1);
            late.subscribe(LINK_STATUS, 1);
            await().atMost(TIMEOUT).until(() -> !late.on(GATEWAY_STATUS).isEmpty() && !late.on(LINK_STATUS).isEmpty());
            assertThat(late.on(GATEWAY_STATUS).get(0).retained()).isTrue();
            assertThat(online(late.on(GATEWAY_STATUS).get(0))).isFalse();
            assertThat(late.on(LINK_STATUS).get(0).retained()).isTrue();
            assertThat(late.on(LINK_STATUS).get(0).envelope().getLinkStatus().getState())
                    .isEqualTo(LinkState.LINK_STATE_STOPPED);
        }
    }

    // ---- helpers

    private boolean hasAlarm(String topic, AlarmCode code, AlarmState state) {
        return live.on(topic).stream().map(m -> m.envelope().getAlarm())
                .anyMatch(a -> a.getAlarmCode() == code.code() && a.getStateCode() == state.code());
    }

    private Probe.Msg latestRetained(String topic) {
        Probe.Msg latest = live.last(topic).orElseThrow(() -> new AssertionError("nothing on " + topic));
        assertThat(latest.retained()).as("%s is retained", topic).isTrue();
        return latest;
    }

    private static boolean online(Probe.Msg message) {
        return message.envelope().getGatewayStatus().getOnline();
    }

    private Map<String, List<Probe.Msg>> byMessageId() {
        Map<String, List<Probe.Msg>> index = new HashMap<>();
        for (Probe.Msg m : live.received()) {
            if (m.hasMessageId()) {
                index.computeIfAbsent(m.messageId(), id -> new ArrayList<>()).add(m);
            }
        }
        return index;
    }

    private static Optional<Probe.Msg> publicationOf(Map<String, List<Probe.Msg>> index, String id, int seq) {
        return index.getOrDefault(id, List.of()).stream()
                .filter(m -> m.envelope().getHeader().getFrameSeq() == seq).findFirst();
    }

    private static boolean isStatus(Message message) {
        return message instanceof ProgrammerStatus || message instanceof ReservoirStatus
                || message instanceof FlowStatus || message instanceof BatteryStatus;
    }

    private static void assertAlarmEquals(Alarm sent, Envelope published) {
        assertThat(published.getBodyCase()).isEqualTo(Envelope.BodyCase.ALARM);
        var alarm = published.getAlarm();
        assertThat(alarm.getTsMs()).isEqualTo(sent.tsMs());
        assertThat(alarm.getPumpSerial()).isEqualTo(sent.pumpSerial());
        assertThat(Integer.toUnsignedLong(alarm.getAlarmId())).isEqualTo(sent.alarmId());
        assertThat(alarm.getAlarmCode()).isEqualTo(sent.alarmCode());
        assertThat(alarm.getAlarmValue()).isEqualTo(sent.alarmCode()); // enum number == wire code
        assertThat(alarm.getPriorityCode()).isEqualTo(sent.priorityCode());
        assertThat(alarm.getPriorityValue()).isEqualTo(sent.priorityCode() + 1); // wire + 1
        assertThat(alarm.getStateCode()).isEqualTo(sent.stateCode());
        assertThat(alarm.getStateValue()).isEqualTo(sent.stateCode());
        assertThat(alarm.getDetail()).isEqualTo(sent.detail());
        var header = published.getHeader();
        assertThat(header.getPumpSerial()).isEqualTo(sent.pumpSerial());
        assertThat(header.getProgrammerSerial()).isEqualTo(PROGRAMMER);
        assertThat(header.getDeviceTimeMs()).isEqualTo(sent.tsMs());
        assertThat(header.getFrameType()).isEqualTo(FrameType.FRAME_TYPE_ALARM);
        assertThat(header.getFrameTypeCode()).isEqualTo(0x14);
        assertThat(header.getLinkId()).isEqualTo(LINK);
    }

    private static void assertStatusEquals(Message sent, Envelope published) {
        var header = published.getHeader();
        assertThat(header.getProgrammerSerial()).isEqualTo(PROGRAMMER);
        assertThat(header.getLinkId()).isEqualTo(LINK);
        if (sent instanceof ProgrammerStatus s) {
            var got = published.getProgrammerStatus();
            assertThat(List.of(got.getTsMs(), (long) got.getBatteryPct(), (long) got.getTelemetryStateCode(),
                    (long) got.getRssiDbm())).containsExactly(s.tsMs(), (long) s.batteryPct(),
                    (long) s.telemetryStateCode(), (long) s.rssiDbm());
        } else if (sent instanceof ReservoirStatus r) {
            var got = published.getReservoirStatus();
            assertThat(got.getPumpSerial()).isEqualTo(r.pumpSerial());
            assertThat(List.of(got.getTsMs(), (long) got.getVolumeUl(), (long) got.getLowAlarmThresholdUl(),
                    (long) got.getDrugCode(), (long) got.getConcentrationUgPerMl(), got.getLastRefillTsMs()))
                    .containsExactly(r.tsMs(), r.volumeUl(), r.lowAlarmThresholdUl(), (long) r.drugCode(),
                            r.concentrationUgPerMl(), r.lastRefillTsMs());
            assertThat(got.getVolumeMl()).isCloseTo(r.volumeUl() / 1000.0, within(1e-9));
        } else if (sent instanceof FlowStatus f) {
            var got = published.getFlowStatus();
            assertThat(got.getPumpSerial()).isEqualTo(f.pumpSerial());
            assertThat(List.of(got.getTsMs(), (long) got.getModeCode(), (long) got.getRateNlPerHour(),
                    (long) got.getBolusRemainingUl(), (long) got.getDeliveredSinceRefillUl(),
                    (long) got.getStepIndex(), (long) got.getStepCount()))
                    .containsExactly(f.tsMs(), (long) f.modeCode(), f.rateNlPerHour(), f.bolusRemainingUl(),
                            f.deliveredSinceRefillUl(), (long) f.stepIndex(), (long) f.stepCount());
            assertThat(got.getRateMlPerDay()).isCloseTo(f.rateNlPerHour() * 24 / 1e6, within(1e-9));
        } else if (sent instanceof BatteryStatus b) {
            var got = published.getBatteryStatus();
            assertThat(got.getPumpSerial()).isEqualTo(b.pumpSerial());
            assertThat(List.of(got.getTsMs(), (long) got.getVoltageMv(), (long) got.getStateCode(),
                    (long) got.getDaysToEri())).containsExactly(b.tsMs(), (long) b.voltageMv(), (long) b.stateCode(),
                    (long) b.daysToEri());
        }
        if (sent instanceof io.pumplink.protocol.message.PumpMessage pump) {
            assertThat(header.getPumpSerial()).isEqualTo(pump.pumpSerial());
            assertThat(header.getDeviceTimeMs()).isEqualTo(pump.tsMs());
        }
    }
}
