package io.pumplink.protocol.link;

/**
 * A sender's u16 sequence numbers. A programmer keeps its counter across reconnects: a new HELLO continues the
 * count, so the seq of a frame still in flight from before is never reused for a new one while it may be ACKed.
 */
public final class SeqCounter {
    private int next;

    public SeqCounter(int start) {
        this.next = start & 0xFFFF;
    }

    /** Numbering starts again at {@code start} (the gateway numbers from 0 after each HELLO). */
    public void restart(int start) {
        next = start & 0xFFFF;
    }

    public int next() {
        int seq = next;
        next = (next + 1) & 0xFFFF;
        return seq;
    }
}
