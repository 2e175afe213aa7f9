package io.pumplink.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import io.pumplink.bridge.fhir.FhirDestination;
import io.pumplink.bridge.fhir.FhirSettings;
import io.pumplink.bridge.fhir.FhirTestServer;
import io.pumplink.bridge.hl7.Hl7Receiver;
import io.pumplink.bridge.hl7.Hl7Settings;
import io.pumplink.bridge.hl7.MllpDestination;
import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.Probe;
import io.pumplink.gateway.publish.Topics;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.Header;
import io.pumplink.proto.v1.ReservoirStatus;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How fast each bridge delivers, one message at a time in order, on this machine: {@value #MESSAGES} reservoir
 * statuses published at once, timed from the first publication to the last receiver acknowledgement, against HAPI's
 * MLLP listener and the in-process FHIR endpoint (which validates every Bundle against R4, so it is the slower
 * side). Prints one line per bridge; the floor is loose.
 */
@Tag("figures") // timing: run on demand (mvn -Pfigures verify), not in the default test run
class BridgeFiguresTest {
    private static final int MESSAGES = 500;
    private static final Topics TOPICS = new Topics(Topics.DEFAULT_PREFIX);

    @Test
    void deliveriesPerSecondOfEachBridge() throws Exception {
        HapiContext hapi = new DefaultHapiContext();
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        Hl7Receiver hl7 = new Hl7Receiver();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        HL7Service listener = hapi.newServer(port, false);
        listener.registerApplication("ORU", "R01", hl7);
        listener.startAndWait();
        try (MosquittoBroker broker = MosquittoBroker.launch();
             Probe gateway = Probe.connect(broker.uri(), "figures-gateway");
             FhirTestServer fhir = new FhirTestServer();
             Bridge hl7Bridge = new Bridge(settings("hl7", broker), new MllpDestination(
                     Hl7Settings.of("127.0.0.1", port))).start(options -> { }, Optional.empty());
             Bridge fhirBridge = new Bridge(settings("fhir", broker), new FhirDestination(FhirContext.forR4(),
                     new FhirSettings(fhir.base(), Duration.ofSeconds(30), io.pumplink.bridge.PatientIdentity.NONE)))
                     .start(options -> { }, Optional.empty())) {
            long startNanos = System.nanoTime();
            for (int i = 0; i < MESSAGES; i++) {
                publish(gateway, "figures-" + i, 10_000 + i);
            }
            await().atMost(Duration.ofMinutes(5)).until(() -> hl7.received.size() >= MESSAGES);
            double hl7Seconds = (System.nanoTime() - startNanos) / 1e9;
            await().atMost(Duration.ofMinutes(10)).until(() -> fhirBridge.metrics()
                    .count("pumplink_bridge_delivered") >= MESSAGES);
            double fhirSeconds = (System.nanoTime() - startNanos) / 1e9;
            System.out.printf("{\"bridge\":\"hl7\",\"messages\":%d,\"seconds\":%.2f,\"per_s\":%.0f}%n", MESSAGES,
                    hl7Seconds, MESSAGES / hl7Seconds);
            System.out.printf("{\"bridge\":\"fhir\",\"messages\":%d,\"seconds\":%.2f,\"per_s\":%.0f}%n", MESSAGES,
                    fhirSeconds, MESSAGES / fhirSeconds);
            assertThat(MESSAGES / hl7Seconds).as("HL7 messages per second").isGreaterThan(20);
            assertThat(hl7Bridge.metrics().count("pumplink_bridge_rejected")).isZero();
            assertThat(fhirBridge.metrics().count("pumplink_bridge_rejected")).isZero();
        } finally {
            listener.stopAndWait();
            hapi.close();
        }
    }

    private static void publish(Probe gateway, String messageId, int volumeUl) throws Exception {
        Envelope envelope = Envelope.newBuilder()
                .setHeader(Header.newBuilder().setMessageId(messageId).setPumpSerial("NGP-1"))
                .setReservoirStatus(ReservoirStatus.newBuilder().setPumpSerial("NGP-1").setVolumeUl(volumeUl)
                        .setTsMs(1_767_225_600_000L).setLowAlarmThresholdUl(2000))
                .build();
        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(List.of(new UserProperty("message-id", messageId)));
        MqttMessage message = new MqttMessage(envelope.toByteArray(), 1, false, properties);
        while (true) {
            try {
                gateway.publish(TOPICS.pump("NGP-1", "reservoir"), message);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.sleep(1); // Paho counts the PUBACKs it has not processed yet
            }
        }
    }

    private static BridgeSettings settings(String kind, MosquittoBroker broker) {
        return new BridgeSettings(kind, broker.uri(), "figures-" + kind, TOPICS, "figures", 32,
                Duration.ofMillis(100), Duration.ofSeconds(2), 10_000, Duration.ofHours(1), Duration.ofSeconds(10),
                new GatewayConfig.Http("127.0.0.1", Optional.empty(), Optional.empty()));
    }
}
