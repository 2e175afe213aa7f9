package io.pumplink.protocol.message;

import java.util.Optional;

/** An enum of ICD codes. Messages keep the raw number, so unknown codes survive; this names the known ones. */
public interface WireCode {
    int code();

    static <E extends Enum<E> & WireCode> Optional<E> lookup(E[] values, int code) {
        for (E value : values) {
            if (value.code() == code) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
