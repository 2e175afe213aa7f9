package io.pumplink.protocol.message;

import java.util.Optional;

/**
 * THERAPY_SUMMARY (PTL 1.1, ICD section 6): what the current prescription delivers in a day. Not reliable: it is
 * state, superseded by the next one. A 1.0 programmer never sends it.
 *
 * @param concentrationUgPerMl 0 when unknown
 * @param dailyVolumeNl        over 24 h: the sum of every flex step, rate × 24 when continuous, 0 when stopped,
 *                             what the pump now delivers at minimum rate; boluses in progress not included
 * @param dailyDoseUg          {@link #DAILY_DOSE_UNKNOWN} when unknown
 * @param nextRefillDueTsMs    the refill date the clinician set at the last refill (not a projection); 0 unknown
 */
public record TherapySummary(long tsMs, String pumpSerial, int drugCode, long concentrationUgPerMl,
                             long dailyVolumeNl, long dailyDoseUg, long nextRefillDueTsMs) implements PumpMessage {
    public static final long DAILY_DOSE_UNKNOWN = 0xFFFFFFFFL;

    static final PayloadCodec<TherapySummary> CODEC = PayloadCodec.of(
            in -> new TherapySummary(in.u64(), in.ascii16("pump_serial"), in.u8(), in.u32(), in.u32(), in.u32(),
                    in.u64()),
            (m, out) -> out.u64(m.tsMs).ascii16(m.pumpSerial).u8(m.drugCode).u32(m.concentrationUgPerMl)
                    .u32(m.dailyVolumeNl).u32(m.dailyDoseUg).u64(m.nextRefillDueTsMs));

    public TherapySummary {
        Ascii16.require("pump_serial", pumpSerial);
        Fields.u8("drug_code", drugCode);
        Fields.u32("concentration_ug_per_ml", concentrationUgPerMl);
        Fields.u32("daily_volume_nl", dailyVolumeNl);
        Fields.u32("daily_dose_ug", dailyDoseUg);
    }

    public Optional<Drug> drug() {
        return Drug.of(drugCode);
    }

    public boolean dailyDoseKnown() {
        return dailyDoseUg != DAILY_DOSE_UNKNOWN;
    }

    @Override
    public MessageType type() {
        return MessageType.THERAPY_SUMMARY;
    }
}
