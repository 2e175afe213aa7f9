package io.pumplink.protocol.message;

import java.util.Optional;

/** COMMAND_RESULT (P→G, reliable): how the programmer answered a request; identity is the request id. */
public record CommandResult(long requestId, int resultCode) implements Message {
    static final PayloadCodec<CommandResult> CODEC = PayloadCodec.of(
            in -> new CommandResult(in.u32(), in.u8()),
            (m, out) -> out.u32(m.requestId).u8(m.resultCode));

    public CommandResult {
        Fields.u32("request_id", requestId);
        Fields.u8("result", resultCode);
    }

    public Optional<CommandOutcome> result() {
        return CommandOutcome.of(resultCode);
    }

    @Override
    public MessageType type() {
        return MessageType.COMMAND_RESULT;
    }
}
