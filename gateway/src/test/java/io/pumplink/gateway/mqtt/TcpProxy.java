package io.pumplink.gateway.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards loopback TCP connections to a target (a broker, an emulated programmer) and can cut them all at once
 * with a reset, like a network failure: neither side gets to send a DISCONNECT, so a broker publishes the client's
 * will. It can also swallow what the connecting side sends, e.g. a gateway's ACKs, which then never reach the
 * programmer: it keeps those frames and sends them again later, although the gateway has stored them.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean dropFromClient;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI uri() {
        return URI.create("tcp://127.0.0.1:" + server.getLocalPort());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** While true, bytes from the connecting side are read and discarded; the target's still pass. */
    public void dropFromClient(boolean drop) {
        dropFromClient = drop;
    }

    /** Resets every open connection; new ones are still accepted. */
    public void dropConnections() {
        for (Socket socket : sockets) {
            reset(socket);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                sockets.add(client);
                sockets.add(upstream);
                try {
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
                } catch (IOException brokerDown) {
                    reset(client);
                    reset(upstream);
                    continue;
                }
                upstream.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (!(fromClient && dropFromClient)) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // one side went away; the reset below ends the other
            } finally {
                reset(from);
                reset(to);
            }
        }, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void reset(Socket socket) {
        sockets.remove(socket);
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
