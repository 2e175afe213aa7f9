package io.pumplink.gateway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pumplink ports}: the serial ports a programmer could be on, with a hint at what each one is. */
@Command(name = "ports", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List serial ports (through jSerialComm, as the gateway opens them) and the Bluetooth RFCOMM"
                + " nodes in /dev (/dev/rfcommN, which jSerialComm may not list), one per line: path, description"
                + " and a hint (Bluetooth SPP (rfcomm), USB-UART, PTY, on-board UART).",
            "Says so when there are none. Use a path with `pumplink gateway --serial PATH`."},
        footer = {"", "Examples:",
            "  pumplink ports",
            "  pumplink ports --json | jq -r '.[] | select(.hint == \"USB-UART\") | .path'",
            "  pumplink ports --include /tmp/gw          # e.g. a socat PTY link",
            "", "Bluetooth: bind a paired programmer first (`rfcomm bind 0 AA:BB:CC:DD:EE:FF 1`), then it is"
                + " /dev/rfcomm0.",
            "Opening a port needs the dialout group (/dev/tty*, /dev/rfcomm*)."})
public final class PortsCommand implements Callable<Integer> {
    static final String BLUETOOTH = "Bluetooth SPP (rfcomm)";
    static final String USB_UART = "USB-UART";
    static final String PTY = "PTY";
    static final String UART = "on-board UART";
    private static final Pattern RFCOMM = Pattern.compile("rfcomm\\d+");
    private static final Pattern USB = Pattern.compile("(ttyUSB|ttyACM|cu\\.usb|tty\\.usb|cu\\.SLAB|tty\\.SLAB).*");
    private static final Pattern ON_BOARD = Pattern.compile("(ttyS|ttyAMA|ttyTHS|ttymxc|ttyO|serial)\\d*.*");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "one JSON array of {path, description, hint, source}")
    private boolean json;

    @Option(names = "--include", paramLabel = "PATH", description = "also list this path, e.g. a socat PTY link"
            + " (repeatable)")
    private List<Path> include = new ArrayList<>();

    private static final Path DEV = Path.of("/dev");

    /** One port; {@code source} says who found it: jSerialComm, the /dev scan, or --include. */
    record Port(String path, String description, String hint, String source) {
    }

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Map<String, Port> ports = new LinkedHashMap<>();
        for (Path path : include) {
            if (!Files.exists(path)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--include: no such file: " + path);
            }
        }
        try {
            for (SerialPort port : SerialPort.getCommPorts()) {
                String path = port.getSystemPortPath();
                ports.putIfAbsent(path, new Port(path, describe(port), hint(path, realPath(path),
                        port.getVendorID() > 0), "jSerialComm"));
            }
        } catch (RuntimeException | LinkageError e) {
            err.println("ports: jSerialComm could not list the serial ports: " + e);
        }
        for (Path node : rfcommNodes(DEV)) {
            ports.putIfAbsent(node.toString(), new Port(node.toString(), "", BLUETOOTH, "dev"));
        }
        for (Path path : include) {
            String real = realPath(path.toString());
            ports.putIfAbsent(path.toString(), new Port(path.toString(),
                    real.equals(path.toString()) ? "" : "link to " + real, hint(path.toString(), real, false),
                    "include"));
        }
        List<Port> list = List.copyOf(ports.values());
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(list));
        } else if (list.isEmpty()) {
            out.println("no serial ports found (jSerialComm lists none and " + DEV + " has no rfcomm nodes)");
            out.println("  USB-UART adapters appear as /dev/ttyUSB* or /dev/ttyACM* once plugged in;");
            out.println("  a paired Bluetooth programmer appears as /dev/rfcomm0 after");
            out.println("  `rfcomm bind 0 AA:BB:CC:DD:EE:FF 1`.");
        } else {
            print(out, list);
        }
        return 0;
    }

    private static void print(PrintWriter out, List<Port> ports) {
        int pathWidth = "PATH".length();
        int descriptionWidth = "DESCRIPTION".length();
        for (Port port : ports) {
            pathWidth = Math.max(pathWidth, port.path().length());
            descriptionWidth = Math.max(descriptionWidth, orDash(port.description()).length());
        }
        String format = "%-" + pathWidth + "s  %-" + descriptionWidth + "s  %s";
        out.println(String.format(Locale.ROOT, format, "PATH", "DESCRIPTION", "HINT").stripTrailing());
        for (Port port : ports) {
            out.println(String.format(Locale.ROOT, format, port.path(), orDash(port.description()),
                    orDash(port.hint())));
        }
    }

    private static String describe(SerialPort port) {
        String description = port.getPortDescription();
        return description == null || description.isBlank() ? "" : description.strip();
    }

    /** What kind of port the path is, from its name and where it leads; empty when unknown. */
    static String hint(String path, String realPath, boolean usbIds) {
        String name = Path.of(path).getFileName() == null ? path : Path.of(path).getFileName().toString();
        String realName = Path.of(realPath).getFileName() == null ? realPath
                : Path.of(realPath).getFileName().toString();
        if (RFCOMM.matcher(name).matches() || RFCOMM.matcher(realName).matches()) {
            return BLUETOOTH;
        }
        if (realPath.startsWith("/dev/pts/") || "ptmx".equals(realName) || realName.startsWith("pty")) {
            return PTY;
        }
        if (usbIds || USB.matcher(name).matches() || USB.matcher(realName).matches()) {
            return USB_UART;
        }
        if (name.toLowerCase(Locale.ROOT).contains("bluetooth")) {
            return "Bluetooth SPP";
        }
        if (ON_BOARD.matcher(realName).matches()) {
            return UART;
        }
        return "";
    }

    /** /dev/rfcommN: the nodes `rfcomm bind` creates, which jSerialComm's enumeration can miss. */
    static List<Path> rfcommNodes(Path dev) {
        if (!Files.isDirectory(dev)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dev)) {
            return entries.filter(p -> RFCOMM.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String realPath(String path) {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return path;
        }
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "-" : text;
    }
}
