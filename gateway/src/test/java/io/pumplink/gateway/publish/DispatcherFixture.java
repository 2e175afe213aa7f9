package io.pumplink.gateway.publish;

import io.pumplink.gateway.alerts.AlertEngine;
import io.pumplink.gateway.alerts.ClinicalStateFile;
import io.pumplink.gateway.link.ReceivedFrame;
import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.model.Interpreter;
import io.pumplink.gateway.model.TestFrames;
import io.pumplink.gateway.store.JournalRecord;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A dispatcher over a temporary directory, fed frames as journal entries in order, collecting every dispatch. The
 * alerts it concludes are journaled at once (as the publish loop does) and dispatched in turn.
 */
final class DispatcherFixture {
    static final Duration ROUND_WAIT = Duration.ofSeconds(2);
    static final long SESSION_IDLE_MS = Duration.ofMinutes(5).toMillis();

    final ActiveAlarmBook book;
    final Dispatcher dispatcher;
    final List<Dispatch> dispatches = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private long sequence;

    DispatcherFixture(Path dir, ClinicalSettings settings, boolean jsonMirror) {
        book = new ActiveAlarmBook(dir.resolve("active-alarms.bin"));
        dispatcher = new Dispatcher(TestFrames.GATEWAY, new Topics(Topics.DEFAULT_PREFIX), PumpNames.REAL, jsonMirror,
                new Interpreter(settings), new AlertEngine(settings, ids::incrementAndGet), book,
                new ClinicalStateFile(dir.resolve("clinical-state.json")), ROUND_WAIT, Duration.ofSeconds(5));
    }

    /** From a PTL 1.0 programmer. */
    Dispatch frame(Message message, long receiveTimeMs) {
        return frame(TestFrames.CAPABILITIES_1_0, message, receiveTimeMs);
    }

    /** From a PTL 1.1 programmer. */
    Dispatch frame11(Message message, long receiveTimeMs) {
        return frame(TestFrames.CAPABILITIES_1_1, message, receiveTimeMs);
    }

    private Dispatch frame(long capabilities, Message message, long receiveTimeMs) {
        sequence++;
        Packet packet = Packet.of((int) sequence & 0xFFFF, message);
        return dispatch(dispatcher.accept(sequence, new JournalRecord.Frame(new ReceivedFrame(TestFrames.LINK,
                TestFrames.PROGRAMMER, capabilities, receiveTimeMs, packet))));
    }

    Dispatch tick(long nowMs) {
        return dispatch(dispatcher.tick(nowMs, SESSION_IDLE_MS));
    }

    /** Journals the dispatch's alerts as the next entries, and dispatches them too. */
    private Dispatch dispatch(Dispatch dispatch) {
        dispatches.add(dispatch);
        for (GatewayAlert alert : dispatch.alerts()) {
            sequence++;
            dispatches.add(dispatcher.accept(sequence, new JournalRecord.Alert(alert)));
        }
        return dispatch;
    }

    /** Every alert raised or cleared so far, in order. */
    List<GatewayAlert> alerts() {
        return dispatches.stream().flatMap(d -> d.alerts().stream()).toList();
    }
}
