package io.pumplink.emulator.scenario;

import static io.pumplink.config.Values.U16_MAX;
import static io.pumplink.config.Values.U8_MAX;

import io.pumplink.config.Values;
import io.pumplink.config.Values.Value;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A firmware version as HELLO carries it: u8 major, u8 minor, u16 patch. */
public record FirmwareVersion(int major, int minor, int patch) {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,5})");

    /** major.minor.patch in a scenario file; a YAML number such as 2.4 is reported, not misread. */
    static Value<FirmwareVersion> value() {
        return node -> {
            Matcher version = TEXT.matcher(node.isValueNode() ? node.asText() : "");
            if (!version.matches()) {
                throw Values.invalid("must be major.minor.patch like \"2.4.17\"", node);
            }
            int major = Integer.parseInt(version.group(1));
            int minor = Integer.parseInt(version.group(2));
            int patch = Integer.parseInt(version.group(3));
            if (major > U8_MAX || minor > U8_MAX || patch > U16_MAX) {
                throw Values.invalid("must have major and minor 0.." + U8_MAX + " and patch 0.." + U16_MAX, node);
            }
            return new FirmwareVersion(major, minor, patch);
        };
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
