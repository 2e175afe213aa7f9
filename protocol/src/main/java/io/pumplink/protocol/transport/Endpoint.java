package io.pumplink.protocol.transport;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a PTL link runs: a serial device or a raw TCP peer (ICD section 1). Parsed from the one string a user
 * types on the command line or in configuration:
 * <ul>
 *   <li>{@code tcp:HOST[:PORT]} (IPv6 literals in brackets, {@code tcp:[::1]:7410}); port defaults to 7410</li>
 *   <li>{@code serial:PATH[:BAUD]} or a bare {@code /PATH[:BAUD]}; baud defaults to 115200</li>
 * </ul>
 * Bluetooth SPP needs no kind of its own: once bound with {@code rfcomm} it is the serial device
 * {@code /dev/rfcommN}, which {@link #bluetooth()} recognises for status displays. A {@code :BAUD} suffix is
 * only taken when it is all digits, so paths with colons ({@code /dev/serial/by-path/pci-0000:00:14.0-...})
 * stay intact.
 */
public sealed interface Endpoint {
    int DEFAULT_TCP_PORT = 7410;
    int DEFAULT_BAUD = SerialAddress.DEFAULT_BAUD;

    /** True for a Bluetooth SPP device ({@code /dev/rfcommN}). */
    boolean bluetooth();

    /** A serial device opened 8N1 without flow control at the address's baud. */
    record Serial(SerialAddress address) implements Endpoint {
        private static final Pattern RFCOMM = Pattern.compile("/dev/rfcomm\\d+");

        public Serial {
            Objects.requireNonNull(address, "address");
        }

        public String path() {
            return address.path();
        }

        public int baud() {
            return address.baud();
        }

        @Override
        public boolean bluetooth() {
            return RFCOMM.matcher(address.path()).matches();
        }

        @Override
        public String toString() {
            return "serial:" + address + (bluetooth() ? " (Bluetooth SPP)" : "");
        }
    }

    /** A raw TCP byte stream (a serial device server, or the emulator). */
    record Tcp(String host, int port) implements Endpoint {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("tcp host is empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("tcp port " + port + " outside 1..65535");
            }
        }

        @Override
        public boolean bluetooth() {
            return false;
        }

        @Override
        public String toString() {
            return "tcp:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * Parses an endpoint.
     *
     * @throws IllegalArgumentException naming the offending text and the reason
     */
    static Endpoint parse(String text) {
        Objects.requireNonNull(text, "endpoint");
        String spec = text.strip();
        try {
            if (spec.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            if (spec.startsWith("tcp:")) {
                return parseTcp(spec.substring(4));
            }
            if (spec.startsWith("serial:")) {
                return parseSerial(spec.substring(7));
            }
            if (spec.startsWith("/")) {
                return parseSerial(spec);
            }
            throw new IllegalArgumentException("expected tcp:HOST[:PORT], serial:PATH[:BAUD] or /PATH[:BAUD]");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad endpoint '" + text + "': " + e.getMessage(), e);
        }
    }

    private static Tcp parseTcp(String rest) {
        String host;
        String port = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in IPv6 host");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':PORT' after ']'");
                }
                port = after.substring(1);
            }
        } else {
            int colon = rest.indexOf(':');
            if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("IPv6 host must be in brackets, e.g. tcp:[::1]:7410");
            }
            host = colon < 0 ? rest : rest.substring(0, colon);
            port = colon < 0 ? null : rest.substring(colon + 1);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("tcp host is empty");
        }
        return new Tcp(host, port == null ? DEFAULT_TCP_PORT : number("tcp port", port));
    }

    private static Serial parseSerial(String rest) {
        if (rest.endsWith(":")) {
            throw new IllegalArgumentException("missing baud after ':'");
        }
        String path = rest;
        int baud = DEFAULT_BAUD;
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && rest.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            path = rest.substring(0, colon);
            baud = number("baud", rest.substring(colon + 1));
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("serial path '" + path + "' is not absolute");
        }
        return new Serial(new SerialAddress(path, baud));
    }

    private static int number(String what, String digits) {
        if (digits.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (!digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(what + " '" + digits + "' is not a number");
        }
        if (digits.length() > 9) {
            throw new IllegalArgumentException(what + " " + digits + " is too large");
        }
        return Integer.parseInt(digits);
    }
}
