package io.pumplink.emulator;

import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.protocol.transport.Endpoint;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts an in-process emulator for tests, in this module and (through its test-jar) in the gateway's.
 * {@code Endpoint} refuses port 0, so free consecutive ports are picked first, below Linux's ephemeral range (from
 * 32768) where outgoing connections take their ports; if another socket takes one in between, the bind fails and
 * another base port is tried.
 */
public final class EmulatorLaunch {
    private static final int ATTEMPTS = 10;
    private static final int LOWEST_PORT = 20_000;
    private static final int EPHEMERAL_PORTS = 32_768;

    private EmulatorLaunch() {
    }

    /** An emulator listening on {@code programmers} consecutive free TCP ports of 127.0.0.1. */
    public static Emulator startTcp(Scenario scenario, int programmers, long seed, double speed,
                                    Optional<Path> record) throws InterruptedException {
        Exception last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int base = freeConsecutivePorts(programmers);
            Emulator emulator = new Emulator(new Emulator.Options(scenario, Endpoint.parse("tcp:127.0.0.1:" + base),
                    programmers, seed, speed, record));
            try {
                return emulator.start();
            } catch (Exception e) { // Netty rethrows the bind's checked BindException undeclared
                emulator.close();
                if (e instanceof InterruptedException interrupted) {
                    throw interrupted;
                }
                if (!(e instanceof BindException)) {
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
                last = e;
            }
        }
        throw new IllegalStateException("no " + programmers + " consecutive free ports", last);
    }

    /** A free port of 127.0.0.1 at the moment of asking. */
    public static int freePort() {
        return freeConsecutivePorts(1);
    }

    private static int freeConsecutivePorts(int count) {
        if (count > EPHEMERAL_PORTS - LOWEST_PORT) {
            throw new IllegalArgumentException("at most " + (EPHEMERAL_PORTS - LOWEST_PORT) + " programmers");
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST_PORT, EPHEMERAL_PORTS - count + 1);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found");
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
