package io.pumplink.gateway.alerts;

import static io.pumplink.gateway.model.TestFrames.DAY_MS;
import static io.pumplink.gateway.model.TestFrames.ORIGIN;
import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.TS;
import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.Interpreter;
import io.pumplink.gateway.model.TestFrames;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the rules and the interpreter remember, through the JSON file and back. */
class ClinicalStateFileTest {
    @TempDir
    Path dir;

    private final AtomicLong ids = new AtomicLong();

    private AlertEngine engine() {
        return new AlertEngine(ClinicalSettings.DEFAULTS, ids::incrementAndGet);
    }

    /** A pump heard at TS, 1 500 uL at 1 mL/day: below its threshold, crossed half a day before TS. */
    private void feed(AlertEngine engine, Interpreter interpreter) {
        for (Message message : List.of(TestFrames.reservoir(PUMP, 1500, 2000),
                TestFrames.flow(PUMP, TestFrames.ONE_ML_PER_DAY))) {
            interpreter.accept(ORIGIN, Packet.of(1, message), 1, TS)
                    .forEach(item -> engine.observe(item.observation(), item.roundEnd()));
        }
    }

    @Test
    void watchesAndCrossingsSurviveASaveAndALoad() {
        AlertEngine engine = engine();
        Interpreter interpreter = new Interpreter(ClinicalSettings.DEFAULTS);
        feed(engine, interpreter);
        ClinicalStateFile file = new ClinicalStateFile(dir.resolve("clinical-state.json"));
        file.save(engine, interpreter);

        AlertEngine restoredEngine = engine();
        Interpreter restoredInterpreter = new Interpreter(ClinicalSettings.DEFAULTS);
        file.restore(restoredEngine, restoredInterpreter);

        assertThat(restoredInterpreter.crossings()).isEqualTo(interpreter.crossings()).containsKey(PUMP);
        // active alerts are not in this file (the active-alarm book and the journal keep them)
        assertThat(restoredEngine.watches().get(PUMP)).usingRecursiveComparison().ignoringFields("active")
                .isEqualTo(engine.watches().get(PUMP));
        assertThat(restoredEngine.watches().get(PUMP).active).isEmpty();
        // the last frame was at TS: silent 35 days later
        assertThat(restoredEngine.tick(TS + 35 * DAY_MS)).extracting(alert -> alert.kind().name())
                .contains("PUMP_SILENT");
    }

    @Test
    void aCorruptFileIsReportedAndLoadsNothing() throws Exception {
        Path path = dir.resolve("clinical-state.json");
        Files.writeString(path, "{\"version\": 1, \"pumps\": {");
        AlertEngine engine = engine();

        new ClinicalStateFile(path).restore(engine, new Interpreter(ClinicalSettings.DEFAULTS));

        assertThat(engine.watches()).isEmpty();
        assertThat(engine.active(PUMP)).isEmpty();
    }

    @Test
    void noFileLoadsNothing() {
        AlertEngine engine = engine();
        Interpreter interpreter = new Interpreter(ClinicalSettings.DEFAULTS);

        new ClinicalStateFile(dir.resolve("absent.json")).restore(engine, interpreter);

        assertThat(engine.watches()).isEmpty();
        assertThat(interpreter.crossings()).isEmpty();
    }
}
