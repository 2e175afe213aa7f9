package io.pumplink.gateway.publish;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The MQTT topic tree (README "Topic tree"). Pump and programmer state lives under their serials, not under a
 * gateway, so a pump seen by another clinic's gateway updates the same retained topics.
 *
 * <pre>
 * {prefix}/gateways/{gatewayId}/status               GatewayStatus, retained, also the Last Will
 * {prefix}/gateways/{gatewayId}/links/{linkId}       LinkStatus, retained
 * {prefix}/programmers/{serial}/status               ProgrammerStatus, retained
 * {prefix}/programmers/{serial}/alarm                programmer-side Alarm events, QoS 1
 * {prefix}/programmers/{serial}/request              requests in (MQTT 5 request/response), answered only by
 *                                                    the gateway that holds the programmer
 * {prefix}/programmers/{serial}/gateway              which gateway holds the programmer, retained (cleared: none)
 * {prefix}/gateways/{gatewayId}/programmers/{serial}/request   requests to that gateway's programmer
 * {prefix}/replies/...                               answers (requests.replyPrefix; the requester's choice below)
 * {prefix}/pumps/{serial}/identity|reservoir|flow|therapy|battery   latest, retained
 * {prefix}/pumps/{serial}/alarm                      Alarm events (the pump's and the gateway's alerts), QoS 1
 * {prefix}/pumps/{serial}/alarms/active              ActiveAlarms (raised minus cleared), retained
 * {prefix}/pumps/{serial}/interrogation              InterrogationRecord per session, QoS 1
 * </pre>
 * The optional JSON mirror repeats the tree under {@code {jsonPrefix}}. Every {serial} and id is one level,
 * encoded by {@link #segment} (README "Topic tree": percent-encoding, reversible).
 */
public record Topics(String prefix) {
    public static final String DEFAULT_PREFIX = "pumplink/v1";
    /** The segment of the empty name: a '%' not followed by two hex digits never occurs otherwise. */
    static final String EMPTY_SEGMENT = "%";
    private static final String HEX = "0123456789ABCDEF";
    /** programmers/{serial}/request: the last levels of a request topic. */
    private static final int REQUEST_LEVELS = 3;

    public Topics {
        if (prefix.isEmpty() || prefix.endsWith("/") || prefix.contains("+") || prefix.contains("#")) {
            throw new IllegalArgumentException("topic prefix must be non-empty, without wildcards or a trailing /: "
                    + prefix);
        }
    }

    public String gatewayStatus(String gatewayId) {
        return prefix + "/gateways/" + segment(gatewayId) + "/status";
    }

    public String link(String gatewayId, String linkId) {
        return prefix + "/gateways/" + segment(gatewayId) + "/links/" + segment(linkId);
    }

    public String programmer(String serial, String leaf) {
        return prefix + "/programmers/" + segment(serial) + "/" + leaf;
    }

    /** Requests to any programmer, for the gateway's subscription. */
    public String allRequests() {
        return prefix + "/programmers/+/request";
    }

    /** Requests to any programmer through this gateway, for the gateway's subscription. */
    public String gatewayRequests(String gatewayId) {
        return prefix + "/gateways/" + segment(gatewayId) + "/programmers/+/request";
    }

    /** Requests addressed to one gateway for one of its programmers. */
    public String gatewayRequest(String gatewayId, String serial) {
        return prefix + "/gateways/" + segment(gatewayId) + "/programmers/" + segment(serial) + "/request";
    }

    /** The directory entry: which gateway holds this programmer now. */
    public String directory(String serial) {
        return programmer(serial, "gateway");
    }

    /** A leaf of every pump, for a subscription. */
    public String allPumps(String leaf) {
        return prefix + "/pumps/+/" + leaf;
    }

    /**
     * The programmer serial of a topic {@link #allRequests()} or {@link #gatewayRequests} matches; empty when its
     * serial level is no {@link #segment} (nobody can reach a programmer through it).
     */
    public Optional<String> requestProgrammer(String topic) {
        if (!topic.startsWith(prefix + "/")) {
            return Optional.empty();
        }
        String[] levels = topic.substring(prefix.length() + 1).split("/", -1);
        int first = levels.length - REQUEST_LEVELS;
        boolean viaGateway = first == 2 && levels[0].equals("gateways") && serialOf(levels[1]).isPresent();
        return (first == 0 || viaGateway) && levels[first].equals("programmers") && levels[first + 2].equals("request")
                ? serialOf(levels[first + 1]) : Optional.empty();
    }

    /** The pump serial of a topic {@code pump(serial, leaf)} gave; empty when it is not one. */
    public Optional<String> pumpOf(String topic, String leaf) {
        String pumps = prefix + "/pumps/";
        String end = "/" + leaf;
        if (!topic.startsWith(pumps) || !topic.endsWith(end) || topic.length() < pumps.length() + end.length()) {
            return Optional.empty();
        }
        return serialOf(topic.substring(pumps.length(), topic.length() - end.length()));
    }

    private static Optional<String> serialOf(String segment) {
        try {
            return Optional.of(decodeSegment(segment));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String pump(String serial, String leaf) {
        return prefix + "/pumps/" + segment(serial) + "/" + leaf;
    }

    /** The same tree for the JSON mirror. */
    public Topics json() {
        return new Topics(prefix + "/json");
    }

    /**
     * One topic level for a name (serial, gateway or link id), injective and reversible by {@link #decodeSegment}:
     * ASCII letters, digits, {@code -}, {@code _} and {@code .} stay as they are; every other character is
     * percent-encoded, each of its UTF-8 bytes as {@code %XX} (upper-case hex), {@code %} itself included; the
     * empty name is a lone {@code %}, which no other name gives. Replacing reserved characters instead let
     * {@code A/B}, {@code A+B} and {@code A_B} share one topic, so one pump's retained state overwrote another's.
     */
    public static String segment(String name) {
        if (name.isEmpty()) {
            return EMPTY_SEGMENT;
        }
        StringBuilder segment = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            if (readable(b)) {
                segment.append((char) b);
            } else {
                segment.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
            }
        }
        return segment.toString();
    }

    /**
     * The name a {@link #segment} stands for.
     *
     * @throws IllegalArgumentException when {@code segment} is not exactly what {@link #segment} makes of a name
     *                                  (so that one name never has two topics)
     */
    public static String decodeSegment(String segment) {
        if (segment.equals(EMPTY_SEGMENT)) {
            return "";
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                if (c > 0x7F || !readable((byte) c)) {
                    throw notASegment(segment);
                }
                bytes.write(c);
                continue;
            }
            int high = i + 2 < segment.length() ? HEX.indexOf(segment.charAt(i + 1)) : -1;
            int low = high >= 0 ? HEX.indexOf(segment.charAt(i + 2)) : -1;
            if (low < 0 || readable((byte) (high << 4 | low))) {
                throw notASegment(segment);
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        String name = bytes.toString(StandardCharsets.UTF_8);
        if (!segment(name).equals(segment)) { // malformed UTF-8 decodes to U+FFFD, which encodes differently
            throw notASegment(segment);
        }
        return name;
    }

    private static boolean readable(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_'
                || b == '.';
    }

    private static IllegalArgumentException notASegment(String segment) {
        return new IllegalArgumentException("not an encoded topic segment: " + segment);
    }
}
