package io.pumplink.gateway.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Takes {@code docs/dashboard.png} from a running gateway (e.g. with the emulator on
 * {@code config/scenarios/demo.yaml}): waits until the page shows the given CSS selector, then saves a 1280x900
 * screenshot.
 *
 * <pre>
 * java -cp gateway/target/test-classes:gateway/target/pumplink.jar io.pumplink.gateway.dashboard.DashboardScreenshot \
 *     http://127.0.0.1:9410/ docs/dashboard.png '.pump .alarm.alarm-medium'
 * </pre>
 */
public final class DashboardScreenshot {
    private DashboardScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: DashboardScreenshot URL OUT.png [CSS-SELECTOR-TO-WAIT-FOR [TIMEOUT-SECONDS]]");
            System.exit(2);
        }
        String selector = args.length > 2 ? args[2] : ".pump";
        Duration timeout = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 300);
        try (HeadlessChromium browser = HeadlessChromium.launch(1280, 900)) {
            browser.navigate(args[0]);
            browser.await("document.querySelector('" + selector.replace("'", "\\'") + "')", timeout);
            Thread.sleep(300); // the redraw after the event that made it true
            Files.write(Path.of(args[1]), browser.screenshot());
        }
    }
}
