package io.pumplink.gateway.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between the gateway (which connects to it) and an emulated programmer (which listens), that can
 * swallow everything the gateway sends: its ACKs then never reach the programmer, which keeps those frames and
 * sends them again later although the gateway has already stored them. Programmer-to-gateway bytes always pass.
 */
final class LinkProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean dropFromGateway;

    LinkProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "link-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** While true, bytes from the gateway are read and discarded instead of forwarded. */
    void dropFromGateway(boolean drop) {
        dropFromGateway = drop;
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(this::closeQuietly);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket gateway = server.accept();
                Socket programmer = new Socket();
                sockets.add(gateway);
                sockets.add(programmer);
                try {
                    programmer.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
                    programmer.setTcpNoDelay(true);
                    gateway.setTcpNoDelay(true);
                } catch (IOException refused) {
                    closeQuietly(gateway);
                    closeQuietly(programmer);
                    continue;
                }
                relay(gateway, programmer, true);
                relay(programmer, gateway, false);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket from, Socket to, boolean fromGateway) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (!(fromGateway && dropFromGateway)) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // one side went away; closing both below ends the other direction
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "link-proxy-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
