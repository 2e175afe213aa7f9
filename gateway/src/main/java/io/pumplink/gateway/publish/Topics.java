package io.pumplink.gateway.publish;

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
 * The optional JSON mirror repeats the tree under {@code {jsonPrefix}}.
 */
public record Topics(String prefix) {
    public static final String DEFAULT_PREFIX = "pumplink/v1";

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

    public String pump(String serial, String leaf) {
        return prefix + "/pumps/" + segment(serial) + "/" + leaf;
    }

    /** The same tree for the JSON mirror. */
    public Topics json() {
        return new Topics(prefix + "/json");
    }

    /** Serials are printable ASCII, which may include MQTT's reserved characters: those are replaced. */
    static String segment(String name) {
        return name.isEmpty() ? "_" : name.replace('/', '_').replace('+', '_').replace('#', '_');
    }
}
