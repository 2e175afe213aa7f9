package io.pumplink.gateway.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.Interpreter;
import io.pumplink.gateway.model.Origin;
import io.pumplink.gateway.publish.EnvelopeMapper;
import io.pumplink.protocol.capture.CaptureFormat;
import io.pumplink.protocol.capture.CaptureReader;
import io.pumplink.protocol.capture.Direction;
import io.pumplink.protocol.frame.FrameDecoder;
import io.pumplink.protocol.frame.FrameResult;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.Inbound;
import io.pumplink.protocol.message.MessageDecoder;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.Packet;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Offline decoding of one direction of link bytes through the gateway's own frame and message decoders:
 * one JSON object per valid frame on stdout (the Protobuf JSON mapping of what the gateway would publish),
 * a summary on stderr. There is no receive time offline, so the output depends on the input bytes alone.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode raw PTL v1 link bytes (one direction, e.g. programmer to gateway) to JSON lines.",
            "FILE may also be a PumpLink capture (emulator --record): its programmer-to-gateway bytes are decoded."},
        footer = {"", "Examples:",
            "  java -jar pumplink.jar decode capture.bin > frames.jsonl",
            "  socat -u /dev/ttyUSB0,raw,b115200 - | java -jar pumplink.jar decode -"})
public final class DecodeCommand implements Callable<Integer> {
    private static final int READ_CHUNK_BYTES = 64 * 1024;

    @Parameters(index = "0", paramLabel = "FILE", description = "capture file, or - for standard input")
    private String input;

    @Option(names = "--gateway-id", description = "gateway id to put in each header (default: empty)")
    private String gatewayId = "";

    @Option(names = "--direction", description = "for a PumpLink capture (--record): which side's bytes to decode,"
            + " ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    private Direction direction = Direction.PROGRAMMER_TO_GATEWAY;

    @Override
    public Integer call() throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        DecodeSummary summary;
        try (InputStream in = new BufferedInputStream("-".equals(input) ? System.in
                : Files.newInputStream(Path.of(input)))) {
            summary = decode(rawBytes(in), out, gatewayId);
        }
        out.flush();
        summary.print(System.err);
        return 0;
    }

    /** Raw link bytes as they are, or one direction of a PumpLink capture, recognised by its magic. */
    private InputStream rawBytes(InputStream in) throws IOException {
        in.mark(CaptureFormat.MAGIC_LENGTH);
        byte[] head = in.readNBytes(CaptureFormat.MAGIC_LENGTH);
        in.reset();
        return CaptureFormat.isCapture(head, head.length) ? CaptureReader.open(in).bytesOf(direction) : in;
    }

    /** Decodes all of {@code in}, writing one JSON line per valid frame to {@code out}. */
    public static DecodeSummary decode(InputStream in, Writer out, String gatewayId) throws IOException {
        FrameStats frameStats = new FrameStats();
        MessageStats messageStats = new MessageStats();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(frameStats), new MessageDecoder(messageStats));
        JsonLines lines = new JsonLines(out, new Origin(gatewayId, "", "", 0, OptionalLong.empty()));
        byte[] chunk = new byte[READ_CHUNK_BYTES];
        try {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                channel.writeInbound(Unpooled.copiedBuffer(chunk, 0, n));
                lines.drain(channel);
            }
            channel.finish();
            lines.drain(channel);
            lines.end();
        } finally {
            channel.finishAndReleaseAll();
        }
        return new DecodeSummary(frameStats, messageStats);
    }

    /**
     * Writes the decoded frames in the order they came, tracking the programmer from each HELLO as the gateway does.
     * A status round's frames are held by the interpreter until the round is complete (their projections need all
     * of it); the lines after them wait too, so the output keeps the input's order.
     */
    private static final class JsonLines {
        /** Offline there is no clock: rounds end by their frames or the end of input. */
        private static final long NO_CLOCK = 0;

        private final JsonFormat.Printer printer = JsonFormat.printer()
                .omittingInsignificantWhitespace().alwaysPrintFieldsWithNoPresence();
        private final Interpreter interpreter = new Interpreter(ClinicalSettings.DEFAULTS);
        private final TreeMap<Long, Interpreter.Item> waiting = new TreeMap<>();
        private final Writer out;
        private Origin origin;
        private long received;
        private long written;

        JsonLines(Writer out, Origin origin) {
            this.out = out;
            this.origin = origin;
        }

        void drain(EmbeddedChannel channel) throws IOException {
            for (Object result = channel.readInbound(); result != null; result = channel.readInbound()) {
                if (result instanceof Inbound inbound) {
                    write(inbound);
                } else if (!(result instanceof FrameResult)) {
                    throw new IllegalStateException("unexpected decoder output " + result.getClass());
                }
            }
        }

        private void write(Inbound inbound) throws IOException {
            if (inbound instanceof Packet packet && packet.message() instanceof Hello hello) {
                origin = origin.withHello(hello);
            }
            write(interpreter.accept(origin, inbound, received++, NO_CLOCK));
        }

        void end() throws IOException {
            write(interpreter.flushAll());
        }

        /** The items' tokens are their arrival numbers: each line is written once all before it are. */
        private void write(List<Interpreter.Item> items) throws IOException {
            items.forEach(item -> waiting.put(item.token(), item));
            for (Interpreter.Item next = waiting.remove(written); next != null; next = waiting.remove(written)) {
                written++;
                try {
                    out.write(printer.print(EnvelopeMapper.toEnvelope(next.observation())));
                } catch (InvalidProtocolBufferException e) {
                    throw new UncheckedIOException(e); // only for Any types, which the schema has none of
                }
                out.write('\n');
            }
        }
    }

    /** What a decode run saw, for stderr. */
    public record DecodeSummary(FrameStats frames, MessageStats messages) {
        void print(PrintStream err) {
            err.println(new SummaryText(frames, messages));
        }
    }
}
