package io.pumplink.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.gateway.ops.OpsHttpServer;
import io.pumplink.proto.v1.ActiveAlarms;
import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.AlarmCode;
import io.pumplink.proto.v1.AlarmPriority;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.AlarmState;
import io.pumplink.proto.v1.Drug;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FlowMode;
import io.pumplink.proto.v1.FlowStatus;
import io.pumplink.proto.v1.Header;
import io.pumplink.proto.v1.InterrogationRecord;
import io.pumplink.proto.v1.LogEntry;
import io.pumplink.proto.v1.LogEvent;
import io.pumplink.proto.v1.ProjectionBasis;
import io.pumplink.proto.v1.ReservoirStatus;
import io.pumplink.proto.v1.SessionOutcome;
import io.pumplink.proto.v1.TherapySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The page in a real headless Chromium, drawing a feed of hand-made envelopes: the PTL 1.1 cases (therapy summary,
 * projections from the daily volume, refill accuracy) and the projection-less ones that the emulated PTL 1.0
 * programmer of {@link DashboardBrowserTest} does not produce. Dates are at noon UTC, so that they read the same in
 * the browser's time zone, whichever it is.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardPageTest {
    private static final String PREFIX = "pumplink/v1";
    /** PTL 1.1: flex schedule, 0.275 mL/day of baclofen 2 000 µg/mL; the reservoir runs low before the refill date. */
    private static final String FLEX_11 = "NGP-PAGE11";
    /** PTL 1.0: flex schedule without a therapy summary, so no projection and no daily dose. */
    private static final String FLEX_10 = "NGP-PAGE10";
    /** PTL 1.1 with the dose, concentration and refill date unknown. */
    private static final String UNKNOWNS = "NGP-PAGE00";
    private static final String FLEX_WITHOUT_SUMMARY = "flex schedule without THERAPY_SUMMARY (PTL 1.0"
            + " programmer): the current step's rate is not the daily rate";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final LiveFeed feed = new LiveFeed("page-test", "0.0.0", 1_000L, List::of, () -> 5_000L, 64);
    private Dashboard dashboard;
    private OpsHttpServer server;

    @BeforeEach
    void serve() throws Exception {
        dashboard = new Dashboard(feed, Dashboard.KEEP_ALIVE);
        server = dashboard.register(new OpsHttpServer()).start(new java.net.InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        server.close();
        dashboard.close();
    }

    @Test
    void showsTheTherapySummaryTheBasisOfEveryFigureAndTheGatewaysAlertsWithTheirSource() throws Exception {
        publishFlex11();
        publishFlex10();
        publish(UNKNOWNS, "therapy", Envelope.newBuilder().setHeader(header(UNKNOWNS))
                .setTherapySummary(TherapySummary.newBuilder().setPumpSerial(UNKNOWNS).setDrug(Drug.DRUG_MORPHINE)
                        .setDrugCode(2).setDailyVolumeNl(120_000).setDailyVolumeMl(0.12).setDailyDoseUg(-1))
                .build());

        try (HeadlessChromium browser = HeadlessChromium.launch(1280, 1400)) {
            browser.navigate("http://127.0.0.1:" + server.port() + "/");
            browser.await("document.querySelectorAll('.pump').length === 3", WAIT);
            // one more alert after the snapshot: it arrives as a live event
            Alarm interrupted = gatewayAlert(FLEX_10, AlarmCode.ALARM_CODE_THERAPY_INTERRUPTED,
                    AlarmPriority.ALARM_PRIORITY_HIGH, 7, "flow mode STOPPED");
            publish(FLEX_10, "alarm", alarmEvent(FLEX_10, interrupted));
            browser.await("[...document.querySelectorAll('.history-table tr')].some(r => /Therapy interrupted/"
                    + ".test(r.textContent))", WAIT);
            Files.write(Path.of("target", "dashboard-page-test.png"), browser.screenshot());
            Page page = new Page(browser);

            assertThat(page.text(FLEX_11, ".tile.therapy .tile-value")).isEqualTo("0.275 mL/day");
            assertThat(page.text(FLEX_11, ".therapy-dose")).isEqualTo("550 µg/day");
            assertThat(page.text(FLEX_11, ".refill-due")).isEqualTo("refill due 2026-03-01");
            assertThat(page.text(FLEX_11, ".tile.dose .tile-value")).isEqualTo("550 µg/day");
            assertThat(page.text(FLEX_11, ".dose-basis")).isEqualTo("from the daily volume 0.275 mL/day");
            assertThat(page.text(FLEX_11, ".tile.flow .tile-sub")).startsWith("now 0.240 mL/day · 10,000 nL/h");
            assertThat(page.text(FLEX_11, ".tile.refill .tile-value")).isEqualTo("2026-02-04");
            assertThat(page.text(FLEX_11, ".low-date")).isEqualTo("low alarm on 2026-02-07");
            assertThat(page.text(FLEX_11, ".days-left")).isEqualTo("37.5 days to low alarm");
            assertThat(page.text(FLEX_11, ".projection-basis"))
                    .isEqualTo("projected from the daily volume 0.275 mL/day");
            assertThat(page.text(FLEX_11, ".refill-accuracy")).isEqualTo(" · refill accuracy +18.0 % (tolerance"
                    + " ±14.5 %)");
            assertThat(page.attribute(FLEX_11, ".alarm", "data-source")).isEqualTo("gateway");
            assertThat(page.attribute(FLEX_11, ".alarm", "class")).isEqualTo("alarm alarm-high");
            assertThat(page.text(FLEX_11, ".alarm .alarm-name")).isEqualTo("Runout before refill due");
            assertThat(page.text(FLEX_11, ".alarm .alarm-source")).isEqualTo("gateway");
            assertThat(page.text(FLEX_11, ".alarm .alarm-detail"))
                    .isEqualTo("low-reservoir date 2026-02-07T12:00:00Z, refill due 2026-03-01T12:00:00Z");

            assertThat(page.text(FLEX_10, ".tile.therapy .tile-sub")).isEqualTo("none received from the programmer");
            assertThat(page.text(FLEX_10, ".tile.dose .tile-value")).isEqualTo("—");
            assertThat(page.text(FLEX_10, ".dose-basis")).isEqualTo("no daily dose: " + FLEX_WITHOUT_SUMMARY);
            assertThat(page.text(FLEX_10, ".tile.refill .tile-value")).isEqualTo("—");
            assertThat(page.text(FLEX_10, ".projection-basis")).isEqualTo("no projection: " + FLEX_WITHOUT_SUMMARY);
            assertThat(page.count(FLEX_10, ".days-left")).as("no days-left figure without a basis").isZero();
            assertThat(page.text(FLEX_10, ".alarm .alarm-source")).isEqualTo("pump");
            assertThat(page.text(FLEX_10, ".alarm .alarm-name")).isEqualTo("Low reservoir");
            assertThat(page.text(FLEX_10, ".alarm .alarm-detail")).as("a pump's detail, by its code")
                    .isEqualTo("reservoir 2.00 mL");

            assertThat(page.text(UNKNOWNS, ".therapy-dose")).isEqualTo("dose unknown");
            assertThat(page.text(UNKNOWNS, ".therapy-drug"))
                    .isEqualTo("Morphine concentration unknown");
            assertThat(page.text(UNKNOWNS, ".refill-due")).isEqualTo("refill due date unknown");

            String live = browser.evaluate("[...document.querySelectorAll('.history-table tbody tr')]"
                    + ".find(r => /Therapy interrupted/.test(r.textContent)).outerHTML").asText();
            assertThat(live).contains("class=\"alarm-event alarm-event-high\" data-source=\"gateway\"",
                    "<span class=\"alarm-source\">gateway</span>", "gateway clock", "flow mode STOPPED");
            assertThat(browser.dom()).doesNotContain("REF-777777").doesNotContain("patientRef");
        }
    }

    private void publishFlex11() {
        publish(FLEX_11, "therapy", Envelope.newBuilder().setHeader(header(FLEX_11))
                .setTherapySummary(TherapySummary.newBuilder().setTsMs(ms("2026-01-01")).setPumpSerial(FLEX_11)
                        .setDrug(Drug.DRUG_BACLOFEN).setDrugCode(1).setConcentrationUgPerMl(2_000)
                        .setDailyVolumeNl(275_000).setDailyVolumeMl(0.275).setDailyDoseUg(550).setDailyDoseUgPerDay(550)
                        .setNextRefillDueTsMs(ms("2026-03-01")))
                .build());
        publish(FLEX_11, "reservoir", Envelope.newBuilder().setHeader(header(FLEX_11))
                .setReservoirStatus(reservoir(FLEX_11).setVolumeUl(12_300).setVolumeMl(12.3)
                        .setProjectionBasis(ProjectionBasis.PROJECTION_BASIS_DAILY_VOLUME)
                        .setProjectionDailyVolumeNl(275_000).setDaysToLowThreshold(37.45).setDaysToEmpty(44.73)
                        .setLowThresholdDateMs(ms("2026-02-07")).setRefillByDateMs(ms("2026-02-04")))
                .build());
        publish(FLEX_11, "flow", Envelope.newBuilder().setHeader(header(FLEX_11))
                .setFlowStatus(flex(FLEX_11).setDailyDoseUgPerDay(550).setConcentrationUgPerMl(2_000)
                        .setDailyDoseBasis(ProjectionBasis.PROJECTION_BASIS_DAILY_VOLUME).setDailyVolumeNl(275_000))
                .build());
        publish(FLEX_11, "alarms/active", active(FLEX_11, gatewayAlert(FLEX_11,
                AlarmCode.ALARM_CODE_RUNOUT_BEFORE_REFILL_DUE, AlarmPriority.ALARM_PRIORITY_HIGH, 1,
                "low-reservoir date 2026-02-07T12:00:00Z, refill due 2026-03-01T12:00:00Z")));
        publish(FLEX_11, "interrogation", Envelope.newBuilder().setHeader(header(FLEX_11))
                .setInterrogationRecord(InterrogationRecord.newBuilder().setPumpSerial(FLEX_11).setSessionId(4)
                        .setPatientRef("REF-777777").setBeginTsMs(ms("2026-01-01")).setComplete(true)
                        .setSessionEndReceived(true).setOutcome(SessionOutcome.SESSION_OUTCOME_COMPLETE)
                        .setEntryCountReceived(2).setEntryCountExpected(2)
                        .addLogEntries(LogEntry.newBuilder().setIndex(0).setEvent(LogEvent.LOG_EVENT_REFILL)
                                .setEventCode(1).setA(1_000).setB(700).setC(20_000).setRefillDiscrepancyUl(-300))
                        .addLogEntries(LogEntry.newBuilder().setIndex(1)
                                .setEvent(LogEvent.LOG_EVENT_REFILL_ACCOUNTING).setEventCode(8).setA(10_000)
                                .setB(12_500).setC(720).setRefillExpectedDeliveredUl(10_000)
                                .setRefillActualDeliveredUl(11_800).setRefillDeviationPct(18.0)
                                .setRefillDeviationOutOfRange(true).setRefillTolerancePct(14.5)))
                .build());
    }

    private void publishFlex10() {
        publish(FLEX_10, "reservoir", Envelope.newBuilder().setHeader(header(FLEX_10))
                .setReservoirStatus(reservoir(FLEX_10).setVolumeUl(1_900).setVolumeMl(1.9)
                        .setProjectionBasis(ProjectionBasis.PROJECTION_BASIS_NONE)
                        .setProjectionUnavailableReason(FLEX_WITHOUT_SUMMARY))
                .build());
        publish(FLEX_10, "flow", Envelope.newBuilder().setHeader(header(FLEX_10))
                .setFlowStatus(flex(FLEX_10).setConcentrationUgPerMl(2_000)
                        .setDailyDoseBasis(ProjectionBasis.PROJECTION_BASIS_NONE)
                        .setDailyDoseUnavailableReason(FLEX_WITHOUT_SUMMARY))
                .build());
        publish(FLEX_10, "alarms/active", active(FLEX_10, Alarm.newBuilder().setTsMs(ms("2026-01-01"))
                .setPumpSerial(FLEX_10).setAlarmId(1).setAlarm(AlarmCode.ALARM_CODE_LOW_RESERVOIR).setAlarmCode(1)
                .setPriority(AlarmPriority.ALARM_PRIORITY_MEDIUM).setPriorityCode(2)
                .setState(AlarmState.ALARM_STATE_RAISED).setStateCode(1).setDetail(1_999)
                .setSource(AlarmSource.ALARM_SOURCE_PUMP).setName("LOW_RESERVOIR").build()));
    }

    private void publish(String pump, String leaf, Envelope envelope) {
        feed.accept(PREFIX + "/pumps/" + pump + "/" + leaf, envelope);
    }

    private static Header.Builder header(String pump) {
        return Header.newBuilder().setGatewayId("page-test").setProgrammerSerial("PRG-PAGE").setPumpSerial(pump);
    }

    private static ReservoirStatus.Builder reservoir(String pump) {
        return ReservoirStatus.newBuilder().setTsMs(ms("2026-01-01")).setPumpSerial(pump).setLowAlarmThresholdUl(2_000)
                .setDrug(Drug.DRUG_BACLOFEN).setDrugCode(1).setConcentrationUgPerMl(2_000);
    }

    /** Step 2 of 4 at 10 000 nL/h: 0.240 mL/day now, which is not the day's volume. */
    private static FlowStatus.Builder flex(String pump) {
        return FlowStatus.newBuilder().setTsMs(ms("2026-01-01")).setPumpSerial(pump)
                .setMode(FlowMode.FLOW_MODE_FLEX_SCHEDULE).setModeCode(2).setRateNlPerHour(10_000)
                .setRateMlPerDay(0.24).setStepIndex(1).setStepCount(4).setDeliveredSinceRefillUl(4_560);
    }

    private static Alarm gatewayAlert(String pump, AlarmCode code, AlarmPriority priority, int alarmId,
                                      String reason) {
        return Alarm.newBuilder().setTsMs(ms("2026-01-02")).setPumpSerial(pump).setAlarmId(alarmId).setAlarm(code)
                .setAlarmCode(code.getNumber()).setPriority(priority).setPriorityCode(priority.getNumber() - 1)
                .setState(AlarmState.ALARM_STATE_RAISED).setStateCode(1).setSource(AlarmSource.ALARM_SOURCE_GATEWAY)
                .setName(code.name().substring("ALARM_CODE_".length())).setReason(reason).build();
    }

    private static Envelope alarmEvent(String pump, Alarm alarm) {
        return Envelope.newBuilder().setHeader(header(pump)).setAlarm(alarm).build();
    }

    private static Envelope active(String pump, Alarm alarm) {
        return Envelope.newBuilder().setHeader(header(pump))
                .setActiveAlarms(ActiveAlarms.newBuilder().setPumpSerial(pump).addAlarms(alarm)).build();
    }

    private static long ms(String date) {
        return Instant.parse(date + "T12:00:00Z").toEpochMilli();
    }

    /** Reads one pump card of the running page. */
    private record Page(HeadlessChromium browser) {
        String text(String pump, String selector) {
            return browser.evaluate(element(pump, selector) + ".textContent").asText();
        }

        String attribute(String pump, String selector, String name) {
            return browser.evaluate(element(pump, selector) + ".getAttribute('" + name + "')").asText();
        }

        int count(String pump, String selector) {
            return browser.evaluate(card(pump) + ".querySelectorAll('" + selector + "').length").asInt();
        }

        private static String element(String pump, String selector) {
            return card(pump) + ".querySelector('" + selector.replace("'", "\\'") + "')";
        }

        private static String card(String pump) {
            return "document.querySelector('.pump[data-serial=\"" + pump + "\"]')";
        }
    }
}
