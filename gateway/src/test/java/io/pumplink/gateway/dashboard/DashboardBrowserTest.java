package io.pumplink.gateway.dashboard;

import io.pumplink.emulator.EmulatorLaunch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumplink.emulator.Emulator;
import io.pumplink.emulator.scenario.ScenarioLoader;
import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.config.ConfigLoader;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard end to end, in a real headless Chromium: a real mosquitto, an emulated programmer and pump whose
 * reservoir crosses its low-alarm threshold a few seconds in (LOW_RESERVOIR, medium priority), and the gateway
 * serving the page and its event stream on a free HTTP port. The gateway raises two alerts of its own at the first
 * status round: PUMP_CLOCK_DRIFT (low), as the emulated clock starts on 2026-01-01 and runs 12 000 times fast, and
 * REFILL_OVERDUE (medium), as the refill-by date (3 days before the low-reservoir date) is before that start. The
 * programmer is PTL 1.0 (no THERAPY_SUMMARY): projections and the daily dose come from the CONTINUOUS rate.
 * {@link DashboardPageTest} covers what it does not produce.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardBrowserTest {
    private static final String PUMP = "NGP-DASH01";
    private static final String PROGRAMMER = "PRG-DASH01";
    private static final Pattern PATIENT_REF = Pattern.compile("REF-\\d{6}"); // the emulator's patient references
    /**
     * Baclofen 2 000 µg/mL at 500 µg/day (250 µL/day) from 2 150 µL, threshold 2 000 µL: LOW_RESERVOIR after
     * 0.6 simulated days, about 4 s at this speed. Status streams every simulated hour; interrogations at 1 h and 6 h.
     */
    private static final String SCENARIO = """
            name: dashboard-test
            programmer:
              serial: %s
              heartbeatIntervalMs: 500
              statusStreaming: { enabled: true, interval: 1h }
            pumps:
              - serial: %s
                reservoirCapacityUl: 20000
                volumeUl: 2150
                lowAlarmThresholdUl: 2000
                drug: BACLOFEN
                concentrationUgPerMl: 2000
                mode: CONTINUOUS
                dailyDoseUgPerDay: 500
            events:
              - { at: 1h, interrogate: {} }
              - { at: 6h, interrogate: {} }
            """.formatted(PROGRAMMER, PUMP);
    private static final double SPEED = 12_000;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MosquittoBroker broker;
    private Emulator emulator;
    private Gateway gateway;
    private Path journal;
    private String base;

    @BeforeAll
    void start() throws Exception {
        broker = MosquittoBroker.launch();
        emulator = startEmulator();
        journal = Files.createTempDirectory("dashboard-journal-");
        gateway = new Gateway(ConfigLoader.parse("""
                gatewayId: dash-test
                links:
                  - id: bench-1
                    endpoint: tcp:127.0.0.1:%d
                    reconnectInitial: 50ms
                    reconnectMax: 500ms
                mqtt:
                  uri: %s
                journal:
                  dir: %s
                http:
                  host: 127.0.0.1
                  port: 0
                """.formatted(emulator.ports().get(0), broker.uri(), journal), "test"), "test").start();
        base = "http://127.0.0.1:" + gateway.httpPort().orElseThrow() + "/";
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (journal != null) {
            try (Stream<Path> files = Files.walk(journal)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void pageShowsPumpLinkAndActiveAlarmFromTheLiveStream() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.launch(1280, 900)) {
            browser.navigate(base);
            String card = "document.querySelector('.pump[data-serial=\"" + PUMP + "\"]')";
            browser.await(card + " && " + card + ".querySelector('.alarm[data-source=\"pump\"].alarm-medium')",
                    Duration.ofSeconds(30));
            browser.await(card + ".querySelector('.alarm[data-source=\"gateway\"].alarm-low')", Duration.ofSeconds(10));
            browser.await("document.querySelector('.link-state.state-up')", Duration.ofSeconds(10));
            browser.await("[...document.querySelectorAll('.card-foot')].some(e => /Last interrogation/"
                    + ".test(e.textContent))", Duration.ofSeconds(20));
            String dom = browser.dom();
            Files.write(Path.of("target", "dashboard-test.png"), browser.screenshot());

            assertThat(dom).contains("<h2 class=\"pump-serial\">" + PUMP + "</h2>");
            Matcher volume = Pattern.compile(
                    "class=\"tile-value reservoir-volume\">(\\d+\\.\\d{2}) <span class=\"unit\">mL</span><").matcher(dom);
            assertThat(volume.find()).as("a reservoir volume in mL").isTrue();
            assertThat(Double.parseDouble(volume.group(1))).isBetween(0.0, 2.15);
            assertThat(dom).contains("class=\"reservoir-threshold\">2.00 mL<");
            assertThat(dom).contains("class=\"tile-value daily-dose\"><span>500 <span class=\"unit\">µg/day</span>");
            // the basis comes with every figure; a PTL 1.1 emulator would make it the daily volume
            assertThat(dom).containsPattern("class=\"dose-basis\">from the (current rate|daily volume) 0\\.250 mL/day<");
            assertThat(dom).containsPattern("class=\"projection-basis\">projected from the (current rate|daily volume)"
                    + " 0\\.250 mL/day<");
            assertThat(dom).containsPattern("class=\"low-date\">low alarm (on|since) \\d{4}-\\d{2}-\\d{2}<");
            assertThat(dom).contains("class=\"tile-value flow-mode\">Continuous<");
            assertThat(dom).contains("class=\"tile-value battery-state\">OK<");
            assertThat(dom).containsPattern("class=\"tile-value refill-by\">\\d{4}-\\d{2}-\\d{2}<");
            assertThat(dom).contains("<div class=\"programmer-serial\">" + PROGRAMMER + "</div>");
            assertThat(dom).contains("<span class=\"link-state state-up\">UP</span>");
            assertThat(dom).contains("data-counter=\"seqGaps\"", "data-counter=\"duplicates\"",
                    "data-counter=\"retransmitsSeen\"", "data-counter=\"invalidCrc\"");
            assertThat(dom).containsPattern("<div class=\"alarm alarm-medium\" data-priority=\"MEDIUM\""
                    + " data-source=\"pump\"[^>]*><span class=\"alarm-priority\">MEDIUM</span><span"
                    + " class=\"alarm-name\">Low reservoir</span><span class=\"alarm-source\">pump</span>");
            assertThat(dom).containsPattern("<div class=\"alarm alarm-low\" data-priority=\"LOW\""
                    + " data-source=\"gateway\"[^>]*><span class=\"alarm-priority\">LOW</span><span"
                    + " class=\"alarm-name\">Pump clock drift</span><span class=\"alarm-source\">gateway</span>"
                    + "<span class=\"alarm-meta\">since [^<]+ \\(gateway clock\\)</span><div class=\"alarm-detail\">pump"
                    + " clock [+-][0-9.]+ (s|h|days) from the gateway's, limit 600 s</div>");
            // overdue because the gateway's REFILL_OVERDUE alert is active, not by a date compared in the page
            assertThat(dom).containsPattern("data-source=\"gateway\"[^>]*><span class=\"alarm-priority\">MEDIUM"
                    + "</span><span class=\"alarm-name\">Refill overdue</span>");
            assertThat(dom).contains("<span class=\"flag\">refill overdue</span>");
            assertThat(dom).containsPattern("<tr class=\"alarm-event alarm-event-medium\" data-source=\"pump\">"
                    + ".*Low reservoir");
            assertThat(dom).containsPattern("<tr class=\"alarm-event alarm-event-low\" data-source=\"gateway\">"
                    + ".*gateway clock.*Pump clock drift");
            assertThat(dom).contains("<polyline");
            assertThat(dom).doesNotContainPattern(PATIENT_REF).doesNotContain("patientRef");
        }
    }

    @Test
    void eventStreamStartsWithASnapshotAndNeverCarriesPatientReferences() throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(base + "events"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        StringBuilder seen = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("retry: 2000");
            assertThat(reader.readLine()).isEmpty();
            assertThat(reader.readLine()).isEqualTo("event: snapshot");
            String data = reader.readLine();
            assertThat(data).startsWith("data: ");
            JsonNode snapshot = json.readTree(data.substring("data: ".length()));
            assertThat(snapshot.path("gateway").path("id").asText()).isEqualTo("dash-test");
            assertThat(snapshot.has("pumps") && snapshot.has("programmers") && snapshot.has("alarmHistory")
                    && snapshot.has("links")).isTrue();
            seen.append(data).append('\n');
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean interrogation = data.contains("\"interrogationRecord\"");
            boolean lowReservoir = data.contains("ALARM_CODE_LOW_RESERVOIR");
            boolean gatewayAlert = data.contains("\"source\":\"ALARM_SOURCE_GATEWAY\",\"name\":\"PUMP_CLOCK_DRIFT\"");
            boolean links = false;
            while (!(interrogation && lowReservoir && gatewayAlert && links) && System.nanoTime() < deadline) {
                String line = reader.readLine();
                assertThat(line).as("stream open").isNotNull();
                seen.append(line).append('\n');
                interrogation |= line.contains("\"interrogationRecord\"");
                lowReservoir |= line.contains("ALARM_CODE_LOW_RESERVOIR");
                gatewayAlert |= line.contains("\"source\":\"ALARM_SOURCE_GATEWAY\",\"name\":\"PUMP_CLOCK_DRIFT\"");
                links |= line.equals("event: links");
            }
            assertThat(interrogation).as("an interrogation record came through").isTrue();
            assertThat(lowReservoir).as("the LOW_RESERVOIR alarm came through").isTrue();
            assertThat(gatewayAlert).as("the gateway's PUMP_CLOCK_DRIFT alert came through, with its source").isTrue();
            assertThat(links).as("link snapshots come every second").isTrue();
        }
        assertThat(seen.toString()).doesNotContainPattern(PATIENT_REF).doesNotContain("patientRef");
    }

    @Test
    void servesThePageAndItsAssets() throws Exception {
        assertThat(get("").headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(get("app.js").headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("style.css").headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        assertThat(get("").body()).contains("<script src=\"app.js\"></script>");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "events"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("read-only").isEqualTo(405);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    private static Emulator startEmulator() throws InterruptedException {
        return EmulatorLaunch.startTcp(ScenarioLoader.parse(SCENARIO, "dashboard-test"), 1, 7, SPEED,
                Optional.empty());
    }
}
