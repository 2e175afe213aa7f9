package io.pumplink.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumplink.gateway.config.GatewayConfig;
import io.pumplink.gateway.mqtt.Fixtures;
import io.pumplink.gateway.mqtt.IncomingRequest;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.MqttPublisher;
import io.pumplink.gateway.mqtt.Probe;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.Request;
import io.pumplink.proto.v1.RequestReply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 over a real broker (a wildcard response topic, which Paho will not send, is handed over directly): requests are bounded per programmer and timed-out ones withdrawn (item 1), answers
 * go only under the reply prefix (item 2), only the gateway holding a programmer answers (item 3). The programmers
 * are fakes that record what reaches their link and answer only when told to.
 */
class RequestBridgeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Topics TOPICS = new Topics(Topics.DEFAULT_PREFIX);
    private static final String REPLIES = "pumplink/v1/replies/test/";
    private static final byte[] STATUS = "{\"kind\":\"REQUEST_KIND_STATUS\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INTERROGATION =
            "{\"kind\":\"REQUEST_KIND_INTERROGATION\"}".getBytes(StandardCharsets.UTF_8);

    private final List<AutoCloseable> open = new ArrayList<>();
    private MosquittoBroker broker;
    private Probe requester;
    private int correlations;

    /** A programmer's link that records requests; answers stay with the test. */
    private static final class FakeLink implements Function<Request, CompletableFuture<CommandResult>> {
        final List<Request> requests = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<CommandResult>> answers = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<CommandResult> apply(Request request) {
            CompletableFuture<CommandResult> answer = new CompletableFuture<>();
            requests.add(request);
            answers.add(answer);
            return answer;
        }
    }

    @BeforeEach
    void broker() throws Exception {
        broker = MosquittoBroker.launch();
        requester = Probe.connect(broker.uri(), "requester");
        requester.subscribe("#", 1);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        requester.close();
        broker.close();
    }

    private RequestBridge bridge;

    private RequestRefusals gateway(String gatewayId, Duration requestTimeout, List<RequestBridge.Held> held)
            throws Exception {
        MqttPublisher mqtt = Fixtures.publisher(broker.uri(), gatewayId, 100);
        open.add(mqtt);
        mqtt.start();
        RequestRefusals refusals = new RequestRefusals();
        bridge = new RequestBridge(gatewayId, TOPICS, mqtt, () -> held, requestTimeout,
                new GatewayConfig.Requests(4, 10, "pumplink/v1/replies/"), refusals, () -> 0L, System::nanoTime);
        bridge.start();
        // subscribed in order: once the per-gateway topic answers, the shared one is subscribed too
        String probe = REPLIES + gatewayId + "-ready";
        await().atMost(TIMEOUT).until(() -> {
            requester.request(TOPICS.gatewayRequest(gatewayId, "PRG-NOBODY"), STATUS, probe, new byte[] {0});
            return !requester.on(probe).isEmpty();
        });
        return refusals;
    }

    private byte[] ask(String topic, byte[] payload, String responseTopic) throws Exception {
        byte[] correlation = ("c-" + correlations++).getBytes(StandardCharsets.UTF_8);
        requester.request(topic, payload, responseTopic, correlation);
        return correlation;
    }

    private List<RequestReply> repliesOn(String topic) {
        return requester.on(topic).stream().map(m -> m.envelope().getRequestReply()).toList();
    }

    /** 5 000 at the unit level: {@link ProgrammerRequestsTest}; here a flood as it arrives over MQTT. */
    @Test
    void aFloodOfRequestsToASilentProgrammerSendsOneFramePerKindAndRefusesBeyondTheQueue() throws Exception {
        FakeLink silent = new FakeLink();
        gateway("gw-a", TIMEOUT, List.of(new RequestBridge.Held("PRG-1", silent)));

        for (int i = 0; i < 500; i++) {
            ask(TOPICS.programmer("PRG-1", "request"), i % 2 == 0 ? INTERROGATION : STATUS, REPLIES + "flood");
        }

        await().atMost(TIMEOUT).until(() -> requester.on(REPLIES + "flood").size() == 496);
        assertThat(repliesOn(REPLIES + "flood")).allSatisfy(r -> {
            assertThat(r.getAccepted()).isFalse();
            assertThat(r.getError()).isEqualTo("queue full");
        });
        assertThat(silent.requests).as("one frame per kind; the other requesters share it").hasSize(2);
    }

    @Test
    void aTimedOutRequestFailsTheLinksOwnFutureWhichWithdrawsItFromTheOutbox() throws Exception {
        FakeLink silent = new FakeLink();
        gateway("gw-a", Duration.ofMillis(200), List.of(new RequestBridge.Held("PRG-1", silent)));

        ask(TOPICS.programmer("PRG-1", "request"), STATUS, REPLIES + "late");

        await().atMost(TIMEOUT).until(() -> !requester.on(REPLIES + "late").isEmpty());
        assertThat(repliesOn(REPLIES + "late")).singleElement()
                .satisfies(r -> assertThat(r.getError()).isEqualTo("no COMMAND_RESULT within 0 s"));
        // GatewayLinkHandlerTest: a request whose future failed is never sent nor retransmitted
        assertThat(silent.answers).singleElement().satisfies(a -> assertThat(a).failsWithin(Duration.ZERO)
                .withThrowableThat().withCauseInstanceOf(TimeoutException.class));
    }

    @Test
    void answersGoOnlyUnderTheReplyPrefixAndRequestsWithoutOneAreRefusedAndCounted() throws Exception {
        FakeLink link = new FakeLink();
        RequestRefusals refusals = gateway("gw-a", TIMEOUT, List.of(new RequestBridge.Held("PRG-1", link)));
        String request = TOPICS.programmer("PRG-1", "request");
        String dataTopic = TOPICS.programmer("PRG-1", "status");

        ask(request, STATUS, dataTopic);
        ask(request, STATUS, TOPICS.gatewayStatus("gw-a"));
        ask(request, STATUS, "elsewhere/replies");
        bridge.onRequest(new IncomingRequest(request, STATUS, Optional.of(REPLIES + "+"), Optional.empty(), Map.of()));
        requester.publish(request, new MqttMessage(STATUS, 1, false, null));
        ask(request, STATUS, REPLIES + "allowed");

        await().atMost(TIMEOUT).until(() -> link.requests.size() == 1);
        link.answers.get(0).complete(new CommandResult(link.requests.get(0).requestId(), 0));
        await().atMost(TIMEOUT).until(() -> !requester.on(REPLIES + "allowed").isEmpty());
        assertThat(repliesOn(REPLIES + "allowed")).singleElement().satisfies(r -> assertThat(r.getAccepted()).isTrue());
        assertThat(requester.received()).extracting(Probe.Msg::topic)
                .doesNotContain(dataTopic, TOPICS.gatewayStatus("gw-a"), "elsewhere/replies");
        assertThat(refusals.count(RequestRefusal.RESPONSE_TOPIC_NOT_ALLOWED)).isEqualTo(3);
        assertThat(refusals.count(RequestRefusal.WILDCARD_RESPONSE_TOPIC)).isEqualTo(1);
        assertThat(refusals.count(RequestRefusal.NO_RESPONSE_TOPIC)).isEqualTo(1);
    }

    @Test
    void onlyTheGatewayHoldingTheProgrammerAnswersTheSharedTopic() throws Exception {
        FakeLink link = new FakeLink();
        gateway("gw-a", TIMEOUT, List.of(new RequestBridge.Held("PRG-1", link)));
        gateway("gw-b", TIMEOUT, List.of());

        byte[] shared = ask(TOPICS.programmer("PRG-1", "request"), STATUS, REPLIES + "shared");
        await().atMost(TIMEOUT).until(() -> link.requests.size() == 1);
        link.answers.get(0).complete(new CommandResult(link.requests.get(0).requestId(), 0));
        // gw-b handles its requests in order: once it answers this one, it has passed over the shared one
        ask(TOPICS.gatewayRequest("gw-b", "PRG-1"), STATUS, REPLIES + "gw-b");
        await().atMost(TIMEOUT).until(() -> !requester.on(REPLIES + "gw-b").isEmpty()
                && !requester.on(REPLIES + "shared").isEmpty());

        assertThat(requester.on(REPLIES + "shared")).singleElement().satisfies(m -> {
            assertThat(m.correlationData()).isEqualTo(shared);
            assertThat(m.envelope().getHeader().getGatewayId()).isEqualTo("gw-a");
            assertThat(m.envelope().getRequestReply().getAccepted()).isTrue();
        });
        assertThat(repliesOn(REPLIES + "gw-b")).singleElement().satisfies(r -> {
            assertThat(r.getAccepted()).isFalse();
            assertThat(r.getError()).isEqualTo("programmer PRG-1 is not connected to gw-b");
        });
    }
}
