package io.pumplink.gateway.demo;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's MQTT 5 broker: HiveMQ CE embedded, one plain TCP listener, in-memory persistence, no
 * anonymous usage statistics, and no say over logging (our logback.xml stays in charge). Its folders live
 * under a directory the caller owns and deletes. No authentication: it listens on the given host only.
 */
final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final String host;
    private final int port;
    private final EmbeddedHiveMQ hivemq;

    /** Writes {@code dir/conf/config.xml}; nothing listens until {@link #start()}. */
    EmbeddedBroker(Path dir, String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), configXml(host, port));
        this.hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(dir.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
                .withoutLoggingBootstrap() // else HiveMQ installs its turbo filters and the JUL bridge
                .build();
    }

    static String configXml(String host, int port) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                            <name>pumplink-demo</name>
                        </tcp-listener>
                    </listeners>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, host);
    }

    /**
     * Returns once the listener is bound. HiveMQ installs a JVM-wide default uncaught-exception handler (which
     * calls System.exit on its "unrecoverable" errors); the one before it is put back, so the broker cannot end
     * the gateway's process.
     */
    EmbeddedBroker start() throws IOException {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        try {
            hivemq.start().join();
        } catch (CompletionException e) {
            throw new IOException("the embedded MQTT broker did not start on " + host + ":" + port + ": "
                    + e.getCause(), e.getCause());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        LOG.info("embedded MQTT broker (HiveMQ CE) listening on {}:{}", host, port);
        return this;
    }

    int port() {
        return port;
    }

    /** Disconnects every client and stops; takes a few seconds (HiveMQ's Netty quiet periods). */
    @Override
    public void close() {
        try {
            hivemq.close(); // stops and ends HiveMQ's own state-change thread (stop() alone would leave it)
        } catch (ExecutionException e) {
            LOG.warn("embedded MQTT broker did not stop cleanly: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
