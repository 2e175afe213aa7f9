package io.pumplink.bridge.hl7;

/** The IHE PCD transactions the bridge sends: MSH-9 trigger event and the MSH-21 message profile. */
enum IheProfile {
    /** PCD-01 Communicate PCD Data (DEC). */
    PCD_01("R01", "IHE_PCD_001", "1.3.6.1.4.1.19376.1.6.1.1.1"),
    /** PCD-04 Report Alert (ACM). */
    PCD_04("R40", "IHE_PCD_ACM_001", "1.3.6.1.4.1.19376.1.6.4.4");

    static final String MESSAGE_TYPE = "ORU";
    static final String MESSAGE_STRUCTURE = "ORU_R01";
    static final String ASSIGNER = "IHE PCD";
    static final String OID_TYPE = "ISO";

    final String trigger;
    final String profileId;
    final String oid;

    IheProfile(String trigger, String profileId, String oid) {
        this.trigger = trigger;
        this.profileId = profileId;
        this.oid = oid;
    }
}
