package io.pumplink.gateway.publish;

import io.pumplink.gateway.alerts.AlarmIdFile;
import io.pumplink.gateway.alerts.AlertEngine;
import io.pumplink.gateway.alerts.ClinicalStateFile;
import io.pumplink.gateway.journal.Entry;
import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.Interpreter;
import io.pumplink.gateway.store.JournalRecord;
import io.pumplink.gateway.store.JournalRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Builds the dispatcher of a gateway that may have stopped or crashed, from the files in its journal directory:
 * the active-alarm book brought up to date with the gateway alerts still unreleased in the journal (they may not
 * have been dispatched), the alarm id blocks, and the clinical state. The rules then know every alert that is
 * active, so an entry read again after the restart cannot raise an alert a second time.
 */
public final class ClinicalRecovery {
    static final String ACTIVE_ALARMS = "active-alarms.bin";
    static final String ALERT_IDS = "alert-ids";
    static final String CLINICAL_STATE = "clinical-state.json";
    private static final int READ_BATCH = 1024;

    private ClinicalRecovery() {
    }

    public static Dispatcher dispatcher(String gatewayId, Topics topics, PumpNames names, boolean jsonMirror,
                                        ClinicalSettings settings, Journal journal, Path dir, long wallClockMs, Duration roundWait,
                                        Duration stateSavePeriod) {
        ActiveAlarmBook book = new ActiveAlarmBook(dir.resolve(ACTIVE_ALARMS));
        replayUnreleasedAlerts(journal, book);
        AlertEngine engine = new AlertEngine(settings,
                AlarmIdFile.open(dir.resolve(ALERT_IDS), book.highestAlertId(), wallClockMs));
        Interpreter interpreter = new Interpreter(settings);
        ClinicalStateFile state = new ClinicalStateFile(dir.resolve(CLINICAL_STATE));
        state.restore(engine, interpreter);
        book.pumpAlarms().forEach(engine::restorePumpAlarms);
        book.gatewayAlerts().forEach(engine::restore);
        return new Dispatcher(gatewayId, topics, names, jsonMirror, interpreter, engine, book, state, roundWait,
                stateSavePeriod);
    }

    /** Applying an alert to the book twice changes nothing, so those already dispatched do no harm. */
    private static void replayUnreleasedAlerts(Journal journal, ActiveAlarmBook book) {
        long cursor = -1;
        for (List<Entry> batch = journal.readAfter(cursor, READ_BATCH); !batch.isEmpty();
                batch = journal.readAfter(cursor, READ_BATCH)) {
            for (Entry entry : batch) {
                cursor = entry.sequence();
                try {
                    if (JournalRecords.decode(entry.payload()) instanceof JournalRecord.Alert alert) {
                        book.apply(alert.alert());
                    }
                } catch (IllegalArgumentException unreadable) {
                    // the publish loop reports and releases it
                }
            }
        }
    }
}
