package io.pumplink.protocol.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real pseudo-terminal pair joined by socat: bytes written to one end's link come out of the other, as over a
 * null-modem cable. {@link #kill()} makes both ends vanish as an unplugged device would. Shared with the other
 * modules through the protocol test-jar, so it depends on nothing beyond the JDK (no Awaitility).
 * socat is required (scripts/test.sh installs it): a missing socat fails the test, it never skips it.
 */
public final class SocatPty implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 10;

    private final Process process;
    private final Path a;
    private final Path b;
    private final Path log;

    private SocatPty(Process process, Path a, Path b, Path log) {
        this.process = process;
        this.a = a;
        this.b = b;
        this.log = log;
    }

    /** Starts socat with links {@code dir/a} and {@code dir/b}; returns once both exist. */
    public static SocatPty start(Path dir) throws IOException, InterruptedException {
        String socat = findSocat();
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path log = dir.resolve("socat.log");
        Process process = new ProcessBuilder(List.of(socat, "-d", "-d",
                "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        SocatPty pty = new SocatPty(process, a, b, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // readiness poll: socat creates the links once both PTYs are set up
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                pty.close();
                throw new IllegalStateException("socat did not create " + a + " and " + b + " within "
                        + START_TIMEOUT.toSeconds() + " s (alive=" + process.isAlive() + "); its log:\n"
                        + pty.logText());
            }
            Thread.sleep(POLL_MILLIS);
        }
        return pty;
    }

    private static String findSocat() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin:/usr/local/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "socat"))) {
                return Path.of(dir, "socat").toString();
            }
        }
        throw new IllegalStateException("socat not found on PATH; the PTY tests need it "
                + "(scripts/test.sh installs it; or: apt-get install socat)");
    }

    public Path a() {
        return a;
    }

    public Path b() {
        return b;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills socat abruptly (SIGKILL) and waits for it to exit: both PTYs hang up, as on a device unplug. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("socat pid " + process.pid() + " did not exit after SIGKILL");
        }
    }

    /** socat's own log (-d -d), for failure messages. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
