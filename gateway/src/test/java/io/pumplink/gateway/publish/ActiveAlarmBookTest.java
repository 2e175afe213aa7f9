package io.pumplink.gateway.publish;

import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.alarm;
import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActiveAlarmBookTest {
    private static final String OTHER_PUMP = "NGP-0815";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("active-alarms.bin");
    }

    @Test
    void raisedMinusClearedOrderedByAlarmIdPerPump() {
        ActiveAlarmBook book = new ActiveAlarmBook(file());
        Alarm nine = alarm(PUMP, 9, AlarmState.RAISED);
        Alarm three = alarm(PUMP, 3, AlarmState.RAISED);
        Alarm elsewhere = alarm(OTHER_PUMP, 1, AlarmState.RAISED);

        assertThat(book.apply(nine)).containsExactly(nine);
        assertThat(book.apply(three)).containsExactly(three, nine);
        assertThat(book.apply(elsewhere)).containsExactly(elsewhere);
        assertThat(book.apply(alarm(PUMP, 9, AlarmState.CLEARED))).containsExactly(three);
        assertThat(book.active(OTHER_PUMP)).containsExactly(elsewhere);
        assertThat(book.active("NGP-unknown")).isEmpty();
    }

    @Test
    void survivesARestartOnTheSameFile() {
        ActiveAlarmBook before = new ActiveAlarmBook(file());
        Alarm kept = alarm(PUMP, 3, AlarmState.RAISED);
        Alarm other = alarm(OTHER_PUMP, 1, AlarmState.RAISED);
        before.apply(kept);
        before.apply(alarm(PUMP, 9, AlarmState.RAISED));
        before.apply(other);
        before.apply(alarm(PUMP, 9, AlarmState.CLEARED));

        ActiveAlarmBook after = new ActiveAlarmBook(file());

        assertThat(after.active(PUMP)).containsExactly(kept);
        assertThat(after.active(OTHER_PUMP)).containsExactly(other);
        assertThat(dir.resolve("active-alarms.bin.tmp")).doesNotExist();
    }

    @Test
    void applyingTheSameAlarmTwiceChangesNothing() throws Exception {
        ActiveAlarmBook book = new ActiveAlarmBook(file());
        Alarm raised = alarm(PUMP, 9, AlarmState.RAISED);
        Alarm cleared = alarm(PUMP, 4, AlarmState.CLEARED);
        book.apply(raised);
        book.apply(cleared);
        byte[] saved = Files.readAllBytes(file());
        Files.delete(file());

        // a replay after a crash: neither the set nor the file changes (an unchanged set is not written)
        assertThat(book.apply(raised)).containsExactly(raised);
        assertThat(book.apply(cleared)).containsExactly(raised);
        assertThat(file()).doesNotExist();
        assertThat(saved).isNotEmpty();
    }
}
