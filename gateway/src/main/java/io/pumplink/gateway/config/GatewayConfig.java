package io.pumplink.gateway.config;

import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.mqtt.BrokerTls;
import io.pumplink.protocol.transport.Endpoint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's configuration, validated by {@link ConfigLoader} (every error names its key). Limits live here
 * once; the components take them as constructor arguments.
 *
 * @param sessionIdle       an interrogation with no frame for this long is published as abandoned
 * @param requestTimeout    how long an MQTT request waits for the programmer's COMMAND_RESULT
 * @param requests          what MQTT requests may ask of a programmer, and where answers may go
 * @param bridge            the HL7 v2 and FHIR bridges ({@code pumplink bridge}); the gateway itself ignores it
 */
public record GatewayConfig(String gatewayId, List<Link> links, Mqtt mqtt, Journal journal,
                            ClinicalSettings clinical, Http http, Duration sessionIdle, Duration requestTimeout,
                            Requests requests, Bridge bridge) {
    public GatewayConfig {
        links = List.copyOf(links);
    }

    /** One programmer link: a serial port (also /dev/rfcommN) or a TCP peer. */
    public record Link(String id, Endpoint endpoint, Duration reconnectInitial, Duration reconnectMax) {
    }

    /**
     * @param password           read from {@code mqtt.passwordFile} or {@code mqtt.passwordEnv}, never the file itself
     * @param tls                CA, client certificate and key files for {@code ssl://}
     * @param retryOnAuthFailure retry a TLS or authentication failure instead of stopping the gateway
     * @param pseudonymKeyFile   the key that turns pump serials into pseudonyms on MQTT; read at start; none: real
     *                           serials
     * @param serialsInPayload   with the key: payloads keep the real serial, only topics carry the pseudonym
     */
    public record Mqtt(URI uri, String clientId, Optional<String> username, Optional<String> password,
                       String topicPrefix, boolean jsonMirror, Duration keepAlive, int maxInFlight,
                       Duration reconnectInitial, Duration reconnectMax, BrokerTls tls, boolean retryOnAuthFailure,
                       Optional<Path> pseudonymKeyFile, boolean serialsInPayload) {
        /** Never shows the password. */
        @Override
        public String toString() {
            return "Mqtt[uri=%s, clientId=%s, username=%s, topicPrefix=%s, jsonMirror=%s, pseudonymKeyFile=%s]"
                    .formatted(uri, clientId, username.orElse("-"), topicPrefix, jsonMirror,
                            pseudonymKeyFile.map(Path::toString).orElse("-"));
        }
    }

    public record Journal(Path dir, long maxBytes, long segmentBytes, Duration groupCommitMaxDelay) {
    }

    /**
     * Limits on MQTT requests, per programmer: a request reaches an implanted pump's telemetry, so it must not be
     * a lever (docs/security.md).
     *
     * @param maxPendingPerProgrammer requesters waiting for one programmer's answer at once; more are refused
     * @param maxPerMinute            request frames sent to one programmer per minute (token bucket, this burst)
     * @param replyPrefix             response topics must start with this; never under the published data tree
     */
    public record Requests(int maxPendingPerProgrammer, int maxPerMinute, String replyPrefix) {
    }

    /**
     * The HTTP side: metrics, health, dashboard. Off when {@code port} is empty.
     *
     * @param tokenFile holds the bearer token every request must carry; required unless {@code host} is loopback
     */
    public record Http(String host, Optional<Integer> port, Optional<Path> tokenFile) {
        public Http withPort(int newPort) {
            return new Http(host, Optional.of(newPort), tokenFile);
        }
    }

    /**
     * The bridges to hospital systems: they subscribe to the published tree and deliver onward, at least once.
     *
     * @param group                   shared-subscription group; each kind adds its name ({@code pumplink-hl7}), so
     *                                instances of one kind share the load and each kind gets every message
     * @param clientId                MQTT client id, stable across restarts (the broker keeps the session);
     *                                empty: {@code pumplink-bridge-<kind>-<host name>}
     * @param receiveMaximum          messages the broker may hand over unacknowledged (also the bridge's queue)
     * @param retryInitial            first wait after a failed delivery; doubles up to {@code retryMax}
     * @param dedupWindow             message ids remembered to drop redeliveries
     * @param sessionExpiry           how long the broker keeps messages for a bridge that is away
     * @param patientIdentifierSystem the authority of {@code patient_ref} (PID-3.4, Identifier.system); empty: no
     *                                patient identifier leaves the bridge
     */
    public record Bridge(String group, Optional<String> clientId, int receiveMaximum, Duration retryInitial,
                         Duration retryMax, int dedupWindow, Duration sessionExpiry,
                         Optional<String> patientIdentifierSystem, Hl7 hl7, Fhir fhir) {
    }

    /** HL7 v2 over MLLP; {@code mllp} is {@code host:port} (the {@code --mllp} flag wins). */
    public record Hl7(Optional<String> mllp, Duration ackTimeout, String sendingApplication, String sendingFacility,
                      String receivingApplication, String receivingFacility, Http http) {
    }

    /** FHIR R4; {@code base} is the server's base URL (the {@code --fhir-base} flag wins). */
    public record Fhir(Optional<URI> base, Duration timeout, Http http) {
    }
}
