package io.pumplink.gateway.cli.bench;

import io.pumplink.gateway.config.ConfigLoader;
import io.pumplink.gateway.config.GatewayConfig;
import java.nio.file.Path;
import java.util.List;

/** The gateway's configuration for a bench run, in the YAML a user writes, through the real {@link ConfigLoader}. */
final class BenchGatewayConfig {
    static final String GATEWAY_ID = "bench";
    /**
     * Room for the backlog a saturated run builds up (status frames are dropped once the journal is full, which
     * the bench then reports): well above the default, so that only a long saturated run reaches it.
     */
    private static final String JOURNAL_MAX_BYTES = "4GiB";

    private BenchGatewayConfig() {
    }

    static GatewayConfig of(BenchPlan plan, Path journalDir, List<Integer> programmerPorts, String clientId) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("gatewayId: ").append(GATEWAY_ID).append('\n');
        yaml.append("links:\n");
        for (int i = 0; i < programmerPorts.size(); i++) {
            yaml.append("  - id: ").append(quote(linkId(i))).append('\n')
                    .append("    endpoint: ").append(quote("tcp:127.0.0.1:" + programmerPorts.get(i))).append('\n')
                    .append("    reconnectInitial: 100ms\n")
                    .append("    reconnectMax: 1s\n");
        }
        yaml.append("mqtt:\n")
                .append("  uri: ").append(quote(plan.mqtt().toString())).append('\n')
                .append("  clientId: ").append(quote(clientId)).append('\n')
                .append("  topicPrefix: ").append(quote(plan.topicPrefix())).append('\n')
                .append("  jsonMirror: ").append(plan.jsonMirror()).append('\n');
        yaml.append("journal:\n")
                .append("  dir: ").append(quote(journalDir.toString())).append('\n')
                .append("  maxBytes: ").append(JOURNAL_MAX_BYTES).append('\n');
        yaml.append("http:\n")
                .append("  enabled: false\n");
        return ConfigLoader.parse(yaml.toString(), "bench");
    }

    static String linkId(int index) {
        return "link-%04d".formatted(index);
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
