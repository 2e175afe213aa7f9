package io.pumplink.gateway.mqtt;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;

/**
 * Why the broker connection failed for a reason retrying cannot fix: a TLS or authentication failure. Each
 * names the configuration key (and the operator tools' flag) to look at; {@link #label()} is the metric tag.
 */
public enum AuthFailure {
    UNKNOWN_CA("the broker's certificate is not signed by a CA in the CA file", "mqtt.caFile", "--mqtt-ca"),
    HOSTNAME_MISMATCH("the broker's certificate does not name the host of the broker URI", "mqtt.uri", "--mqtt"),
    BROKER_CERTIFICATE_EXPIRED("the broker's certificate has expired or is not valid yet", "mqtt.uri", "--mqtt"),
    CLIENT_CERTIFICATE_REJECTED("the broker refused the client certificate (none, unknown CA, expired or revoked)",
            "mqtt.certFile", "--mqtt-cert"),
    BAD_CREDENTIALS("the broker refused the user name or password", "mqtt.passwordFile", "--mqtt-password-file"),
    /** mosquitto answers a wrong password with this too, not with {@link #BAD_CREDENTIALS}. */
    NOT_AUTHORISED("the broker does not authorise this client (user name, password or certificate identity)",
            "mqtt.username", "--mqtt-user");

    /** TLS alerts a broker sends when it does not accept the client's certificate (RFC 8446, 6.2). */
    private static final Set<String> CLIENT_CERTIFICATE_ALERTS = Set.of("certificate_required", "bad_certificate",
            "unknown_ca", "certificate_expired", "certificate_revoked", "certificate_unknown", "access_denied",
            "handshake_failure");

    private final String description;
    private final String configKey;
    private final String flag;

    AuthFailure(String description, String configKey, String flag) {
        this.description = description;
        this.configKey = configKey;
        this.flag = flag;
    }

    public String description() {
        return description;
    }

    public String configKey() {
        return configKey;
    }

    public String flag() {
        return flag;
    }

    /** The metric tag: {@code unknown_ca}, {@code bad_credentials}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The failure {@code cause} (a Paho connect failure) stands for, if it is one retrying cannot fix. */
    public static Optional<AuthFailure> of(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            Optional<AuthFailure> found = classify(t);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<AuthFailure> classify(Throwable t) {
        if (t instanceof MqttException mqtt) {
            return switch (mqtt.getReasonCode()) {
                case MqttReturnCode.RETURN_CODE_BAD_USERNAME_OR_PASSWORD,
                     MqttReturnCode.RETURN_CODE_BAD_AUTHENTICATION -> Optional.of(BAD_CREDENTIALS);
                case MqttReturnCode.RETURN_CODE_NOT_AUTHORIZED -> Optional.of(NOT_AUTHORISED);
                default -> Optional.empty();
            };
        }
        if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException
                || t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
            return Optional.of(BROKER_CERTIFICATE_EXPIRED);
        }
        if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
            return Optional.of(UNKNOWN_CA);
        }
        String message = String.valueOf(t.getMessage());
        // the JDK's HTTPS endpoint identification reports a mismatch only in the message
        if (t instanceof CertificateException && (message.startsWith("No subject alternative")
                || message.startsWith("No name matching"))) {
            return Optional.of(HOSTNAME_MISMATCH);
        }
        if (t instanceof SSLException && message.startsWith("Received fatal alert: ")
                && CLIENT_CERTIFICATE_ALERTS.contains(message.substring("Received fatal alert: ".length()))) {
            return Optional.of(CLIENT_CERTIFICATE_REJECTED);
        }
        return Optional.empty();
    }
}
