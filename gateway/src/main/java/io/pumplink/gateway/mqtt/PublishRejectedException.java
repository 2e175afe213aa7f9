package io.pumplink.gateway.mqtt;

/**
 * The broker answered a publication with an MQTT 5 error reason code (0x80 or above, e.g. 0x87 Not
 * authorized). It is final for that publication: sending it again would get the same answer.
 */
public final class PublishRejectedException extends Exception {
    private final int reasonCode;

    PublishRejectedException(String topic, int reasonCode) {
        super(String.format("broker rejected the publication to %s: reason code 0x%02X", topic, reasonCode));
        this.reasonCode = reasonCode;
    }

    public int reasonCode() {
        return reasonCode;
    }
}
