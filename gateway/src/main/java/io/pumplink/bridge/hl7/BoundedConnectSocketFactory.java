package io.pumplink.bridge.hl7;

import ca.uhn.hl7v2.util.StandardSocketFactory;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * HAPI's sockets, but a connect gives up after the ACK timeout: an unreachable receiver (SYN dropped) would
 * otherwise hold the bridge for the OS's connect timeout, minutes on Linux.
 */
final class BoundedConnectSocketFactory extends StandardSocketFactory {
    private final int connectTimeoutMs;

    BoundedConnectSocketFactory(Duration connectTimeout) {
        this.connectTimeoutMs = Math.toIntExact(connectTimeout.toMillis());
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint) throws IOException {
                connect(endpoint, 0);
            }

            @Override
            public void connect(SocketAddress endpoint, int timeoutMs) throws IOException {
                super.connect(endpoint, timeoutMs == 0 ? connectTimeoutMs : Math.min(timeoutMs, connectTimeoutMs));
            }
        };
    }
}
