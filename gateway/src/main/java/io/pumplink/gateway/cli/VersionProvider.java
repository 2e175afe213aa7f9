package io.pumplink.gateway.cli;

import picocli.CommandLine;

/** The version from the jar's manifest (set by the build), or "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    static String version() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"pumplink " + version()};
    }
}
