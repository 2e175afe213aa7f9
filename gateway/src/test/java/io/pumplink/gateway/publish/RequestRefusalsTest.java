package io.pumplink.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every refusal counted, one log line per streak: a flood of refused requests must not flood the log. */
class RequestRefusalsTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(RequestRefusals.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final RequestRefusals refusals = new RequestRefusals();

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    @Test
    void eachReasonIsLoggedOncePerStreakAndAlwaysCounted() {
        for (int i = 0; i < 1000; i++) {
            refusals.refused(RequestRefusal.RATE_LIMIT, "programmer PRG-1");
        }
        refusals.refused(RequestRefusal.QUEUE_FULL, "programmer PRG-1");
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "request to programmer PRG-1 refused: rate limit; further refusals for this reason are only counted"
                        + " (pumplink_requests_refused_total) until a request is answered",
                "request to programmer PRG-1 refused: queue full; further refusals for this reason are only counted"
                        + " (pumplink_requests_refused_total) until a request is answered");

        refusals.answered();
        refusals.refused(RequestRefusal.RATE_LIMIT, "programmer PRG-1");

        assertThat(log.list).as("a new streak").hasSize(3);
        assertThat(refusals.count(RequestRefusal.RATE_LIMIT)).isEqualTo(1001);
        assertThat(refusals.count(RequestRefusal.QUEUE_FULL)).isEqualTo(1);
        assertThat(refusals.count(RequestRefusal.NO_RESPONSE_TOPIC)).isZero();
    }
}
