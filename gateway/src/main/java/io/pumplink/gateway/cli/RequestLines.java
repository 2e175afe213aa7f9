package io.pumplink.gateway.cli;

import static io.pumplink.gateway.cli.Readable.name;

import io.pumplink.proto.v1.CommandResult;
import io.pumplink.proto.v1.RequestInterrogation;
import io.pumplink.proto.v1.RequestReply;
import io.pumplink.proto.v1.RequestStatus;

/** Requests to a programmer ({@code pumplink request} over MQTT), the gateway's reply, the programmer's result. */
final class RequestLines {
    private RequestLines() {
    }

    static String interrogation(RequestInterrogation r) {
        return "REQUEST_INTERROGATION request " + Integer.toUnsignedString(r.getRequestId());
    }

    static String status(RequestStatus r) {
        return "REQUEST_STATUS request " + Integer.toUnsignedString(r.getRequestId());
    }

    /** {@code REPLY accepted, COMMAND_RESULT OK (request 7)} or {@code REPLY refused: why (request 7)}. */
    static String reply(RequestReply r) {
        String request = " (request " + Integer.toUnsignedString(r.getRequestId()) + ")";
        return r.getAccepted()
                ? "REPLY accepted, COMMAND_RESULT " + commandResult(r.getCommandResult())
                : "REPLY refused: " + (r.getError().isEmpty() ? "no reason given" : r.getError()) + request;
    }

    /** {@code OK (request 7)}. */
    static String commandResult(CommandResult c) {
        return name(c.getResult(), "COMMAND_RESULT_CODE_", "result", c.getResultCode())
                + " (request " + Integer.toUnsignedString(c.getRequestId()) + ")";
    }
}
