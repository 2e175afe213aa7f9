package io.pumplink.gateway.cli;

import io.pumplink.config.FileReasons;
import io.pumplink.gateway.config.SecretFile;
import io.pumplink.gateway.mqtt.BrokerTls;
import io.pumplink.gateway.mqtt.TlsFileException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The broker connection's TLS and credential flags, the same on {@code pumplink gateway} and the operator tools.
 * There is no password flag: a command line is visible to every user of the machine ({@code ps}).
 */
final class MqttOptions {
    @Option(names = "--mqtt-ca", paramLabel = "FILE", description = "CA certificate(s), PEM, that sign the broker's"
            + " certificate (ssl:// only; default: the JDK's trusted CAs)")
    Path caFile;

    @Option(names = "--mqtt-cert", paramLabel = "FILE", description = "client certificate (chain), PEM, for mutual TLS")
    Path certFile;

    @Option(names = "--mqtt-key", paramLabel = "FILE", description = "the client certificate's private key, PEM"
            + " (PKCS#8, PKCS#1 or SEC1; unencrypted: keep it 0600)")
    Path keyFile;

    @Option(names = "--mqtt-user", paramLabel = "USER", description = "MQTT user name")
    String user;

    @Option(names = "--mqtt-password-file", paramLabel = "FILE", description = "file whose first line is the MQTT"
            + " password")
    Path passwordFile;

    /** {@code base} with the files given as flags in place of its own. */
    BrokerTls tls(BrokerTls base) {
        return new BrokerTls(Optional.ofNullable(caFile).or(base::caFile),
                Optional.ofNullable(certFile).or(base::certFile), Optional.ofNullable(keyFile).or(base::keyFile));
    }

    Optional<String> user(Optional<String> base) {
        return Optional.ofNullable(user).or(() -> base);
    }

    Optional<String> password(CommandLine commandLine, Optional<String> base) {
        if (passwordFile == null) {
            return base;
        }
        try {
            return Optional.of(SecretFile.read(passwordFile));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(commandLine, "--mqtt-password-file: cannot read " + passwordFile
                    + ": " + FileReasons.of(e));
        }
    }

    /** Sets TLS and credentials on a tool's connection; a problem is a usage error naming the flag. */
    void configure(CommandLine commandLine, URI broker, MqttConnectionOptions options) {
        configure(commandLine, broker, options, BrokerTls.NONE, Optional.empty(), Optional.empty());
    }

    /** The same over a configuration's {@code mqtt:} files and credentials, which the flags override. */
    void configure(CommandLine commandLine, URI broker, MqttConnectionOptions options, BrokerTls baseTls,
                   Optional<String> baseUser, Optional<String> basePassword) {
        BrokerTls tls;
        try {
            tls = tls(baseTls);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--mqtt-cert and --mqtt-key: " + e.getMessage());
        }
        boolean ssl = "ssl".equals(broker.getScheme()) || "wss".equals(broker.getScheme());
        if (!tls.equals(BrokerTls.NONE)) {
            if (!ssl) {
                throw new CommandLine.ParameterException(commandLine,
                        "--mqtt-ca/--mqtt-cert/--mqtt-key need an ssl:// broker URI, not " + broker);
            }
            try {
                BrokerTls.use(tls.socketFactory(), options);
            } catch (TlsFileException e) {
                throw new CommandLine.ParameterException(commandLine, e.material().flag() + ": " + e.getMessage());
            }
        } else if (ssl) {
            options.setHttpsHostnameVerificationEnabled(true);
        }
        user(baseUser).ifPresent(options::setUserName);
        password(commandLine, basePassword)
                .ifPresent(password -> options.setPassword(password.getBytes(StandardCharsets.UTF_8)));
    }
}
