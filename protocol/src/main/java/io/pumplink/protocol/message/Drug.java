package io.pumplink.protocol.message;

import java.util.Optional;

/** Drug codes (RESERVOIR_STATUS.drug_code). */
public enum Drug implements WireCode {
    UNKNOWN(0),
    BACLOFEN(1),
    MORPHINE(2),
    HYDROMORPHONE(3),
    ZICONOTIDE(4),
    BUPIVACAINE(5),
    CLONIDINE(6),
    FENTANYL(7),
    OTHER(255);

    private final int code;

    Drug(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static Optional<Drug> of(int code) {
        return WireCode.lookup(values(), code);
    }
}
