package io.pumplink.protocol.message;

import java.util.function.BiConsumer;

/**
 * One small stateless decoder and encoder for one message type. The dispatcher has already checked the
 * minimum payload length, so a reader only reads fields and rejects forbidden values.
 */
public final class PayloadCodec<M extends Message> {
    /** Reads a message's fields in wire order. */
    @FunctionalInterface
    public interface Reader<M> {
        M read(PayloadReader in) throws InvalidFieldException;
    }

    private final Reader<M> reader;
    private final BiConsumer<M, PayloadWriter> writer;

    private PayloadCodec(Reader<M> reader, BiConsumer<M, PayloadWriter> writer) {
        this.reader = reader;
        this.writer = writer;
    }

    public static <M extends Message> PayloadCodec<M> of(Reader<M> reader, BiConsumer<M, PayloadWriter> writer) {
        return new PayloadCodec<>(reader, writer);
    }

    M read(byte[] payload) throws InvalidFieldException {
        return reader.read(new PayloadReader(payload));
    }

    byte[] write(M message, int length) {
        PayloadWriter out = new PayloadWriter(length);
        writer.accept(message, out);
        return out.toBytes();
    }
}
