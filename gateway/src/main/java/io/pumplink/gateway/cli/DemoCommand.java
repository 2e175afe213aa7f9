package io.pumplink.gateway.cli;

import io.pumplink.cli.Lifetime;
import io.pumplink.gateway.demo.Demo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pumplink demo}: broker, emulated programmers and pumps, and the gateway, in one process. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the whole chain in one process: an embedded MQTT 5 broker (HiveMQ CE), "
                + "three emulated programmers, each with a pump of its own (morphine in"
                + " alarm, baclofen on a flex schedule, ziconotide due for a refill), and the gateway linked to them"
                + " over TCP, with metrics and health. Everything listens on " + Demo.HOST
                + " only; the journal lives in a temporary directory deleted on exit. Ctrl-C stops it all.",
        footer = {"", "Examples:",
            "  pumplink demo",
            "  pumplink demo --mqtt-port 11883 --http-port 9411 --speed 3000"})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--mqtt-port", paramLabel = "PORT", defaultValue = "" + Demo.DEFAULT_MQTT_PORT,
            description = "the embedded broker's port (default: ${DEFAULT-VALUE})")
    private int mqttPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + Demo.DEFAULT_HTTP_PORT,
            description = "the gateway's metrics and health port (default: ${DEFAULT-VALUE})")
    private int httpPort;

    @Option(names = "--speed", paramLabel = "N", defaultValue = "600",
            description = "simulated seconds per real second for the pumps (default: ${DEFAULT-VALUE}: "
                    + "two simulated days in under five minutes)")
    private double speed;

    @Override
    public Integer call() throws Exception {
        Demo.Options options;
        try {
            options = new Demo.Options(mqttPort, httpPort, speed, Demo.DEFAULT_EMULATOR_PORT, Demo.demoScenarios(),
                    VersionProvider.version());
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            return 2;
        }
        try (Lifetime lifetime = new Lifetime()) {
            Demo demo = new Demo(options);
            try {
                long started = System.nanoTime();
                demo.start();
                printWhereToLook(demo, options, System.out, (System.nanoTime() - started) / 1_000_000);
                lifetime.await(Optional.empty());
                System.err.println("demo: stopping the gateway, the emulator, then the broker ...");
            } finally {
                demo.close();
            }
            System.err.println("demo: stopped"); // before the Lifetime lets a Ctrl-C exit go on
        } catch (Demo.PortInUseException e) {
            System.err.printf("demo: %s (%s?).%n      Choose another port with %s%s%n", e.getMessage(),
                    e.flag().equals("--mqtt-port") ? "another MQTT broker such as mosquitto" : "another gateway",
                    e.flag(), e.suggestion() > 0 ? ", e.g. " + e.flag() + " " + e.suggestion() : " PORT");
            return 2;
        }
        return 0;
    }

    private void printWhereToLook(Demo demo, Demo.Options options, PrintStream out, long startMs) {
        String http = "http://" + Demo.HOST + ":" + demo.httpPort();
        int mqtt = demo.mqttPort();
        out.printf("%nPumpLink demo running (started in %.1f s): %d emulated programmers %s, one pump each,%n",
                startMs / 1000.0, demo.programmerSerials().size(), String.join(", ", demo.programmerSerials()));
        out.printf("at %sx speed, playing:%n", speedText());
        options.scenarios().forEach(s -> out.printf("  %-12s %s%n", s.name(), s.description()));
        out.println();
        if (demo.hasDashboard()) {
            out.printf("  dashboard   %s/%n", http);
        }
        out.printf("  health      %s/health%n", http);
        out.printf("  metrics     %s/metrics%n", http);
        out.printf("  MQTT 5      %s   (embedded HiveMQ CE on %s:%d, no authentication)%n", demo.brokerUri(),
                Demo.HOST, mqtt);
        out.printf("  gateway     \"%s\", links to tcp:%s:%d..%d%n%n", Demo.GATEWAY_ID, Demo.HOST,
                demo.programmerPorts().get(0), demo.programmerPorts().get(demo.programmerPorts().size() - 1));
        out.println("Watch it:");
        out.printf("  mosquitto_sub -V mqttv5 -h localhost -p %d -t 'pumplink/v1/#' -v%n", mqtt);
        out.printf("  mosquitto_sub -V mqttv5 -h localhost -p %d -t 'pumplink/v1/json/#' -v    # JSON mirror%n",
                mqtt);
        watchLine(mqtt).ifPresent(line -> out.println("  " + line));
        out.printf("  curl -s %s/health; curl -s %s/metrics | grep pumplink_%n%n", http, http);
        out.println("Ctrl-C stops the gateway, the emulator and the broker, and deletes the temporary journal.");
        out.flush();
    }

    private String speedText() {
        return speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed);
    }

    /** A {@code pumplink watch} line, when this build has that command. */
    private Optional<String> watchLine(int mqtt) {
        CommandLine watch = spec.parent() == null ? null : spec.parent().subcommands().get("watch");
        if (watch == null) {
            return Optional.empty();
        }
        boolean takesMqtt = watch.getCommandSpec().findOption("--mqtt") != null;
        return Optional.of(invocation() + " watch" + (takesMqtt ? " --mqtt tcp://localhost:" + mqtt : ""));
    }

    /** How this jar was started, for lines the user can paste: java -jar PATH, else "pumplink". */
    private static String invocation() {
        try {
            Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.getFileName().toString().endsWith(".jar")) {
                Path cwd = Path.of("").toAbsolutePath();
                return "java -jar " + (jar.startsWith(cwd) ? cwd.relativize(jar) : jar);
            }
        } catch (Exception e) {
            // no code source (unusual class loader): fall back to the command's name
        }
        return "pumplink";
    }
}
