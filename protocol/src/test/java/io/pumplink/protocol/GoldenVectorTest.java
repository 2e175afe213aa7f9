package io.pumplink.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.frame.FrameDecoder;
import io.pumplink.protocol.frame.FrameEncoder;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.message.MessageDecoder;
import io.pumplink.protocol.message.MessageEncoder;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.Packet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every golden vector in {@code src/test/resources/vectors/*.vectors} (format in each file's header)
 * through the Netty handlers: wire bytes in, expected fields out, and the fields encoded back to the
 * canonical wire bytes. The vectors come from the ICD and from an independent encoder, never from this code.
 */
class GoldenVectorTest {
    private static final String ICD_FILE = "icd-section5.vectors";
    private static final String ICD_11_FILE = "icd-section6.vectors";
    private static final HexFormat HEX = HexFormat.of();

    static Stream<GoldenVector> vectors() {
        return VectorFiles.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesToTheExpectedFieldsAndReencodesToTheCanonicalWire(GoldenVector vector) {
        FrameStats frameStats = new FrameStats();
        if (vector.frameLayer()) {
            Frame frame = decodeOne(Frame.class, vector.wire(), new FrameDecoder(frameStats));
            assertFields(components(frame), vector.expect());
            assertThat(encode(frame, new FrameEncoder())).isEqualTo(vector.canonicalWire());
        } else {
            MessageStats messageStats = new MessageStats();
            Packet packet = decodeOne(Packet.class, vector.wire(), new FrameDecoder(frameStats),
                    new MessageDecoder(messageStats));
            assertFields(fields(packet), vector.expect());
            assertThat(messageStats.decoded(packet.type())).isOne();
            assertThat(encode(packet, new FrameEncoder(), new MessageEncoder())).isEqualTo(vector.canonicalWire());
        }
        assertThat(frameStats.valid()).isOne();
        assertThat(frameStats.invalidTotal()).isZero();
    }

    /** An empty or truncated vector file must not pass silently. */
    @Test
    void vectorFilesCoverTheIcdAndEveryMessageType() {
        assertThat(VectorFiles.ALL).filteredOn(v -> v.file().equals(ICD_FILE)).hasSizeGreaterThanOrEqualTo(5);
        assertThat(VectorFiles.ALL).filteredOn(v -> v.file().equals(ICD_11_FILE)).hasSizeGreaterThanOrEqualTo(2);
        Set<String> types = VectorFiles.ALL.stream().filter(v -> !v.frameLayer())
                .map(v -> v.expect().get("type")).collect(Collectors.toSet());
        assertThat(types).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(MessageType.values()).map(Enum::name).toList());
        assertThat(VectorFiles.ALL).anyMatch(GoldenVector::frameLayer).anyMatch(v -> !v.canonical());
    }

    private static <T> T decodeOne(Class<T> type, byte[] wire, ChannelHandler... handlers) {
        EmbeddedChannel channel = new EmbeddedChannel(handlers);
        channel.writeInbound(Unpooled.wrappedBuffer(wire));
        List<Object> decoded = drain(channel::readInbound);
        assertThat(channel.finish()).as("nothing left over at end of stream").isFalse();
        assertThat(decoded).singleElement().isInstanceOf(type);
        return type.cast(decoded.get(0));
    }

    private static byte[] encode(Object message, ChannelHandler... handlers) {
        EmbeddedChannel channel = new EmbeddedChannel(handlers);
        assertThat(channel.writeOutbound(message)).isTrue();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Object out : drain(channel::readOutbound)) {
            ByteBuf buf = (ByteBuf) out;
            try {
                wire.writeBytes(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
        }
        assertThat(channel.finish()).isFalse();
        return wire.toByteArray();
    }

    private static List<Object> drain(Supplier<Object> queue) {
        List<Object> out = new ArrayList<>();
        for (Object o = queue.get(); o != null; o = queue.get()) {
            out.add(o);
        }
        return out;
    }

    /** Header fields of the frame, then every component of the message. */
    private static Map<String, Object> fields(Packet packet) {
        Map<String, Object> fields = new LinkedHashMap<>(Map.of("type", packet.type(), "seq", packet.seq(),
                "flags", packet.flags()));
        fields.putAll(components((Record) packet.message()));
        return fields;
    }

    private static Map<String, Object> components(Record record) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                values.put(component.getName(), component.getAccessor().invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(component.toString(), e);
            }
        }
        return values;
    }

    /** Every field must be listed: a vector that forgets one, or names one that does not exist, fails. */
    private static void assertFields(Map<String, Object> actual, Map<String, String> expected) {
        assertThat(expected.keySet()).as("expected fields").containsExactlyInAnyOrderElementsOf(actual.keySet());
        actual.forEach((name, value) -> assertThat(comparable(value)).as(name)
                .isEqualTo(expectedValue(expected.get(name), value)));
    }

    /** Enums by name and byte arrays as hex, so both sides compare with equals and print readably. */
    private static Object comparable(Object actual) {
        if (actual instanceof Enum<?> e) {
            return e.name();
        }
        return actual instanceof byte[] bytes ? HEX.formatHex(bytes) : actual;
    }

    /** Parses a vector's text as the type of the decoded value. */
    private static Object expectedValue(String text, Object actual) {
        if (actual instanceof Integer) {
            return Integer.decode(text);
        } else if (actual instanceof Long) {
            return parseLong(text);
        } else if (actual instanceof Boolean) {
            assertThat(text).isIn("true", "false");
            return Boolean.parseBoolean(text);
        } else if (actual instanceof String) {
            assertThat(text).startsWith("\"").endsWith("\"").hasSizeGreaterThan(1);
            return text.substring(1, text.length() - 1).replaceAll("\\\\(.)", "$1");
        } else if (actual instanceof byte[]) {
            return HEX.formatHex(hex(text));
        }
        return text;
    }

    /** A u64 may be written above 2^63; it keeps its bits, as the codec does. */
    private static long parseLong(String text) {
        BigInteger value = text.startsWith("0x") ? new BigInteger(text.substring(2), 16) : new BigInteger(text);
        assertThat(value.bitLength()).as("bits of %s", text).isLessThanOrEqualTo(64);
        return value.longValue();
    }

    private static byte[] hex(String text) {
        return HEX.parseHex(text.replace(" ", ""));
    }

    /** One vector of a file; {@code canonicalWire} equals {@code wire} unless the file gave reencodes:. */
    record GoldenVector(String file, String name, boolean frameLayer, byte[] wire, byte[] canonicalWire,
                        Map<String, String> expect) {
        boolean canonical() {
            return Arrays.equals(wire, canonicalWire);
        }

        @Override
        public String toString() {
            return file + " " + name + (canonical() ? "" : " (non-canonical)");
        }
    }

    /** Parses the line format documented in the files' header. */
    private static final class VectorFiles {
        private static final Pattern FIELD = Pattern.compile("(\\w+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)\\s*");
        static final List<GoldenVector> ALL = loadAll(); // after FIELD, which parsing needs

        private static List<GoldenVector> loadAll() {
            try (Stream<Path> files = Files.list(directory())) {
                return files.filter(f -> f.toString().endsWith(".vectors")).sorted()
                        .flatMap(f -> parse(f).stream()).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Path directory() {
            try {
                return Path.of(GoldenVectorTest.class.getClassLoader().getResource("vectors").toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        private static List<GoldenVector> parse(Path path) {
            List<String> lines;
            try {
                lines = Files.readAllLines(path, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String file = path.getFileName().toString();
            List<GoldenVector> vectors = new ArrayList<>();
            Builder current = null;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String where = file + ":" + (i + 1);
                if (colon < 0) {
                    throw error(where, "not a key: value line");
                }
                String key = line.substring(0, colon);
                String value = line.substring(colon + 1).strip();
                if (key.equals("name")) {
                    if (current != null) {
                        vectors.add(current.build());
                    }
                    current = new Builder(file, value);
                } else if (current == null) {
                    throw error(where, key + " before the first name:");
                } else {
                    current.add(where, key, value);
                }
            }
            if (current != null) {
                vectors.add(current.build());
            }
            if (vectors.stream().map(GoldenVector::name).distinct().count() != vectors.size()) {
                throw error(file, "vector names are not unique");
            }
            return vectors;
        }

        private static IllegalArgumentException error(String where, String why) {
            return new IllegalArgumentException(where + ": " + why);
        }

        /** Collects one vector's lines; wire:, reencodes:, expect: and payload: may repeat and concatenate. */
        private static final class Builder {
            private final String file;
            private final String name;
            private final StringBuilder wire = new StringBuilder();
            private final StringBuilder reencodes = new StringBuilder();
            private final StringBuilder payload = new StringBuilder();
            private final Map<String, String> expect = new LinkedHashMap<>();
            private boolean frameLayer;

            Builder(String file, String name) {
                this.file = file;
                this.name = name;
            }

            void add(String where, String key, String value) {
                switch (key) {
                    case "layer" -> {
                        if (!value.equals("frame")) {
                            throw error(where, "unknown layer " + value);
                        }
                        frameLayer = true;
                    }
                    case "wire" -> wire.append(value).append(' ');
                    case "reencodes" -> reencodes.append(value).append(' ');
                    case "payload" -> payload.append(value).append(' ');
                    case "expect" -> addFields(where, value);
                    default -> throw error(where, "unknown key " + key);
                }
            }

            private void addFields(String where, String text) {
                Matcher m = FIELD.matcher(text);
                int end = 0;
                while (m.find() && m.start() == end) {
                    if (expect.put(m.group(1), m.group(2)) != null) {
                        throw error(where, "field " + m.group(1) + " given twice");
                    }
                    end = m.end();
                }
                if (end != text.length()) {
                    throw error(where, "cannot parse fields from column " + end);
                }
            }

            GoldenVector build() {
                if (!payload.isEmpty() && expect.put("payload", payload.toString().strip()) != null) {
                    throw error(file + " " + name, "payload given twice");
                }
                byte[] wireBytes = hex(wire.toString());
                byte[] canonical = reencodes.isEmpty() ? wireBytes : hex(reencodes.toString());
                return new GoldenVector(file, name, frameLayer, wireBytes, canonical, Map.copyOf(expect));
            }
        }
    }
}
