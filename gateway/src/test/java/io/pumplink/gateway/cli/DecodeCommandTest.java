package io.pumplink.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.protocol.capture.CaptureWriter;
import io.pumplink.protocol.capture.Direction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DecodeCommandTest {
    private static final long SEED = 20_261_125L;
    private static final int CAPTURE_BYTES = 3 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void stdinAndFileGiveByteIdenticalOutput() throws Exception {
        NoisyCapture capture = NoisyCapture.generate(SEED, 200_000);
        Path file = dir.resolve("capture.bin");
        Files.write(file, capture.bytes());

        Run fromFile = run(InputStream.nullInputStream(), "decode", file.toString());
        Run fromStdin = run(new ByteArrayInputStream(capture.bytes()), "decode", "-");

        assertThat(fromFile.exitCode).isZero();
        assertThat(fromFile.stdout).isNotEmpty().isEqualTo(fromStdin.stdout);
        assertThat(fromFile.stderr).isEqualTo(fromStdin.stderr);
    }

    @Test
    void noisyMultiMegabyteCaptureLosesNoValidFrameAndAdmitsNoInvalidOne() throws Exception {
        NoisyCapture capture = NoisyCapture.generate(SEED, CAPTURE_BYTES);
        Path file = dir.resolve("noisy.bin");
        Files.write(file, capture.bytes());

        Run run = run(InputStream.nullInputStream(), "decode", file.toString());

        List<String> decodedIds = new ArrayList<>();
        for (String line : run.stdout.split("\n")) {
            Envelope.Builder envelope = Envelope.newBuilder();
            JsonFormat.parser().merge(line, envelope);
            decodedIds.add(envelope.getHeader().getMessageId());
        }
        assertThat(capture.bytes().length).isGreaterThanOrEqualTo(CAPTURE_BYTES);
        assertThat(decodedIds).containsExactlyElementsOf(capture.intactMessageIds());
        assertThat(run.stderr)
                .contains("frames valid: " + capture.intactMessageIds().size())
                .contains("resyncs: " + capture.oversizedRuns());
        assertThat(capture.corruptions()).isGreaterThan(1000);
    }

    @Test
    void captureFileDecodesOneDirection() throws Exception {
        NoisyCapture programmerSide = NoisyCapture.generate(SEED, 20_000);
        NoisyCapture gatewaySide = NoisyCapture.generate(SEED + 1, 20_000);
        Path file = dir.resolve("link.ptlcap");
        try (CaptureWriter writer = new CaptureWriter(file)) {
            byte[] p2g = programmerSide.bytes();
            byte[] g2p = gatewaySide.bytes();
            int half = p2g.length / 2;
            writer.write(1, Direction.PROGRAMMER_TO_GATEWAY, p2g, 0, half);
            writer.write(2, Direction.GATEWAY_TO_PROGRAMMER, g2p, 0, g2p.length);
            writer.write(3, Direction.PROGRAMMER_TO_GATEWAY, p2g, half, p2g.length - half);
        }
        Path raw = dir.resolve("p2g.bin");
        Files.write(raw, programmerSide.bytes());

        Run fromCapture = run(InputStream.nullInputStream(), "decode", file.toString());
        Run fromRaw = run(InputStream.nullInputStream(), "decode", raw.toString());
        Run otherSide = run(InputStream.nullInputStream(), "decode", "--direction", "GATEWAY_TO_PROGRAMMER",
                file.toString());

        assertThat(fromCapture.stdout).isNotEmpty().isEqualTo(fromRaw.stdout);
        assertThat(otherSide.stderr).contains("frames valid: " + gatewaySide.intactMessageIds().size());
    }

    @Test
    void emptyInputDecodesToNothing() {
        Run run = run(InputStream.nullInputStream(), "decode", "-");
        assertThat(run.exitCode).isZero();
        assertThat(run.stdout).isEmpty();
        assertThat(run.stderr).contains("frames valid: 0");
    }

    @Test
    void missingFileIsAClearError() {
        Run run = run(InputStream.nullInputStream(), "decode", dir.resolve("absent.bin").toString());
        assertThat(run.exitCode).isNotZero();
        assertThat(run.stderr).contains("absent.bin");
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run run(InputStream stdin, String... args) {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setIn(stdin);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exitCode = new CommandLine(new PumpLinkCommand()).execute(args);
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
