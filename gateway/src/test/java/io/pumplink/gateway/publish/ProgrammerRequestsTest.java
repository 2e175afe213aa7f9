package io.pumplink.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.protocol.message.CommandResult;
import io.pumplink.proto.v1.RequestKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 11, item 1: bounded, coalesced, rate-limited requests per programmer; time is the test's. */
class ProgrammerRequestsTest {
    private static final RequestKind INTERROGATION = RequestKind.REQUEST_KIND_INTERROGATION;
    private static final RequestKind STATUS = RequestKind.REQUEST_KIND_STATUS;

    private long nanos;
    private final List<CompletableFuture<CommandResult>> frames = new ArrayList<>();
    private final Supplier<CompletableFuture<CommandResult>> link = () -> {
        CompletableFuture<CommandResult> frame = new CompletableFuture<>();
        frames.add(frame);
        return frame;
    };

    @Test
    void fiveThousandRequestsToASilentProgrammerSendOneFramePerKindAndRefuseAllButTheQueue() {
        ProgrammerRequests requests = new ProgrammerRequests(4, 10, () -> nanos);

        List<CompletableFuture<CommandResult>> answers = IntStream.range(0, 5000)
                .mapToObj(i -> requests.submit(i % 2 == 0 ? INTERROGATION : STATUS, link)).toList();

        assertThat(frames).as("one frame per kind; the rest share its answer").hasSize(2);
        assertThat(answers.stream().filter(a -> !a.isDone())).hasSize(4);
        assertThat(answers.stream().filter(CompletableFuture::isCompletedExceptionally)).hasSize(4996)
                .allSatisfy(a -> assertThat(refusal(a)).isEqualTo(RequestRefusal.QUEUE_FULL));

        // the MQTT side's timeout fails the frames (and withdraws them from the link): everyone is told, room again
        frames.forEach(f -> f.completeExceptionally(new TimeoutException()));
        assertThat(answers.stream().filter(a -> !a.isDone())).isEmpty();
        assertThat(requests.submit(STATUS, link)).isNotDone();
        assertThat(frames).as("a new frame: the timed-out one is not shared").hasSize(3);
    }

    @Test
    void aSecondRequesterOfTheSameKindGetsTheSameAnswerWithoutASecondFrame() {
        ProgrammerRequests requests = new ProgrammerRequests(4, 10, () -> nanos);
        CompletableFuture<CommandResult> first = requests.submit(STATUS, link);
        CompletableFuture<CommandResult> second = requests.submit(STATUS, link);
        CompletableFuture<CommandResult> other = requests.submit(INTERROGATION, link);

        assertThat(frames).hasSize(2);
        frames.get(0).complete(new CommandResult(7, 0));
        assertThat(first).isCompletedWithValue(new CommandResult(7, 0));
        assertThat(second).isCompletedWithValue(new CommandResult(7, 0));
        assertThat(other).isNotDone();

        requests.submit(STATUS, link);
        assertThat(frames).as("answered: the next one is a new request").hasSize(3);
    }

    @Test
    void framesPerMinuteAreLimitedAndRefillOverTime() {
        ProgrammerRequests requests = new ProgrammerRequests(64, 2, () -> nanos);
        for (int i = 0; i < 2; i++) {
            requests.submit(STATUS, link);
            frames.get(i).complete(new CommandResult(i, 0));
        }
        assertThat(refusal(requests.submit(STATUS, link))).isEqualTo(RequestRefusal.RATE_LIMIT);
        assertThat(refusal(requests.submit(INTERROGATION, link))).isEqualTo(RequestRefusal.RATE_LIMIT);

        nanos += TimeUnit.SECONDS.toNanos(29);
        assertThat(refusal(requests.submit(STATUS, link))).as("half a token only").isEqualTo(RequestRefusal.RATE_LIMIT);
        nanos += TimeUnit.SECONDS.toNanos(1);
        assertThat(requests.submit(STATUS, link)).isNotDone();
        assertThat(frames).hasSize(3);
    }

    private static RequestRefusal refusal(CompletableFuture<CommandResult> answer) {
        assertThat(answer).isCompletedExceptionally();
        Throwable failure = answer.handle((result, e) -> e instanceof CompletionException c ? c.getCause() : e).join();
        assertThat(failure).isInstanceOf(RequestRefusal.RequestRefused.class);
        return ((RequestRefusal.RequestRefused) failure).reason();
    }
}
