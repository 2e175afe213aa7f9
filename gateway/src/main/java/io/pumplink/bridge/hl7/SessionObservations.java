package io.pumplink.bridge.hl7;

import io.pumplink.bridge.terms.Measurement;
import io.pumplink.bridge.terms.Measurement.Coded;
import io.pumplink.bridge.terms.Measurement.Quantity;
import io.pumplink.bridge.terms.Term;
import io.pumplink.bridge.terms.Unit;
import io.pumplink.proto.v1.InterrogationRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an interrogation session went, reported beside its snapshot: outcome, completeness and log entry counts, so a
 * receiver can tell a partial record from a full one. Local codes: 11073 has no term for a programmer session.
 */
final class SessionObservations {
    private SessionObservations() {
    }

    static List<Measurement> of(InterrogationRecord record) {
        long at = record.hasEndTsMs() ? record.getEndTsMs() : record.getBeginTsMs();
        List<Measurement> out = new ArrayList<>();
        String outcome = record.getOutcome().name();
        out.add(new Measurement(Term.SESSION_OUTCOME, new Coded(outcome, words(outcome, "SESSION_OUTCOME_")), at));
        out.add(new Measurement(Term.SESSION_COMPLETE, record.getComplete()
                ? new Coded("COMPLETE", "complete") : new Coded("INCOMPLETE", "incomplete"), at));
        if (record.hasEntryCountExpected()) {
            out.add(new Measurement(Term.LOG_ENTRIES_EXPECTED,
                    new Quantity(record.getEntryCountExpected(), Unit.ENTRIES), at));
        }
        out.add(new Measurement(Term.LOG_ENTRIES_RECEIVED,
                new Quantity(record.getEntryCountReceived(), Unit.ENTRIES), at));
        return out;
    }

    private static String words(String name, String prefix) {
        return name.replace(prefix, "").replace('_', ' ').toLowerCase(Locale.ROOT);
    }
}
