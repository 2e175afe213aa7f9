package io.pumplink.gateway.dashboard;

import static io.pumplink.gateway.dashboard.LiveFeedTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.AlarmCode;
import io.pumplink.proto.v1.AlarmPriority;
import io.pumplink.proto.v1.AlarmState;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FlowStatus;
import io.pumplink.proto.v1.GatewayStatus;
import io.pumplink.proto.v1.Header;
import io.pumplink.proto.v1.LinkStatus;
import io.pumplink.proto.v1.ProgrammerStatus;
import io.pumplink.proto.v1.ReservoirStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The view model's rules, which the page relies on and never repeats. */
class DashboardViewTest {
    private static final String PUMP = "NGP-000001";
    private static final String PROGRAMMER = "PRG-000001";

    private final ObjectMapper json = new ObjectMapper();
    private final DashboardView view = new DashboardView("gw-1", "1.2.3", 1_000L);

    @Test
    void aChangeHoldsOnlyWhatChangedInTheSnapshotsShape() throws Exception {
        JsonNode reading = change(reservoir(1_000, 3_000));
        assertThat(fields(reading)).containsExactly("pumps");
        assertThat(fields(reading.path("pumps").path(PUMP))).containsExactly("reservoir", "reservoirHistory");
        JsonNode flow = change(Envelope.newBuilder().setHeader(Header.newBuilder().setPumpSerial(PUMP))
                .setFlowStatus(FlowStatus.newBuilder().setPumpSerial(PUMP).setRateNlPerHour(10_417)).build());
        assertThat(fields(flow.path("pumps").path(PUMP))).containsExactly("flow");
        JsonNode status = change(Envelope.newBuilder().setHeader(Header.newBuilder().setProgrammerSerial(PROGRAMMER))
                .setProgrammerStatus(ProgrammerStatus.newBuilder().setBatteryPct(80)).build());
        assertThat(fields(status)).containsExactly("programmers");
        assertThat(fields(status.path("programmers").path(PROGRAMMER))).containsExactly("status");

        JsonNode pumpAlarm = change(alarm(1, AlarmState.ALARM_STATE_RAISED, PUMP));
        assertThat(fields(pumpAlarm)).as("a pump's active set is published, not kept here")
                .containsExactly("alarmHistory");
        JsonNode programmerAlarm = change(alarm(7, AlarmState.ALARM_STATE_RAISED, ""));
        assertThat(fields(programmerAlarm)).containsExactly("alarmHistory", "programmers");
        assertThat(programmerAlarm.path("alarmHistory")).hasSize(2);
        assertThat(programmerAlarm.path("programmers").path(PROGRAMMER).path("activeAlarms").get(0).path("alarmId")
                .asInt()).isEqualTo(7);

        assertThat(view.apply("t", Envelope.newBuilder().setLinkStatus(LinkStatus.getDefaultInstance()).build()))
                .as("links come from the supervisors").isNull();
        assertThat(view.apply("t", Envelope.newBuilder().setGatewayStatus(GatewayStatus.getDefaultInstance())
                .build())).isNull();
    }

    @Test
    void aProgrammersActiveAlarmsAreThoseRaisedAndNotClearedByIdentity() throws Exception {
        change(alarm(7, AlarmState.ALARM_STATE_RAISED, ""));
        change(alarm(8, AlarmState.ALARM_STATE_RAISED, ""));
        change(alarm(7, AlarmState.ALARM_STATE_RAISED, "")); // the same alarm again: still one
        JsonNode cleared = change(alarm(7, AlarmState.ALARM_STATE_CLEARED, ""));

        JsonNode active = cleared.path("programmers").path(PROGRAMMER).path("activeAlarms");
        assertThat(active).hasSize(1);
        assertThat(active.get(0).path("alarmId").asInt()).isEqualTo(8);
        assertThat(cleared.path("alarmHistory")).as("every event stays in the history").hasSize(4);
    }

    @Test
    void changesPutInPlaceOfWhatTheyReplaceGiveTheSnapshot() throws Exception {
        ObjectNode page = (ObjectNode) json.readTree(view.snapshot().toString());
        List<Envelope> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(reservoir(1_000L * (i / 2), 3_000 - i)); // every reading twice: one point each
            published.add(alarm(i, AlarmState.ALARM_STATE_RAISED, i % 2 == 0 ? PUMP : ""));
        }
        published.add(alarm(1, AlarmState.ALARM_STATE_CLEARED, ""));
        published.add(Envelope.newBuilder().setHeader(Header.newBuilder().setProgrammerSerial(PROGRAMMER))
                .setProgrammerStatus(ProgrammerStatus.newBuilder().setBatteryPct(80)).build());

        for (Envelope envelope : published) {
            putInPlace(page, change(envelope)); // as app.js does
        }

        assertThat(page).isEqualTo(json.readTree(view.snapshot().toString()));
        assertThat(page.path("pumps").path(PUMP).path("reservoirHistory")).hasSize(3);
    }

    /** The page's one rule: a change's parts replace the page's, per pump and per programmer. */
    private static void putInPlace(ObjectNode page, JsonNode change) {
        for (String group : List.of("pumps", "programmers")) {
            change.path(group).properties().forEach(serial -> ((ObjectNode) page.path(group))
                    .withObjectProperty(serial.getKey()).setAll((ObjectNode) serial.getValue()));
        }
        if (change.has("alarmHistory")) {
            page.set("alarmHistory", change.get("alarmHistory"));
        }
    }

    /** What the page receives: serialized at once, as the feed does, before the view changes again. */
    private JsonNode change(Envelope envelope) throws Exception {
        return json.readTree(view.apply("pumplink/v1/x", envelope).toString());
    }

    private static Envelope reservoir(long tsMs, int volumeUl) {
        return Envelope.newBuilder().setHeader(Header.newBuilder().setPumpSerial(PUMP))
                .setReservoirStatus(ReservoirStatus.newBuilder().setTsMs(tsMs).setPumpSerial(PUMP)
                        .setVolumeUl(volumeUl).setVolumeMl(volumeUl / 1000.0).setLowAlarmThresholdUl(2_000))
                .build();
    }

    private static Envelope alarm(int id, AlarmState state, String pumpSerial) {
        return Envelope.newBuilder().setHeader(Header.newBuilder().setPumpSerial(pumpSerial)
                        .setProgrammerSerial(PROGRAMMER))
                .setAlarm(Alarm.newBuilder().setTsMs(1_000L * id).setPumpSerial(pumpSerial).setAlarmId(id)
                        .setAlarm(AlarmCode.ALARM_CODE_LOW_RESERVOIR).setAlarmCode(1)
                        .setPriority(AlarmPriority.ALARM_PRIORITY_MEDIUM).setPriorityCode(2)
                        .setState(state).setStateCode(state.getNumber()))
                .build();
    }
}
