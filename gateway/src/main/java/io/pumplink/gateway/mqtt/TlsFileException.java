package io.pumplink.gateway.mqtt;

import java.nio.file.Path;

/** A TLS file that cannot be used; the message names the file and the reason, never its content. */
public final class TlsFileException extends Exception {
    private final BrokerTls.Material material;

    TlsFileException(BrokerTls.Material material, Path file, String reason) {
        super(file + ": " + reason);
        this.material = material;
    }

    public BrokerTls.Material material() {
        return material;
    }
}
