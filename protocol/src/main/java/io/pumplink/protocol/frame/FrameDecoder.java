package io.pumplink.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Bytes to {@link FrameResult}s. Splits on the 0x00 delimiter, decodes COBS and checks the frame;
 * knows nothing of message types. Bad input is emitted as an {@link InvalidFrame} and counted, never thrown.
 * An undelimited run longer than {@code maxRunLength} is discarded as it arrives, so a link never
 * buffers more than one run; decoding resumes after the next delimiter.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    /** ICD section 2: a run of more than 1100 bytes with no 0x00 is discarded. */
    public static final int ICD_MAX_RUN_LENGTH = 1100;

    private final int maxRunLength;
    private final FrameStats stats;
    private final byte[] scratch;
    private boolean discarding;
    private long discardedLength;

    public FrameDecoder(FrameStats stats) {
        this(ICD_MAX_RUN_LENGTH, stats);
    }

    public FrameDecoder(int maxRunLength, FrameStats stats) {
        if (maxRunLength < Cobs.maxEncodedLength(Frame.MAX_FRAME_LENGTH)) {
            throw new IllegalArgumentException("maxRunLength " + maxRunLength + " cannot hold a maximum frame");
        }
        this.maxRunLength = maxRunLength;
        this.stats = stats;
        this.scratch = new byte[maxRunLength];
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int delimiter = in.indexOf(in.readerIndex(), in.writerIndex(), FrameCodec.DELIMITER);
            int runLength = (delimiter < 0 ? in.writerIndex() : delimiter) - in.readerIndex();
            if (discarding || runLength > maxRunLength) {
                discard(in, runLength, delimiter >= 0, out);
            } else if (delimiter < 0) {
                return;
            } else if (runLength == 0) {
                in.skipBytes(1); // idle delimiter: a sender may flush the line with a lone 0x00
            } else {
                emit(FrameCodec.decode(in.readSlice(runLength), scratch), out);
                in.skipBytes(1);
            }
        }
    }

    /**
     * Drops an oversized run as it arrives. It is reported once its delimiter (or the end of the stream) comes,
     * with its whole length, so the result does not depend on how the bytes were split into reads.
     */
    private void discard(ByteBuf in, int runLength, boolean delimited, List<Object> out) {
        if (!discarding) {
            stats.countResync();
            discarding = true;
            discardedLength = 0;
        }
        discardedLength += runLength;
        in.skipBytes(runLength + (delimited ? 1 : 0));
        if (delimited) {
            endDiscard(out);
        }
    }

    private void endDiscard(List<Object> out) {
        discarding = false;
        emit(new InvalidFrame(InvalidReason.TOO_LONG, (int) Math.min(Integer.MAX_VALUE, discardedLength)), out);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (discarding) {
            endDiscard(out);
        } else if (in.isReadable()) {
            emit(new InvalidFrame(InvalidReason.TRUNCATED, in.readableBytes()), out);
            in.skipBytes(in.readableBytes());
        }
    }

    private void emit(FrameResult result, List<Object> out) {
        stats.count(result);
        out.add(result);
    }
}
