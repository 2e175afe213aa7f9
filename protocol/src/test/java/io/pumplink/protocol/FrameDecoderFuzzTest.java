package io.pumplink.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pumplink.protocol.MalformedFrameTest.Link;
import io.pumplink.protocol.frame.FrameDecoder;
import io.pumplink.protocol.frame.InvalidFrame;
import io.pumplink.protocol.frame.InvalidReason;
import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.NakReason;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.RejectedFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Arbitrary bytes, cut into arbitrary reads, through the inbound pipeline: no exception escapes, nothing comes
 * out but the three result types, no more than one run is ever held back, and every buffer is released.
 *
 * <p>The input is read by {@link FuzzedDataProvider} from both ends: its last 2 bytes give the largest read, the
 * 8 before them seed the read sizes, and the rest is the byte stream. The seed inputs under
 * {@code FrameDecoderFuzzTestInputs/arbitraryBytesInArbitraryReads} are the ICD section 5 vectors with such a tail.
 *
 * <p>Without JAZZER_FUZZ (an IDE run) this only replays the seed inputs. This module's pom runs it in its own
 * surefire execution ("fuzz") in fuzzing mode for {@code maxDuration}, under a memory limit, with the generated
 * corpus and any crash file under {@code target/jazzer}.
 */
class FrameDecoderFuzzTest {
    /** Largest single read: more than a run may hold, so that one read can carry a whole oversized run. */
    private static final int MAX_READ = 2048;

    @FuzzTest(maxDuration = "30s")
    void arbitraryBytesInArbitraryReads(FuzzedDataProvider data) {
        int maxRead = data.consumeInt(1, MAX_READ);
        SplittableRandom readSizes = new SplittableRandom(data.consumeLong());
        byte[] stream = data.consumeRemainingAsBytes();

        List<Object> results = new ArrayList<>();
        try (Link link = new Link()) {
            for (int offset = 0; offset < stream.length; ) {
                int end = Math.min(stream.length, offset + 1 + readSizes.nextInt(maxRead));
                link.write(Arrays.copyOfRange(stream, offset, end));
                link.assertBounded(maxRead);
                results.addAll(link.drain());
                offset = end;
            }
            results.addAll(link.finish());
            assertThat(link.buffered()).as("nothing held after close").isZero();

            results.forEach(FrameDecoderFuzzTest::checkResult);
            assertThat(results.subList(0, Math.max(0, results.size() - 1))).as("TRUNCATED only at the end")
                    .noneMatch(r -> r instanceof InvalidFrame f && f.reason() == InvalidReason.TRUNCATED);
            assertThat(link.counters()).as("every result counted once").isEqualTo(countersOf(results));
        }
    }

    private static void checkResult(Object result) {
        if (result instanceof Packet packet) {
            // what was decoded encodes back to the same message
            assertThat(MessageCodec.decode(MessageCodec.encode(packet))).isEqualTo(packet);
        } else if (result instanceof RejectedFrame rejected) {
            assertThat(rejected.nakReason()).isNotNull().isNotEqualTo(NakReason.NO_HELLO_YET);
            assertThat(rejected.detail()).isNotBlank();
        } else if (result instanceof InvalidFrame invalid) {
            assertThat(invalid.reason()).isNotNull();
            assertThat(invalid.encodedLength()).isPositive();
        } else {
            fail("unexpected result %s", result == null ? null : result.getClass());
        }
    }

    /** The counters the results imply; a run discarded as it arrived is the only TOO_LONG over the run limit. */
    private static Map<String, Long> countersOf(List<Object> results) {
        Map<String, Long> counters = new HashMap<>();
        for (Object result : results) {
            if (result instanceof Packet packet) {
                counters.merge(Link.VALID, 1L, Long::sum);
                counters.merge(Link.decoded(packet.type()), 1L, Long::sum);
            } else if (result instanceof RejectedFrame rejected) {
                counters.merge(Link.VALID, 1L, Long::sum);
                counters.merge(Link.rejected(rejected.nakReason()), 1L, Long::sum);
            } else if (result instanceof InvalidFrame invalid) {
                counters.merge(Link.invalid(invalid.reason()), 1L, Long::sum);
                if (invalid.reason() == InvalidReason.TOO_LONG
                        && invalid.encodedLength() > FrameDecoder.ICD_MAX_RUN_LENGTH) {
                    counters.merge(Link.RESYNCS, 1L, Long::sum);
                }
            }
        }
        return counters;
    }
}
