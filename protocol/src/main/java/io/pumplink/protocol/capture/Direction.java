package io.pumplink.protocol.capture;

/** Which way captured bytes went. The code is the capture format's direction byte. */
public enum Direction {
    PROGRAMMER_TO_GATEWAY(1),
    GATEWAY_TO_PROGRAMMER(2);

    private final int code;

    Direction(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static Direction of(int code) {
        for (Direction direction : values()) {
            if (direction.code == code) {
                return direction;
            }
        }
        throw new IllegalArgumentException("unknown capture direction byte " + code);
    }
}
