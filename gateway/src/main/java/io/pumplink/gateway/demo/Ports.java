package io.pumplink.gateway.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.stream.IntStream;

/** Finding free TCP ports on one host before handing them to servers that need a fixed number. */
final class Ports {
    private static final int ATTEMPTS = 64;
    private static final int MAX_PORT = 65_535;

    private Ports() {
    }

    /** Whether a listener could bind {@code host:port} now (it may of course be taken a moment later). */
    static boolean free(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port the OS considers free now. */
    static int any(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        }
    }

    /**
     * The first of {@code count} consecutive free ports: from {@code preferred} upwards in steps of
     * {@code count}, or (preferred 0) around ports the OS hands out.
     */
    static int consecutive(String host, int preferred, int count) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int first = preferred > 0 ? preferred + attempt * count : any(host);
            if (first + count - 1 > MAX_PORT) {
                break;
            }
            if (IntStream.range(first, first + count).allMatch(port -> free(host, port))) {
                return first;
            }
        }
        throw new IOException("no " + count + " consecutive free TCP ports on " + host
                + (preferred > 0 ? " from " + preferred : ""));
    }
}
