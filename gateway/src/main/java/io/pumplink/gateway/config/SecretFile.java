package io.pumplink.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A secret (broker password, HTTP token) in a file of its own, readable by the gateway's user only: its first line. */
public final class SecretFile {
    private SecretFile() {
    }

    public static String read(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
    }
}
