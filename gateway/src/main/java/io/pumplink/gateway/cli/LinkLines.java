package io.pumplink.gateway.cli;

import static io.pumplink.gateway.cli.Readable.fmt;
import static io.pumplink.gateway.cli.Readable.name;

import io.pumplink.proto.v1.Ack;
import io.pumplink.proto.v1.GatewayStatus;
import io.pumplink.proto.v1.Heartbeat;
import io.pumplink.proto.v1.Hello;
import io.pumplink.proto.v1.HelloAck;
import io.pumplink.proto.v1.LinkStatus;
import io.pumplink.proto.v1.Nak;
import io.pumplink.proto.v1.RawFrame;
import java.time.ZoneId;
import java.util.StringJoiner;

/** The gateway and its links to programmers: their status, and the link protocol's own frames. */
final class LinkLines {
    private final ZoneId zone;

    LinkLines(ZoneId zone) {
        this.zone = zone;
    }

    String link(LinkStatus l) {
        StringBuilder s = new StringBuilder("LINK ").append(l.getLinkId()).append(' ')
                .append(name(l.getState(), "LINK_STATE_", "state", l.getStateValue()));
        if (l.getStateSinceMs() > 0) {
            s.append(" since ").append(Readable.dateTime(l.getStateSinceMs(), zone));
        }
        s.append(" (").append(name(l.getTransport(), "TRANSPORT_", "transport", l.getTransportValue()))
                .append(' ').append(l.getEndpoint());
        if (l.hasHello()) {
            s.append(", programmer ").append(l.getHello().getProgrammerSerial());
        }
        s.append(')');
        if (!l.getReason().isEmpty()) {
            s.append(": ").append(l.getReason());
        }
        s.append(", frames ").append(l.getCounters().getFramesValid()).append(" valid / ")
                .append(l.getCounters().getFramesInvalid()).append(" invalid");
        if (l.hasLastFrameReceivedMs()) {
            s.append(", last frame ").append(Readable.dateTime(l.getLastFrameReceivedMs(), zone));
        }
        if (l.hasClockOffsetMs()) {
            s.append(", device clock ").append(clockOffset(l.getClockOffsetMs()));
        }
        return s.toString();
    }

    /** Device clock minus gateway clock, in the unit that reads best: {@code 1.5 s ahead}, {@code 335.7 d behind}. */
    private static String clockOffset(long offsetMs) {
        if (offsetMs == 0) {
            return "in step";
        }
        double seconds = Math.abs(offsetMs) / 1000.0;
        String size = seconds < 120 ? fmt("%.1f s", seconds)
                : seconds < 120 * 60 ? fmt("%.1f min", seconds / 60)
                : seconds < 48 * 3600 ? fmt("%.1f h", seconds / 3600)
                : fmt("%.1f d", seconds / 86_400);
        return size + (offsetMs > 0 ? " ahead" : " behind");
    }

    String gateway(GatewayStatus g) {
        return "GATEWAY " + g.getGatewayId() + (g.getOnline() ? " online" : " OFFLINE")
                + (g.getVersion().isEmpty() ? "" : ", version " + g.getVersion())
                + (g.getStartedAtMs() > 0 ? ", started " + Readable.dateTime(g.getStartedAtMs(), zone) : "");
    }

    String hello(Hello h) {
        StringJoiner caps = new StringJoiner("+");
        if (h.getCapInterrogation()) {
            caps.add("interrogation");
        }
        if (h.getCapStatusStreaming()) {
            caps.add("status streaming");
        }
        if (h.getCapEventLog()) {
            caps.add("event log");
        }
        if (h.getCapTherapySummary()) {
            caps.add("therapy summary");
        }
        return "HELLO programmer " + h.getProgrammerSerial() + ", protocol " + h.getProtocolVersion() + ", fw "
                + h.getFwMajor() + "." + h.getFwMinor() + "." + h.getFwPatch() + ", heartbeat "
                + h.getHeartbeatIntervalMs() + " ms, capabilities " + (caps.length() == 0 ? "none" : caps.toString());
    }

    String helloAck(HelloAck a) {
        return "HELLO_ACK " + (a.getAccepted() ? "accepted" : "refused") + ", max payload " + a.getMaxPayload()
                + " bytes";
    }

    String heartbeat(Heartbeat h) {
        return "HEARTBEAT uptime " + Integer.toUnsignedString(h.getUptimeMs()) + " ms";
    }

    String ack(Ack a) {
        return "ACK seq " + a.getAckedSeq();
    }

    String nak(Nak n) {
        return "NAK seq " + n.getNakSeq() + ", " + name(n.getReason(), "NAK_REASON_", "reason", n.getReasonCode());
    }

    String raw(RawFrame r) {
        return fmt("RAW FRAME type 0x%02X, ", r.getTypeCode()) + r.getPayload().size() + " bytes"
                + (r.getReason().isEmpty() ? "" : ": " + r.getReason());
    }
}
