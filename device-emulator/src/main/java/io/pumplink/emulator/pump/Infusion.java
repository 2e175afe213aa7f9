package io.pumplink.emulator.pump;

import java.util.Optional;

/**
 * The pump mechanism: turns rate × time into whole nanolitres and runs the bolus. The part of rate × time not yet
 * a whole nanolitre is carried over, so running it in pieces delivers exactly what running it at once does.
 */
final class Infusion {
    /** Rate × time below one nanolitre, in nL/h × ms ({@link Units#MS_PER_HOUR} of them make 1 nL). */
    private long carryNlMsPerHour;
    private Bolus bolus;

    /** Nanolitres the motor would deliver in the next {@code ms} at a constant basal rate; changes nothing. */
    long deliverableNl(long basalRateNlPerHour, long ms) {
        long basalNl = (carryNlMsPerHour + basalRateNlPerHour * ms) / Units.MS_PER_HOUR;
        return basalNl + runningBolus().map(b -> b.additionalNl(ms)).orElse(0L);
    }

    /** Runs the motor for {@code ms} at a constant basal rate and returns the nanolitres it delivered. */
    long run(long basalRateNlPerHour, long ms) {
        long deliveredNl = deliverableNl(basalRateNlPerHour, ms);
        carryNlMsPerHour = (carryNlMsPerHour + basalRateNlPerHour * ms) % Units.MS_PER_HOUR;
        runningBolus().ifPresent(b -> b.run(ms));
        return deliveredNl;
    }

    Optional<Bolus> runningBolus() {
        return Optional.ofNullable(bolus).filter(Bolus::running);
    }

    void startBolus(Bolus newBolus) {
        bolus = newBolus;
    }

    void cancelBolus() {
        bolus = null;
    }
}
