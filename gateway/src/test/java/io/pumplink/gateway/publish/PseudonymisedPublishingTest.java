package io.pumplink.gateway.publish;

import static io.pumplink.gateway.model.TestFrames.COMPLETE;
import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.TS;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.pumplink.gateway.alerts.AlertEngine;
import io.pumplink.gateway.alerts.ClinicalStateFile;
import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.model.Interpreter;
import io.pumplink.gateway.model.TestFrames;
import io.pumplink.gateway.mqtt.Publication;
import io.pumplink.gateway.store.JournalRecord;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.ProgrammerStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code mqtt.pseudonymKeyFile}, the real pump serial leaves in no topic, message id, user property or payload
 * field (Protobuf and the JSON mirror), unless {@code serialsInPayload} puts it back into the payloads. Every kind
 * of pump publication is produced: state, an alarm and its active set, an identity conflict, a gateway alert and
 * an interrogation record; the bytes are searched for the serial.
 */
class PseudonymisedPublishingTest {
    private static final Pseudonyms KEYED = Pseudonyms.keyed(PseudonymsTest.KEY.getBytes(StandardCharsets.UTF_8));
    private static final String PSEUDONYM = PseudonymsTest.NGP_4711;
    private static final Topics TOPICS = new Topics(Topics.DEFAULT_PREFIX);
    private static final Duration ROUND_WAIT = Duration.ofSeconds(2);
    private static final String CONFLICT = "conflict-0123456789abcdef";
    private static final int MOTOR_STALL = 0x0003;

    @TempDir
    Path dir;

    private ActiveAlarmBook book;
    private Dispatcher dispatcher;
    private final List<Publication> published = new ArrayList<>();
    private int sequence;

    @Test
    void withAKeyNoTopicIdPropertyOrPayloadCarriesTheSerial() throws Exception {
        run(new PumpNames(KEYED, false));

        assertThat(published).extracting(Publication::topic)
                .allSatisfy(topic -> assertThat(topic).doesNotContain(PUMP))
                .contains(TOPICS.pump(PSEUDONYM, "identity"), TOPICS.pump(PSEUDONYM, "reservoir"),
                        TOPICS.pump(PSEUDONYM, "flow"), TOPICS.pump(PSEUDONYM, "therapy"),
                        TOPICS.pump(PSEUDONYM, "battery"), TOPICS.pump(PSEUDONYM, "alarm"),
                        TOPICS.pump(PSEUDONYM, "alarms/active"), TOPICS.pump(PSEUDONYM, "interrogation"),
                        TOPICS.json().pump(PSEUDONYM, "interrogation"));
        assertThat(published).allSatisfy(publication -> {
            assertThat(new String(publication.payload(), StandardCharsets.ISO_8859_1)).doesNotContain(PUMP);
            assertThat(publication.userProperties().values()).noneMatch(value -> value.contains(PUMP));
        });
        assertThat(pumpEnvelopes()).allSatisfy(envelope -> {
            assertThat(envelope.getHeader().getPumpSerial()).isEqualTo(PSEUDONYM);
            assertThat(envelope.getHeader().getPumpSerialPseudonymised()).isTrue();
        });
        assertThat(envelopes()).filteredOn(envelope -> envelope.getHeader().getPumpSerial().isEmpty())
                .as("programmer-level").isNotEmpty()
                .allSatisfy(envelope -> assertThat(envelope.getHeader().getPumpSerialPseudonymised()).isFalse());
        assertThat(envelopes()).filteredOn(envelope -> !envelope.getHeader().getConflictsWithMessageId().isEmpty())
                .hasSize(2).allSatisfy(envelope -> assertThat(envelope.getHeader().getConflictsWithMessageId())
                        .isEqualTo("alarm:" + PSEUDONYM + ":5:1"));
    }

    @Test
    void serialsInPayloadKeepTheSerialInPayloadsButNotInTopics() throws Exception {
        run(new PumpNames(KEYED, true));

        assertThat(published).extracting(Publication::topic)
                .allSatisfy(topic -> assertThat(topic).doesNotContain(PUMP))
                .contains(TOPICS.pump(PSEUDONYM, "interrogation"));
        assertThat(published).filteredOn(publication -> publication.topic().contains(PSEUDONYM))
                .allSatisfy(publication -> assertThat(new String(publication.payload(), StandardCharsets.ISO_8859_1))
                        .contains(PUMP).doesNotContain(PSEUDONYM));
        assertThat(pumpEnvelopes()).allSatisfy(envelope -> {
            assertThat(envelope.getHeader().getPumpSerial()).isEqualTo(PUMP);
            assertThat(envelope.getHeader().getPumpSerialPseudonymised()).isFalse();
        });
        assertThat(envelopes()).filteredOn(envelope -> envelope.hasInterrogationRecord()).hasSize(2)
                .allSatisfy(envelope -> assertThat(envelope.getInterrogationRecord().getLogEntries(0).getPumpSerial())
                        .isEqualTo(PUMP));
    }

    @Test
    void withoutAKeyTopicsAndPayloadsCarryTheSerial() throws Exception {
        run(PumpNames.REAL);

        assertThat(published).extracting(Publication::topic).contains(TOPICS.pump(PUMP, "interrogation"))
                .noneMatch(topic -> topic.contains(PSEUDONYM));
        assertThat(pumpEnvelopes()).allSatisfy(envelope -> {
            assertThat(envelope.getHeader().getPumpSerial()).isEqualTo(PUMP);
            assertThat(envelope.getHeader().getPumpSerialPseudonymised()).isFalse();
        });
    }

    @Test
    void theActiveAlarmBookKeepsTheRealSerial() throws Exception {
        run(new PumpNames(KEYED, false));

        assertThat(book.active(PUMP).pumpAlarms()).isNotEmpty();
        assertThat(book.active(PSEUDONYM).pumpAlarms()).isEmpty();
    }

    /** Every kind of pump publication, with the JSON mirror on. */
    private void run(PumpNames names) throws Exception {
        ClinicalSettings settings = ClinicalSettings.DEFAULTS;
        AtomicLong ids = new AtomicLong();
        book = new ActiveAlarmBook(dir.resolve("active-alarms.bin"));
        dispatcher = new Dispatcher(TestFrames.GATEWAY, TOPICS, names, true, new Interpreter(settings),
                new AlertEngine(settings, ids::incrementAndGet), book,
                new ClinicalStateFile(dir.resolve("clinical-state.json")), ROUND_WAIT, Duration.ofSeconds(5));
        frame(TestFrames.identity(PUMP), Optional.empty());
        frame(TestFrames.reservoir(PUMP, 12_345, 2000), Optional.empty());
        frame(TestFrames.flow(PUMP, TestFrames.HALF_ML_PER_DAY), Optional.empty());
        frame(TestFrames.therapy(PUMP, 300_000), Optional.empty());
        frame(TestFrames.battery(PUMP), Optional.empty());
        frame(new Alarm(TS + 1000, PUMP, 5, MOTOR_STALL, 3, AlarmState.RAISED.code(), 0), Optional.empty());
        frame(new Alarm(TS + 1000, PUMP, 5, MOTOR_STALL, 2, AlarmState.RAISED.code(), 0), Optional.of(CONFLICT));
        frame(TestFrames.begin(PUMP, 7), Optional.empty());
        frame(TestFrames.entry(PUMP, 7, 0), Optional.empty());
        frame(TestFrames.end(PUMP, 7, 1, COMPLETE), Optional.empty());
        frame(new ProgrammerStatus(TS, 80, 1, -60), Optional.empty());
        frame(TestFrames.alarm("", 3, AlarmState.RAISED), Optional.empty());
        collect(dispatcher.tick(TS + ROUND_WAIT.toMillis() + 1000, Duration.ofMinutes(5).toMillis()));
        assertThat(envelopes()).anyMatch(envelope -> envelope.getAlarm().getName().equals("THERAPY_INTERRUPTED"));
    }

    @AfterEach
    void close() throws Exception {
        dispatcher.close();
    }

    private void frame(Message message, Optional<String> conflict) {
        sequence++;
        collect(dispatcher.accept(sequence, new JournalRecord.Frame(TestFrames.received11(sequence, message, TS),
                conflict)));
    }

    /** As the publish loop does: the alerts concluded are journaled and dispatched in turn. */
    private void collect(Dispatch dispatch) {
        published.addAll(dispatch.publications());
        for (GatewayAlert alert : dispatch.alerts()) {
            sequence++;
            collect(dispatcher.accept(sequence, new JournalRecord.Alert(alert)));
        }
    }

    /** Protobuf and JSON mirror alike: each message twice. */
    private List<Envelope> envelopes() {
        return published.stream().map(PseudonymisedPublishingTest::envelope).toList();
    }

    private List<Envelope> pumpEnvelopes() {
        List<Envelope> pumps = published.stream().filter(p -> p.topic().contains("/pumps/"))
                .map(PseudonymisedPublishingTest::envelope).toList();
        assertThat(pumps).hasSizeGreaterThan(10);
        return pumps;
    }

    /** The Protobuf payload, or the JSON mirror's parsed back. */
    private static Envelope envelope(Publication publication) {
        try {
            if (publication.contentType().equals(Dispatcher.JSON_CONTENT_TYPE)) {
                Envelope.Builder parsed = Envelope.newBuilder();
                JsonFormat.parser().merge(new String(publication.payload(), StandardCharsets.UTF_8), parsed);
                return parsed.build();
            }
            return Envelope.parseFrom(publication.payload());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not an Envelope on " + publication.topic(), e);
        }
    }
}
