package io.pumplink.jmh;

import org.openjdk.jmh.Main;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * {@code org.openjdk.jmh.Main}, except that a filter matching none of this module's benchmarks is no error: one
 * {@code -Djmh.args} goes to every module of the reactor (parent pom, profile {@code jmh}). The gateway's
 * benchmarks run through this same class, from the protocol test-jar.
 */
public final class RunBenchmarks {
    private RunBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
                || options.shouldListProfilers() || options.shouldListResultFormats()) {
            Main.main(args);
            return;
        }
        try {
            new Runner(options).run();
        } catch (NoBenchmarksException e) {
            System.out.println("No benchmark of this module matches " + options.getIncludes() + ": nothing to run");
        }
    }
}
