package io.pumplink.gateway.alerts;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumplink.gateway.journal.JournalFiles;
import io.pumplink.gateway.model.Interpreter;
import io.pumplink.gateway.model.ThresholdCrossing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the clinical rules remember between runs (JSON): each pump's {@link PumpWatch} and the low-threshold
 * crossing of its current fill. Saved every few seconds and at shutdown, not on every frame: what a crash loses is
 * the last seconds of it, and the rules never clear an alert on something they do not know. Active alerts are not
 * here: the active-alarm book and the journal keep them, durably.
 */
public final class ClinicalStateFile {
    static final int VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(ClinicalStateFile.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, Visibility.ANY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path file;

    /** The file's content. */
    static final class Document {
        int version = VERSION;
        Map<String, PumpWatch> pumps = Map.of();
        Map<String, ThresholdCrossing> crossings = Map.of();
    }

    public ClinicalStateFile(Path file) {
        this.file = file;
    }

    /** Loads what the file holds into the rules and the interpreter; a missing or unreadable file loads nothing. */
    public void restore(AlertEngine engine, Interpreter interpreter) {
        Document document;
        try {
            document = JSON.readValue(Files.readAllBytes(file), Document.class);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.error("clinical state {} cannot be read ({}); starting without it: pumps are judged afresh from"
                    + " the next frames, active alerts stay as the active-alarm book has them", file, e.toString());
            return;
        }
        engine.load(document.pumps);
        interpreter.restore(document.crossings);
    }

    public void save(AlertEngine engine, Interpreter interpreter) {
        Document document = new Document();
        document.pumps = engine.watches();
        document.crossings = interpreter.crossings();
        try {
            JournalFiles.replaceAtomically(file, ByteBuffer.wrap(JSON.writeValueAsBytes(document)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("clinical state is not serialisable", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the clinical state " + file, e);
        }
    }
}
