package io.pumplink.gateway;

import java.io.IOException;

/**
 * Runs every step of a shutdown even when one fails, so one stuck part does not leave the others open; the first
 * failure is thrown at the end, later ones are suppressed into it.
 */
final class Shutdown {
    interface Step {
        void run() throws IOException, InterruptedException;
    }

    private Exception first;

    void run(Step step) {
        try {
            step.run();
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
    }

    void rethrow() throws IOException, InterruptedException {
        if (first instanceof IOException e) {
            throw e;
        }
        if (first instanceof InterruptedException e) {
            throw e;
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
    }
}
