package io.pumplink.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.Header;
import io.pumplink.proto.v1.ProgrammerRequest;
import io.pumplink.proto.v1.RequestKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code pumplink request} against a fake gateway side (a plain Paho client) on a real mosquitto. */
class RequestCommandTest {
    private static final String REQUESTS = "pumplink/v1/programmers/+/request";
    private static final String GATEWAY_REQUESTS = "pumplink/v1/gateways/+/programmers/+/request";
    private static final String DIRECTORY = "pumplink/v1/programmers/" + Samples.PROGRAMMER + "/gateway";
    private static final String RECORD_TOPIC = "pumplink/v1/pumps/" + Samples.PUMP + "/interrogation";

    /** What the fake gateway does with each request it receives, after recording it. */
    private interface Behaviour {
        void answer(MqttPeer gateway, MqttPeer.Received request) throws MqttException;
    }

    private static final List<MqttPeer.Received> requests = new CopyOnWriteArrayList<>();
    private static volatile Behaviour behaviour;
    private static MosquittoBroker broker;
    private static MqttPeer gateway;

    /** One broker and one fake gateway for the class: a Paho client takes ~0.4 s to connect and disconnect. */
    @BeforeAll
    static void startBrokerAndFakeGateway() throws Exception {
        broker = MosquittoBroker.launch();
        gateway = MqttPeer.connect(broker.uri(), "fake-gateway");
        gateway.onMessage(request -> {
            requests.add(request);
            try {
                behaviour.answer(gateway, request);
            } catch (MqttException e) {
                throw new IllegalStateException(e);
            }
        });
        gateway.subscribe(REQUESTS);
        gateway.subscribe(GATEWAY_REQUESTS);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            gateway.close();
        } finally {
            broker.close();
        }
    }

    @BeforeEach
    void silentGateway() {
        requests.clear();
        behaviour = (g, request) -> { };
    }

    private static Cli.Run request(String... args) {
        List<String> all = new ArrayList<>(List.of("request"));
        all.addAll(List.of(args));
        all.addAll(List.of("--mqtt", broker.uri().toString(), "--programmer", Samples.PROGRAMMER));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void interrogationPrintsTheAcceptedReplyAndThenTheSessionSummary() throws Exception {
        behaviour = (g, request) -> {
            g.respond(request, Samples.reply(true, ""));
            // another programmer's session first: not the one asked for
            g.publish("pumplink/v1/pumps/NGP-0001/interrogation", Samples.interrogation("PRG-OTHER", 99, true), false);
            g.publish(RECORD_TOPIC, Samples.interrogation(Samples.PROGRAMMER, 17, true), false);
        };

        Cli.Run run = request("interrogation", "--timeout", "10s");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0)).matches("\\d\\d:\\d\\d:\\d\\d replies/pumplink-request-\\S+  REPLY accepted,"
                + " COMMAND_RESULT OK \\(request 4242\\)");
        assertThat(run.lines().get(1)).contains("pumps/NGP-4711/interrogation  INTERROGATION session 17 COMPLETE,"
                + " entries 12/12, missing none, refills out of accuracy range 1 (#3), alarms 0, patient: <present>");
        assertThat(run.stdout()).doesNotContain("session 99").doesNotContain(Samples.PATIENT_REF);
        assertThat(run.stderr()).contains("request: requesting interrogation from programmer PRG-000001")
                .contains("request: programmer accepted, waiting for the session...");

        MqttPeer.Received sent = requests.get(0);
        assertThat(sent.topic()).isEqualTo("pumplink/v1/programmers/PRG-000001/request");
        assertThat(ProgrammerRequest.parseFrom(sent.message().getPayload()).getKind())
                .isEqualTo(RequestKind.REQUEST_KIND_INTERROGATION);
        assertThat(sent.message().getProperties().getCorrelationData()).hasSize(16);
        assertThat(sent.message().getProperties().getResponseTopic()).startsWith("pumplink/v1/replies/");
        assertThat(sent.message().getProperties().getContentType()).isEqualTo(RequestCommand.CONTENT_TYPE);
    }

    /** Issue 11: several gateways on one broker; the directory names the one holding the programmer. */
    @Test
    void theDirectoryRoutesTheRequestToTheHoldingGatewayAndOnlyItsAnswerCounts() throws Exception {
        Envelope entry = Envelope.newBuilder().setHeader(Header.newBuilder().setGatewayId(Samples.GATEWAY)
                .setMessageId("directory:" + Samples.GATEWAY)).build();
        gateway.publish(DIRECTORY, entry, true);
        try {
            behaviour = (g, request) -> {
                Envelope other = Samples.reply(false, "programmer PRG-000001 is not connected to other-gw").toBuilder()
                        .setHeader(Header.newBuilder().setGatewayId("other-gw").setMessageId("request-reply:other"))
                        .build();
                g.respond(request, other); // not the holder's answer: ignored
                g.respond(request, Samples.reply(true, ""));
            };

            Cli.Run run = request("status", "--timeout", "10s");

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stderr()).contains("programmer PRG-000001 is held by gateway " + Samples.GATEWAY)
                    .doesNotContain("other-gw");
            assertThat(requests).singleElement().satisfies(sent -> assertThat(sent.topic())
                    .isEqualTo("pumplink/v1/gateways/" + Samples.GATEWAY + "/programmers/PRG-000001/request"));
        } finally {
            gateway.publishRaw(DIRECTORY, new byte[0], true);
        }
    }

    @Test
    void anIncompleteSessionIsPrintedWithExitCodeOne() {
        behaviour = (g, request) -> {
            g.respond(request, Samples.reply(true, ""));
            g.publish(RECORD_TOPIC, Samples.interrogation(Samples.PROGRAMMER, 18, false), false);
        };

        Cli.Run run = request("interrogation", "--timeout", "10s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(1)).contains("INTERROGATION session 18 ABORTED_TELEMETRY_LOST (incomplete),"
                + " entries 10/12, missing 2 (#4, #7)");
        assertThat(run.stderr()).contains("request: the session ended incomplete (session end)");
    }

    @Test
    void jsonPrintsTheReplyAndTheRecordAsPublished() throws Exception {
        behaviour = (g, request) -> {
            g.respond(request, Samples.reply(true, ""));
            g.publish(RECORD_TOPIC, Samples.interrogation(Samples.PROGRAMMER, 17, true), false);
        };

        Cli.Run run = request("interrogation", "--json", "--timeout", "10s");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.lines()).hasSize(2);
        Envelope.Builder reply = Envelope.newBuilder();
        JsonFormat.parser().merge(run.lines().get(0), reply);
        Envelope.Builder record = Envelope.newBuilder();
        JsonFormat.parser().merge(run.lines().get(1), record);
        assertThat(reply.build()).isEqualTo(Samples.reply(true, ""));
        assertThat(record.build()).isEqualTo(Samples.interrogation(Samples.PROGRAMMER, 17, true));
    }

    @Test
    void statusEndsWithTheAcceptedReply() throws Exception {
        behaviour = (g, request) -> g.respond(request, Samples.reply(true, ""));

        Cli.Run run = request("status", "--timeout", "10s");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.lines()).singleElement().asString().contains("REPLY accepted, COMMAND_RESULT OK");
        assertThat(ProgrammerRequest.parseFrom(requests.get(0).message().getPayload()).getKind())
                .isEqualTo(RequestKind.REQUEST_KIND_STATUS);
        assertThat(run.stderr()).contains("programmer accepted; fresh status follows");
    }

    @Test
    void aRefusalIsPrintedWithExitCodeOne() {
        behaviour = (g, request) -> g.respond(request,
                Samples.reply(false, "programmer PRG-000001 is not connected to clinic-7"));

        Cli.Run run = request("interrogation", "--timeout", "10s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).singleElement().asString()
                .contains("REPLY refused: programmer PRG-000001 is not connected to clinic-7 (request 4242)");
        assertThat(run.stderr()).contains("request: refused: programmer PRG-000001 is not connected");
    }

    @Test
    void anUnansweredRequestTimesOutWithExitCodeOne() {
        long start = System.nanoTime();
        Cli.Run run = request("interrogation", "--timeout", "500ms");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("request: no reply from a gateway within 500 ms");
        assertThat(requests).hasSize(1);
    }

    @Test
    void anAcceptedInterrogationWithoutASessionTimesOutWithExitCodeOne() {
        behaviour = (g, request) -> g.respond(request, Samples.reply(true, ""));

        Cli.Run run = request("interrogation", "--timeout", "500ms");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).singleElement().asString().contains("REPLY accepted");
        assertThat(run.stderr())
                .contains("request: no interrogation record from programmer PRG-000001 within 500 ms");
    }

    @Test
    void withoutAnyGatewayListeningItSaysSoAtOnce() {
        long start = System.nanoTime();
        Cli.Run run = request("status", "--timeout", "30s", "--topic-prefix", "nobody/v1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(run.stderr()).contains("request: no gateway is listening: the broker has no subscriber for"
                + " nobody/v1/programmers/PRG-000001/request");
    }

    @Test
    void usageErrorsAreExitCodeTwo() {
        Cli.Run dose = Cli.run("request", "dose", "--mqtt", "tcp://localhost:1883", "--programmer", "PRG-1");
        assertThat(dose.exitCode()).isEqualTo(2);
        assertThat(dose.stderr()).contains("read-only");
        assertThat(Cli.run("request", "status", "--mqtt", "tcp://localhost:1883").exitCode()).isEqualTo(2);
        assertThat(Cli.run("request", "status", "--programmer", "PRG-1").exitCode()).isEqualTo(2);
        assertThat(Cli.run("request", "status", "--mqtt", "tcp://localhost:1883", "--programmer", "PRG-1",
                "--timeout", "0s").exitCode()).isEqualTo(2);
        assertThat(Cli.run("request", "status", "--mqtt", "tcp://localhost:1883", "--programmer", "PRG-1",
                "--topic-prefix", "pumplink/#").exitCode()).isEqualTo(2);
        assertThat(requests).isEmpty();
    }

    @Test
    void helpShowsExamples() {
        Cli.Run run = Cli.run("request", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("Examples:")
                .contains("pumplink request interrogation --mqtt tcp://localhost:1883 --programmer PRG-1")
                .contains("--timeout").contains("Read-only");
        assertThat(run.stdout().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }
}
