package io.pumplink.gateway.cli;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * Runs {@code pumplink ...} in this JVM with stdin, stdout and stderr captured, as DecodeCommandTest does; or in
 * the background ({@link #start}) for commands that wait for messages, with the captured output readable while
 * they run. One command at a time: the standard streams are global.
 */
final class Cli {
    record Run(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
        }
    }

    /** A command running in the background. */
    static final class Running {
        private final ByteArrayOutputStream out;
        private final ByteArrayOutputStream err;
        private final CompletableFuture<Integer> exitCode;

        private Running(ByteArrayOutputStream out, ByteArrayOutputStream err, CompletableFuture<Integer> exitCode) {
            this.out = out;
            this.err = err;
            this.exitCode = exitCode;
        }

        String stdout() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String stderr() {
            return err.toString(StandardCharsets.UTF_8);
        }

        boolean done() {
            return exitCode.isDone();
        }

        Run await(Duration timeout) throws Exception {
            int code = exitCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Run(code, stdout(), stderr());
        }
    }

    private Cli() {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = execute(out, err, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Running start(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Thread thread = new Thread(() -> {
            try {
                exitCode.complete(new CommandLine(new PumpLinkCommand()).execute(args));
            } catch (Throwable t) {
                exitCode.completeExceptionally(t);
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }, "pumplink-" + args[0]);
        thread.setDaemon(true);
        thread.start();
        return new Running(out, err, exitCode);
    }

    private static int execute(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        try {
            System.setIn(InputStream.nullInputStream());
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new CommandLine(new PumpLinkCommand()).execute(args);
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
