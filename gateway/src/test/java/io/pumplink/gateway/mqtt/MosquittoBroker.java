package io.pumplink.gateway.mqtt;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real mosquitto on a free loopback port, configured by a generated file. It keeps its port across
 * {@link #stop()} and {@link #start()}, so clients see the same broker go away and come back. In extra
 * configuration lines, {@code {dir}} stands for {@link #dir()}.
 */
public final class MosquittoBroker implements AutoCloseable {
    private static final List<Path> KNOWN_LOCATIONS = List.of(
            Path.of("/usr/sbin/mosquitto"), Path.of("/usr/local/sbin/mosquitto"), Path.of("/opt/homebrew/sbin/mosquitto"));

    private final Path binary = findBinary();
    private final Path dir;
    private final int port;
    private final List<String> extraConfig;
    private Process process;

    private MosquittoBroker(List<String> extraConfig) throws IOException {
        // world-writable: mosquitto started as root drops to its own user before writing persistence files
        this.dir = Files.createTempDirectory("mosquitto-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        this.port = freePort();
        this.extraConfig = extraConfig;
    }

    /** A broker that is configured but not running yet. */
    public static MosquittoBroker create(String... extraConfig) throws IOException {
        return new MosquittoBroker(List.of(extraConfig));
    }

    /** A running broker with {@code extraConfig} added to the generated configuration. */
    public static MosquittoBroker launch(String... extraConfig) throws IOException {
        MosquittoBroker broker = create(extraConfig);
        broker.start();
        return broker;
    }

    public URI uri() {
        return URI.create("tcp://127.0.0.1:" + port);
    }

    /** The same listener over TLS, for a broker configured with {@code certfile} and {@code keyfile}. */
    public URI sslUri(String host) {
        return URI.create("ssl://" + host + ":" + port);
    }

    public int port() {
        return port;
    }

    /** The broker's own directory (readable and writable by it), for extra files such as an ACL. */
    public Path dir() {
        return dir;
    }

    public void start() throws IOException {
        if (process != null) {
            throw new IllegalStateException("mosquitto already running on " + port);
        }
        List<String> config = new ArrayList<>(List.of(
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence_location " + dir + File.separator,
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "log_type notice"));
        extraConfig.forEach(line -> config.add(line.replace("{dir}", dir.toString())));
        Path configFile = dir.resolve("mosquitto.conf");
        Files.write(configFile, config, StandardCharsets.UTF_8);
        process = new ProcessBuilder(binary.toString(), "-c", configFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        awaitListening();
    }

    /** Stops the broker the way a service manager does (SIGTERM: it saves persistence, if enabled). */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public void restart() throws IOException {
        stop();
        start();
    }

    String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s:\n" + log());
    }

    private static Path findBinary() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, "mosquitto"));
        return Stream.concat(onPath, KNOWN_LOCATIONS.stream())
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("mosquitto (MQTT 5 broker) not found on PATH nor in "
                        + KNOWN_LOCATIONS + "; these tests need a real broker: install the 'mosquitto' package"
                        + " (scripts/test.sh does) and run again"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
