package io.pumplink.emulator.scenario;

import java.time.Duration;

/**
 * Status frames the programmer sends outside sessions (capability bit 1).
 *
 * @param interval simulated time between two rounds of status frames
 */
public record StatusStreaming(boolean enabled, Duration interval) {
}
