package io.pumplink.gateway.model;

import static io.pumplink.gateway.model.TestFrames.ABORTED;
import static io.pumplink.gateway.model.TestFrames.COMPLETE;
import static io.pumplink.gateway.model.TestFrames.PATIENT;
import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.alarm;
import static io.pumplink.gateway.model.TestFrames.battery;
import static io.pumplink.gateway.model.TestFrames.begin;
import static io.pumplink.gateway.model.TestFrames.end;
import static io.pumplink.gateway.model.TestFrames.entry;
import static io.pumplink.gateway.model.TestFrames.flow;
import static io.pumplink.gateway.model.TestFrames.identity;
import static io.pumplink.gateway.model.TestFrames.reservoir;
import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.NakReason;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.RejectedFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SessionAssemblerTest {
    private static final String OTHER_PUMP = "NGP-0815";
    private static final long SESSION = 7;

    private final SessionAssembler assembler = new SessionAssembler();
    private final List<Long> tokensGiven = new ArrayList<>();
    private long nowMs = 1_000;

    /** Accepts the message with the next token, one second after the previous one. */
    private SessionAssembler.Outcome accept(Message message) {
        long token = tokensGiven.size() + 100L;
        tokensGiven.add(token);
        nowMs += 1_000;
        return assembler.accept(TestFrames.observation(message), token, nowMs);
    }

    /** Accepts every message; only the last may close a session, which is returned. */
    private Interrogation acceptAll(Message... messages) {
        for (int i = 0; i < messages.length - 1; i++) {
            assertThat(accept(messages[i]).closed()).as("closed by %s", messages[i]).isEmpty();
        }
        return accept(messages[messages.length - 1]).closed().orElseThrow();
    }

    private static List<Integer> indices(Interrogation session) {
        return session.logEntries().stream()
                .map(o -> ((LogEntry) ((Packet) o.inbound()).message()).index()).toList();
    }

    @Test
    void completeSessionInIcdOrderIsOneInterrogationHoldingEveryToken() {
        List<SessionAssembler.Outcome> held = new ArrayList<>();
        for (Message message : List.of(begin(PUMP, SESSION), identity(PUMP), reservoir(PUMP, 12_345, 2000),
                flow(PUMP, 20_833), battery(PUMP), entry(PUMP, SESSION, 2), entry(PUMP, SESSION, 0),
                entry(PUMP, SESSION, 1))) {
            held.add(accept(message));
        }
        assertThat(held).allSatisfy(outcome -> {
            assertThat(outcome.inSession()).isTrue();
            assertThat(outcome.closed()).isEmpty();
        });

        SessionAssembler.Outcome last = accept(end(PUMP, SESSION, 3, COMPLETE));

        assertThat(last.inSession()).isTrue();
        Interrogation session = last.closed().orElseThrow();
        assertThat(session.complete()).isTrue();
        assertThat(session.pumpSerial()).isEqualTo(PUMP);
        assertThat(session.sessionId()).isEqualTo(SESSION);
        assertThat(session.begin()).contains(begin(PUMP, SESSION));
        assertThat(session.end()).contains(end(PUMP, SESSION, 3, COMPLETE));
        assertThat(List.of(session.identity(), session.reservoir(), session.flow(), session.battery()))
                .allSatisfy(snapshot -> assertThat(snapshot).isPresent());
        assertThat(indices(session)).containsExactly(0, 1, 2);
        assertThat(session.missingIndex()).isEmpty();
        assertThat(session.closeReason()).isEqualTo("session end");
        assertThat(session.tokens()).containsExactlyElementsOf(tokensGiven);
        assertThat(assembler.openSessions()).isZero();
    }

    @Test
    void duplicateLogEntryIndexKeepsTheFirstButHoldsBothTokens() {
        LogEntry first = entry(PUMP, SESSION, 0);
        LogEntry again = new LogEntry(first.tsMs(), PUMP, SESSION, 0, first.eventCode(), 1, 2, 3);

        Interrogation session = acceptAll(begin(PUMP, SESSION), first, again, end(PUMP, SESSION, 1, COMPLETE));

        assertThat(session.logEntries()).singleElement()
                .satisfies(o -> assertThat(((Packet) o.inbound()).message()).isEqualTo(first));
        assertThat(session.complete()).isTrue();
        assertThat(session.tokens()).containsExactlyElementsOf(tokensGiven);
    }

    @Test
    void indicesBelowTheAnnouncedCountThatNeverArrivedAreMissing() {
        Interrogation session = acceptAll(begin(PUMP, SESSION), entry(PUMP, SESSION, 0), entry(PUMP, SESSION, 2),
                end(PUMP, SESSION, 5, COMPLETE));

        assertThat(session.missingIndex()).containsExactly(1, 3, 4);
        assertThat(session.complete()).isFalse();
    }

    @Test
    void abortedSessionIsNotComplete() {
        Interrogation session = acceptAll(begin(PUMP, SESSION), entry(PUMP, SESSION, 0),
                end(PUMP, SESSION, 1, ABORTED));

        assertThat(session.missingIndex()).isEmpty();
        assertThat(session.complete()).isFalse();
    }

    @Test
    void entriesWithoutSessionBeginAreStillAssembled() {
        Interrogation session = acceptAll(entry(PUMP, SESSION, 1), entry(PUMP, SESSION, 0),
                end(PUMP, SESSION, 2, COMPLETE));

        assertThat(session.begin()).isEmpty();
        assertThat(indices(session)).containsExactly(0, 1);
        assertThat(session.tokens()).containsExactlyElementsOf(tokensGiven);
    }

    /** Issue 11 item 7: without its SESSION_BEGIN the record lacks the session's start: it is not complete. */
    @Test
    void sessionEndWithoutSessionBeginIsNotComplete() {
        Interrogation session = acceptAll(entry(PUMP, SESSION, 0), end(PUMP, SESSION, 1, COMPLETE));

        assertThat(session.missingIndex()).isEmpty();
        assertThat(session.complete()).isFalse();
    }

    @Test
    void sessionBeginOvertakenByItsOwnEntriesJoinsTheirSession() {
        // SESSION_BEGIN lost once and retransmitted after the entries that followed it
        Interrogation session = acceptAll(entry(PUMP, SESSION, 0), begin(PUMP, SESSION), entry(PUMP, SESSION, 1),
                end(PUMP, SESSION, 2, COMPLETE));

        assertThat(session.begin()).contains(begin(PUMP, SESSION));
        assertThat(indices(session)).containsExactly(0, 1);
        assertThat(session.complete()).isTrue();
        assertThat(session.tokens()).containsExactlyElementsOf(tokensGiven);
    }

    @Test
    void newSessionBeginSupersedesTheOpenSessionAndHandsBackItsTokens() {
        accept(begin(PUMP, SESSION));
        accept(entry(PUMP, SESSION, 0));
        List<Long> oldTokens = List.copyOf(tokensGiven);

        SessionAssembler.Outcome outcome = accept(begin(PUMP, SESSION + 1));

        assertThat(outcome.inSession()).isTrue();
        Interrogation superseded = outcome.closed().orElseThrow();
        assertThat(superseded.sessionId()).isEqualTo(SESSION);
        assertThat(superseded.end()).isEmpty();
        assertThat(superseded.complete()).isFalse();
        assertThat(superseded.closeReason()).isEqualTo("superseded by session 8");
        assertThat(superseded.tokens()).containsExactlyElementsOf(oldTokens);
        assertThat(assembler.openSessions()).isOne();
    }

    @Test
    void entriesOfAnotherSessionDisplaceTheOpenOneWithoutLosingItsTokens() {
        accept(begin(PUMP, SESSION));
        accept(entry(PUMP, SESSION, 0));
        List<Long> oldTokens = List.copyOf(tokensGiven);

        assertThat(accept(entry(PUMP, SESSION + 1, 0)).inSession()).isTrue();
        List<Interrogation> closed = assembler.closeIdle(nowMs, 60_000);

        assertThat(closed).singleElement().satisfies(session -> {
            assertThat(session.sessionId()).isEqualTo(SESSION);
            assertThat(session.closeReason()).isEqualTo("superseded by session 8");
            assertThat(session.tokens()).containsExactlyElementsOf(oldTokens);
        });
        assertThat(assembler.openSessions()).isOne();
    }

    @Test
    void closeIdleClosesOnlySessionsIdleForTheGivenTime() {
        accept(begin(PUMP, SESSION));
        accept(entry(PUMP, SESSION, 0));
        long lastSeen = nowMs;
        accept(begin(OTHER_PUMP, 1));
        long idleMs = 60_000;

        assertThat(assembler.closeIdle(lastSeen + idleMs - 1, idleMs)).isEmpty();
        List<Interrogation> closed = assembler.closeIdle(lastSeen + idleMs, idleMs);

        assertThat(closed).singleElement().satisfies(session -> {
            assertThat(session.pumpSerial()).isEqualTo(PUMP);
            assertThat(session.closeReason()).isEqualTo("no SESSION_END within 60 s");
            assertThat(session.end()).isEmpty();
            assertThat(session.tokens()).containsExactlyElementsOf(tokensGiven.subList(0, 2));
        });
        assertThat(assembler.openSessions()).isOne();
    }

    @Test
    void statusFramesOfAPumpWithoutAnOpenSessionAreOutside() {
        accept(begin(OTHER_PUMP, 1));

        for (Message message : List.of(identity(PUMP), reservoir(PUMP, 12_345, 2000), flow(PUMP, 20_833),
                battery(PUMP), new ProgrammerStatus(TestFrames.TS, 80, 1, -60), new Heartbeat(5))) {
            assertThat(accept(message)).as("%s", message).isEqualTo(new SessionAssembler.Outcome(false,
                    Optional.empty()));
        }
        RejectedFrame rejected = new RejectedFrame(0x7F, 3, 0, NakReason.UNKNOWN_TYPE, "unknown type 0x7f");
        Observation rejectedObservation = new Observation(TestFrames.observation(identity(PUMP)).origin(), rejected,
                Derived.NONE);
        assertThat(assembler.accept(rejectedObservation, 1, nowMs).inSession()).isFalse();
    }

    @Test
    void alarmsDuringASessionAreListedButStayOutside() {
        accept(begin(PUMP, SESSION));
        Alarm raised = alarm(PUMP, 9, AlarmState.RAISED);
        SessionAssembler.Outcome outcome = accept(raised);
        long alarmToken = tokensGiven.get(tokensGiven.size() - 1);

        Interrogation session = acceptAll(end(PUMP, SESSION, 0, COMPLETE));

        assertThat(outcome.inSession()).isFalse();
        assertThat(session.alarms()).containsExactly(raised);
        assertThat(session.tokens()).doesNotContain(alarmToken).hasSize(2);
    }

    @Test
    void toStringNeverShowsThePatientReference() {
        Interrogation session = acceptAll(begin(PUMP, SESSION), end(PUMP, SESSION, 0, COMPLETE));

        assertThat(session.begin().orElseThrow().patientRef()).isEqualTo(PATIENT);
        assertThat(session.toString()).contains(PUMP).doesNotContain(PATIENT);
    }

    /** Entries in any order after the begin, with repeats: distinct, ordered, the gaps reported, every token back. */
    @Property(tries = 200)
    void anyArrivalOrderGivesOrderedDistinctEntries(
            @ForAll @Size(max = 30) List<@IntRange(max = 24) Integer> arrivals,
            @ForAll @IntRange(max = 25) int announced) {
        SessionAssembler sessions = new SessionAssembler();
        List<Long> tokens = new ArrayList<>(List.of(0L));
        sessions.accept(TestFrames.observation(begin(PUMP, SESSION)), 0, 0); // without it no record is complete
        for (int index : arrivals) {
            tokens.add((long) tokens.size());
            sessions.accept(TestFrames.observation(entry(PUMP, SESSION, index)), tokens.size() - 1, 0);
        }
        tokens.add((long) tokens.size());
        Interrogation session = sessions.accept(TestFrames.observation(end(PUMP, SESSION, announced, COMPLETE)),
                tokens.size() - 1, 0).closed().orElseThrow();

        TreeSet<Integer> distinct = new TreeSet<>(arrivals);
        assertThat(indices(session)).containsExactlyElementsOf(distinct);
        assertThat(session.missingIndex()).containsExactlyElementsOf(
                IntStream.range(0, announced).filter(i -> !distinct.contains(i)).boxed().toList());
        assertThat(session.complete()).isEqualTo(distinct.equals(new TreeSet<>(
                IntStream.range(0, announced).boxed().toList())));
        assertThat(session.tokens()).containsExactlyElementsOf(tokens);
    }
}
