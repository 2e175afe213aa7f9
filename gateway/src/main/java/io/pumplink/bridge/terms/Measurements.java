package io.pumplink.bridge.terms;

import io.pumplink.bridge.terms.Measurement.Coded;
import io.pumplink.bridge.terms.Measurement.Instant;
import io.pumplink.bridge.terms.Measurement.Quantity;
import io.pumplink.proto.v1.BatteryStatus;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FlowStatus;
import io.pumplink.proto.v1.InterrogationRecord;
import io.pumplink.proto.v1.PumpIdentity;
import io.pumplink.proto.v1.ReservoirStatus;
import io.pumplink.proto.v1.TherapySummary;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The measurements a published envelope carries, in the order docs/interoperability.md lists them: the one mapping
 * both bridges share. Values unknown on the wire (and derived values left unset) are left out, never sent as 0.
 */
public final class Measurements {
    private static final double UL_PER_ML = 1000.0;
    private static final double NL_PER_ML = 1_000_000.0;
    private static final long DAILY_DOSE_UNKNOWN = 0xFFFF_FFFFL;
    private static final int DAYS_TO_ERI_UNKNOWN = 65_535;

    private Measurements() {
    }

    /** Status observations (reservoir, flow, therapy, battery) and an interrogation record's snapshot. */
    public static List<Measurement> of(Envelope envelope) {
        List<Measurement> out = new ArrayList<>();
        switch (envelope.getBodyCase()) {
            case RESERVOIR_STATUS -> reservoir(envelope.getReservoirStatus(), out);
            case FLOW_STATUS -> flow(envelope.getFlowStatus(), out);
            case THERAPY_SUMMARY -> therapy(envelope.getTherapySummary(), out);
            case BATTERY_STATUS -> battery(envelope.getBatteryStatus(), out);
            case PUMP_IDENTITY -> identity(envelope.getPumpIdentity(), out);
            case INTERROGATION_RECORD -> record(envelope.getInterrogationRecord(), out);
            default -> {
                // other bodies carry no pump measurement
            }
        }
        return out;
    }

    /** A record's snapshot frames; a term two of them carry (the daily dose) is reported once, the first. */
    private static void record(InterrogationRecord record, List<Measurement> all) {
        List<Measurement> out = new ArrayList<>();
        if (record.hasIdentity()) {
            identity(record.getIdentity(), out);
        }
        if (record.hasReservoir()) {
            reservoir(record.getReservoir(), out);
        }
        if (record.hasFlow()) {
            flow(record.getFlow(), out);
        }
        if (record.hasTherapySummary()) {
            therapy(record.getTherapySummary(), out);
        }
        if (record.hasBattery()) {
            battery(record.getBattery(), out);
        }
        Set<Term> seen = EnumSet.noneOf(Term.class);
        out.stream().filter(m -> seen.add(m.term())).forEach(all::add);
    }

    private static void identity(PumpIdentity identity, List<Measurement> out) {
        long at = identity.getTsMs();
        out.add(quantity(Term.RESERVOIR_CAPACITY, identity.getReservoirCapacityUl() / UL_PER_ML, Unit.MILLILITRE, at));
    }

    private static void reservoir(ReservoirStatus reservoir, List<Measurement> out) {
        long at = reservoir.getTsMs();
        out.add(quantity(Term.VOLUME_REMAINING, reservoir.getVolumeUl() / UL_PER_ML, Unit.MILLILITRE, at));
        out.add(quantity(Term.LOW_RESERVOIR_THRESHOLD, reservoir.getLowAlarmThresholdUl() / UL_PER_ML,
                Unit.MILLILITRE, at));
        out.add(new Measurement(Term.DRUG, new Coded(reservoir.getDrug().name(), drugName(reservoir)), at));
        if (reservoir.getConcentrationUgPerMl() > 0) {
            out.add(quantity(Term.DRUG_CONCENTRATION, reservoir.getConcentrationUgPerMl(),
                    Unit.MICROGRAM_PER_MILLILITRE, at));
        }
        if (reservoir.hasDaysToLowThreshold()) {
            out.add(quantity(Term.DAYS_TO_LOW_RESERVOIR, reservoir.getDaysToLowThreshold(), Unit.DAY, at));
        }
        if (reservoir.hasDaysToEmpty()) {
            out.add(quantity(Term.DAYS_TO_EMPTY, reservoir.getDaysToEmpty(), Unit.DAY, at));
        }
        if (reservoir.hasRefillByDateMs()) {
            out.add(new Measurement(Term.REFILL_BY_DATE, new Instant(reservoir.getRefillByDateMs()), at));
        }
    }

    private static void flow(FlowStatus flow, List<Measurement> out) {
        long at = flow.getTsMs();
        out.add(new Measurement(Term.PUMP_MODE, new Coded(flow.getMode().name(), modeName(flow)), at));
        out.add(quantity(Term.FLOW_RATE, flow.getRateNlPerHour() / NL_PER_ML, Unit.MILLILITRE_PER_HOUR, at));
        out.add(quantity(Term.VOLUME_DELIVERED_SINCE_REFILL, flow.getDeliveredSinceRefillUl() / UL_PER_ML,
                Unit.MILLILITRE, at));
        if (flow.hasDailyDoseUgPerDay()) {
            out.add(quantity(Term.DOSE_RATE, flow.getDailyDoseUgPerDay(), Unit.MICROGRAM_PER_DAY, at));
        }
    }

    private static void therapy(TherapySummary therapy, List<Measurement> out) {
        long at = therapy.getTsMs();
        out.add(quantity(Term.DAILY_VOLUME, therapy.getDailyVolumeNl() / NL_PER_ML, Unit.MILLILITRE_PER_DAY, at));
        if (therapy.getDailyDoseUg() != DAILY_DOSE_UNKNOWN) {
            out.add(quantity(Term.DOSE_RATE, therapy.getDailyDoseUg(), Unit.MICROGRAM_PER_DAY, at));
        }
    }

    private static void battery(BatteryStatus battery, List<Measurement> out) {
        long at = battery.getTsMs();
        out.add(quantity(Term.BATTERY_VOLTAGE, battery.getVoltageMv(), Unit.MILLIVOLT, at));
        out.add(new Measurement(Term.BATTERY_STATE, new Coded(battery.getState().name(),
                battery.getState().name().replace("BATTERY_STATE_", "")), at));
        if (battery.getDaysToEri() != DAYS_TO_ERI_UNKNOWN) {
            out.add(quantity(Term.DAYS_TO_ERI, battery.getDaysToEri(), Unit.DAY, at));
        }
    }

    private static Measurement quantity(Term term, double amount, Unit unit, long at) {
        return new Measurement(term, new Quantity(amount, unit), at);
    }

    private static String drugName(ReservoirStatus reservoir) {
        return reservoir.getDrug().name().replace("DRUG_", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static String modeName(FlowStatus flow) {
        return flow.getMode().name().replace("FLOW_MODE_", "").replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    }
}
