package io.pumplink.gateway.publish;

import static io.pumplink.gateway.model.TestFrames.COMPLETE;
import static io.pumplink.gateway.model.TestFrames.PATIENT;
import static io.pumplink.gateway.model.TestFrames.PROGRAMMER;
import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.TS;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.pumplink.gateway.alerts.AlertEngine;
import io.pumplink.gateway.alerts.ClinicalStateFile;
import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.Interpreter;
import io.pumplink.gateway.model.MessageIds;
import io.pumplink.gateway.model.TestFrames;
import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.gateway.store.JournalRecord;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.Envelope.BodyCase;
import io.pumplink.proto.v1.InterrogationRecord;
import io.pumplink.proto.v1.SessionOutcome;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ProgrammerStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DispatcherTest {
    private static final String PUMPS = "pumplink/v1/pumps/NGP-4711/";
    private static final String PROGRAMMERS = "pumplink/v1/programmers/PRG-000123/";
    private static final long RECEIVED_MS = TS + 250;
    private static final Duration ROUND_WAIT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private ActiveAlarmBook book;
    private int sequence;

    /** One expected publication: topic, retained, body. */
    record Out(String topic, boolean retained, BodyCase body) {
    }

    private Dispatcher dispatcher(boolean jsonMirror) {
        book = new ActiveAlarmBook(dir.resolve("active-alarms.bin"));
        AtomicLong ids = new AtomicLong();
        return new Dispatcher(TestFrames.GATEWAY, new Topics(Topics.DEFAULT_PREFIX), PumpNames.REAL, jsonMirror,
                new Interpreter(ClinicalSettings.DEFAULTS), new AlertEngine(ClinicalSettings.DEFAULTS,
                ids::incrementAndGet), book, new ClinicalStateFile(dir.resolve("clinical-state.json")), ROUND_WAIT,
                Duration.ofSeconds(5));
    }

    /** Dispatches the message as the next journal entry from a PTL 1.0 programmer; its sequence is the frame's seq. */
    private Dispatch accept(Dispatcher dispatcher, Message message) {
        sequence++;
        return dispatcher.accept(sequence, new JournalRecord.Frame(TestFrames.received(sequence, message,
                RECEIVED_MS)));
    }

    /** The same from a PTL 1.1 programmer. */
    private Dispatch accept11(Dispatcher dispatcher, Message message) {
        sequence++;
        return dispatcher.accept(sequence, new JournalRecord.Frame(TestFrames.received11(sequence, message,
                RECEIVED_MS)));
    }

    /** Accepts, then lets a held status round wait out its time. */
    private List<Publication> acceptAndWait(Dispatcher dispatcher, Message message) {
        List<Publication> out = new ArrayList<>(accept(dispatcher, message).publications());
        out.addAll(dispatcher.tick(RECEIVED_MS + ROUND_WAIT.toMillis(), Duration.ofMinutes(5).toMillis())
                .publications());
        return out;
    }

    static Envelope envelope(Publication publication) {
        try {
            return Envelope.parseFrom(publication.payload());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("payload is not an Envelope: " + publication, e);
        }
    }

    private static Envelope jsonEnvelope(Publication publication) throws InvalidProtocolBufferException {
        Envelope.Builder parsed = Envelope.newBuilder();
        JsonFormat.parser().merge(new String(publication.payload(), StandardCharsets.UTF_8), parsed);
        return parsed.build();
    }

    static Stream<Arguments> publishedKinds() {
        return Stream.of(
                Arguments.of(new ProgrammerStatus(TS, 80, 1, -60),
                        List.of(new Out(PROGRAMMERS + "status", true, BodyCase.PROGRAMMER_STATUS))),
                Arguments.of(TestFrames.identity(PUMP),
                        List.of(new Out(PUMPS + "identity", true, BodyCase.PUMP_IDENTITY))),
                Arguments.of(TestFrames.reservoir(PUMP, 12_345, 2000),
                        List.of(new Out(PUMPS + "reservoir", true, BodyCase.RESERVOIR_STATUS))),
                Arguments.of(TestFrames.flow(PUMP, TestFrames.HALF_ML_PER_DAY),
                        List.of(new Out(PUMPS + "flow", true, BodyCase.FLOW_STATUS))),
                Arguments.of(TestFrames.battery(PUMP),
                        List.of(new Out(PUMPS + "battery", true, BodyCase.BATTERY_STATUS))),
                Arguments.of(TestFrames.therapy(PUMP, 300_000),
                        List.of(new Out(PUMPS + "therapy", true, BodyCase.THERAPY_SUMMARY))),
                Arguments.of(TestFrames.alarm(PUMP, 9, AlarmState.RAISED),
                        List.of(new Out(PUMPS + "alarm", false, BodyCase.ALARM),
                                new Out(PUMPS + "alarms/active", true, BodyCase.ACTIVE_ALARMS))),
                Arguments.of(TestFrames.alarm("", 3, 0x0100, AlarmState.RAISED.code()),
                        List.of(new Out(PROGRAMMERS + "alarm", false, BodyCase.ALARM))),
                Arguments.of(new Hello(1, PROGRAMMER, 2, 4, 17, 7, 1000), List.of()),
                Arguments.of(new Heartbeat(1000), List.of()),
                Arguments.of(new CommandResult(77, 0), List.of()),
                Arguments.of(TestFrames.begin(PUMP, 7), List.of()),
                Arguments.of(TestFrames.entry(PUMP, 7, 0), List.of()));
    }

    @ParameterizedTest
    @MethodSource("publishedKinds")
    void eachKindGoesToItsTopicsAsQos1ProtobufEnvelopes(Message message, List<Out> expected) {
        List<Publication> publications = acceptAndWait(dispatcher(false), message);

        assertThat(publications).map(p -> new Out(p.topic(), p.retained(), envelope(p).getBodyCase()))
                .containsExactlyElementsOf(expected);
        assertThat(publications).allSatisfy(p -> {
            assertThat(p.qos()).isEqualTo(1);
            assertThat(p.contentType()).isEqualTo("application/x-protobuf; proto=pumplink.v1.Envelope");
            assertThat(p.userProperties()).containsExactlyEntriesOf(
                    Map.of("message-id", envelope(p).getHeader().getMessageId()));
        });
        if (!expected.isEmpty()) {
            Envelope own = envelope(publications.get(0));
            assertThat(own.getHeader().getMessageId()).isEqualTo(MessageIds.of(PROGRAMMER, Packet.of(1, message)));
            assertThat(own.getHeader().getGatewayId()).isEqualTo(TestFrames.GATEWAY);
            assertThat(own.getHeader().getGatewayReceiveTimeMs()).isEqualTo(RECEIVED_MS);
        }
    }

    @ParameterizedTest
    @MethodSource("publishedKinds")
    void jsonMirrorRepeatsEachPublicationUnderTheJsonTree(Message message, List<Out> expected) throws Exception {
        List<Publication> publications = acceptAndWait(dispatcher(true), message);

        assertThat(publications).hasSize(2 * expected.size());
        for (int i = 0; i < publications.size(); i += 2) {
            Publication proto = publications.get(i);
            Publication json = publications.get(i + 1);
            assertThat(json.topic()).isEqualTo(proto.topic().replace("pumplink/v1/", "pumplink/v1/json/"));
            assertThat(json.contentType()).isEqualTo("application/json; proto=pumplink.v1.Envelope");
            assertThat(json.retained()).isEqualTo(proto.retained());
            assertThat(json.qos()).isEqualTo(1);
            assertThat(json.userProperties()).isEqualTo(proto.userProperties());
            assertThat(jsonEnvelope(json)).isEqualTo(envelope(proto));
        }
    }

    @Test
    void activeSetIsRaisedThenEmptiedByTheClear() {
        Dispatcher dispatcher = dispatcher(false);

        Envelope afterRaise = activeSet(accept(dispatcher, TestFrames.alarm(PUMP, 9, AlarmState.RAISED)));
        Envelope afterClear = activeSet(accept(dispatcher, TestFrames.alarm(PUMP, 9, AlarmState.CLEARED)));

        assertThat(afterRaise.getActiveAlarms().getAlarmsList()).singleElement()
                .satisfies(alarm -> assertThat(alarm.getAlarmId()).isEqualTo(9));
        assertThat(afterRaise.getActiveAlarms().getPumpSerial()).isEqualTo(PUMP);
        assertThat(afterRaise.getActiveAlarms().getUpdatedAtMs()).isEqualTo(RECEIVED_MS);
        assertThat(afterClear.getActiveAlarms().getAlarmsList()).isEmpty();
        assertThat(afterClear.getHeader().getMessageId()).isEqualTo("active-alarms:NGP-4711:alarm:NGP-4711:9:2");
    }

    private static Envelope activeSet(Dispatch dispatch) {
        return dispatch.publications().stream().filter(p -> p.topic().equals(PUMPS + "alarms/active"))
                .map(DispatcherTest::envelope).findFirst().orElseThrow();
    }

    /** The priority lane: the event and the active set go ahead; in its turn the entry publishes neither again. */
    @Test
    void anAlarmAheadIsPublishedOnceAndReleasedInItsTurn() {
        Dispatcher dispatcher = dispatcher(false);
        sequence++;
        JournalRecord.Frame stall = new JournalRecord.Frame(TestFrames.received(sequence,
                TestFrames.alarm(PUMP, 9, AlarmState.RAISED), RECEIVED_MS));

        Dispatch ahead = dispatcher.alarmAhead(stall);
        Dispatch inTurn = dispatcher.accept(sequence, stall, true);

        assertThat(ahead.publications()).extracting(Publication::topic)
                .containsExactly(PUMPS + "alarm", PUMPS + "alarms/active");
        assertThat(ahead.releases()).as("released in its turn").isEmpty();
        assertThat(activeSet(ahead).getActiveAlarms().getAlarmsList()).singleElement()
                .satisfies(alarm -> assertThat(alarm.getAlarmId()).isEqualTo(9));
        assertThat(inTurn.publications()).isEmpty();
        assertThat(inTurn.releases()).containsExactly((long) sequence);
        assertThat(book.active(PUMP).pumpAlarms()).hasSize(1);
    }

    /**
     * Issue 11 item 5: an identity conflict, ahead and in its turn, is published under a message id of its own
     * (so that subscribers do not drop it as a repeat) that names the stored frame's.
     */
    @Test
    void anIdentityConflictIsPublishedWithAMessageIdOfItsOwn() {
        Dispatcher dispatcher = dispatcher(false);
        sequence++;
        JournalRecord.Frame conflict = new JournalRecord.Frame(TestFrames.received(sequence,
                TestFrames.alarm(PUMP, 9, 0x0003, AlarmState.RAISED.code()), RECEIVED_MS),
                Optional.of("conflict-00ff00ff00ff00ff"));

        for (Dispatch dispatch : List.of(dispatcher.alarmAhead(conflict), dispatcher.accept(sequence, conflict))) {
            Publication event = dispatch.publications().get(0);
            assertThat(event.topic()).isEqualTo(PUMPS + "alarm");
            String ownId = "alarm:NGP-4711:9:1:conflict-00ff00ff00ff00ff";
            assertThat(envelope(event).getHeader().getMessageId()).isEqualTo(ownId);
            assertThat(envelope(event).getHeader().getConflictsWithMessageId()).isEqualTo("alarm:NGP-4711:9:1");
            assertThat(event.userProperties()).containsEntry(Dispatcher.MESSAGE_ID, ownId);
        }
    }

    @Test
    void programmerSideAlarmJoinsNoActiveSet() {
        accept(dispatcher(false), TestFrames.alarm("", 3, 0x0100, AlarmState.RAISED.code()));

        assertThat(book.pumpAlarms()).isEmpty();
    }

    @Test
    void frameOutsideASessionIsReleasedWithItsOwnPublications() {
        Dispatch dispatch = accept(dispatcher(false), TestFrames.battery(PUMP));

        assertThat(dispatch.publications()).hasSize(1);
        assertThat(dispatch.releases()).containsExactly((long) sequence);
    }

    @Test
    void sessionFramesAreHeldUntilTheRecordIsPublished() {
        Dispatcher dispatcher = dispatcher(false);
        List<Dispatch> held = Stream.<Message>of(TestFrames.begin(PUMP, 7), TestFrames.identity(PUMP),
                        TestFrames.reservoir(PUMP, 12_345, 2000), TestFrames.entry(PUMP, 7, 1),
                        TestFrames.entry(PUMP, 7, 0))
                .map(message -> accept(dispatcher, message)).toList();
        Dispatch alarm = accept(dispatcher, TestFrames.alarm(PUMP, 9, AlarmState.RAISED));
        long alarmSequence = sequence;

        Dispatch end = accept(dispatcher, TestFrames.end(PUMP, 7, 2, COMPLETE));

        assertThat(held).allSatisfy(dispatch -> assertThat(dispatch.releases()).isEmpty());
        // snapshots still update their retained topics at once
        assertThat(held.get(1).publications()).map(Publication::topic).containsExactly(PUMPS + "identity");
        assertThat(alarm.releases()).containsExactly(alarmSequence);
        assertThat(end.releases()).containsExactly(1L, 2L, 3L, 4L, 5L, 7L);
        assertThat(end.publications()).singleElement().satisfies(p -> {
            assertThat(p.topic()).isEqualTo(PUMPS + "interrogation");
            assertThat(p.retained()).isFalse();
            assertThat(p.userProperties()).containsEntry("message-id", "interrogation:NGP-4711:7");
            InterrogationRecord record = envelope(p).getInterrogationRecord();
            assertThat(record.getComplete()).isTrue();
            assertThat(record.getSessionId()).isEqualTo(7);
            assertThat(record.getPatientRef()).isEqualTo(PATIENT);
            assertThat(record.getOutcome()).isEqualTo(SessionOutcome.SESSION_OUTCOME_COMPLETE);
            assertThat(record.getEntryCountExpected()).isEqualTo(2);
            assertThat(record.getEntryCountReceived()).isEqualTo(2);
            assertThat(record.getLogEntriesList()).extracting(e -> e.getIndex()).containsExactly(0, 1);
            assertThat(record.getAlarmsList()).extracting(a -> a.getAlarmId()).containsExactly(9);
            assertThat(record.hasIdentity()).isTrue();
            assertThat(record.hasReservoir()).isTrue();
            assertThat(record.hasFlow()).isFalse();
        });
        assertThat(dispatcher.openSessions()).isZero();
    }

    @Test
    void abandonedSessionIsPublishedByCloseIdleWithItsTokens() {
        Dispatcher dispatcher = dispatcher(false);
        accept(dispatcher, TestFrames.begin(PUMP, 7));
        accept(dispatcher, TestFrames.entry(PUMP, 7, 0));

        assertThat(dispatcher.tick(RECEIVED_MS + 59_999, 60_000).isEmpty()).isTrue();
        Dispatch closed = dispatcher.tick(RECEIVED_MS + 60_000, 60_000);

        assertThat(closed).satisfies(dispatch -> {
            assertThat(dispatch.releases()).containsExactly(1L, 2L);
            InterrogationRecord record = envelope(dispatch.publications().get(0)).getInterrogationRecord();
            assertThat(record.getComplete()).isFalse();
            assertThat(record.getSessionEndReceived()).isFalse();
            assertThat(record.hasOutcomeCode()).isFalse();
            assertThat(record.getOutcome()).isEqualTo(SessionOutcome.SESSION_OUTCOME_UNSPECIFIED);
            assertThat(record.getCloseReason()).isEqualTo("no SESSION_END within 60 s");
        });
    }
}
