package io.pumplink.gateway;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of all three modules' production classes, which only the gateway's tests see together. Data flows
 * bytes → frames → messages → journal → internal model → Protobuf → MQTT; no layer knows one after it. A rule that
 * finds no class to check fails too, so renaming a package cannot silently switch a rule off.
 */
class LayeringTest {
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            // the protocol's and the emulator's test jars are on this class path; DoNotIncludeTests knows directories
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.pumplink");

    /** The simulator is for the assembly only: {@code pumplink emulator} (cli) and {@code pumplink demo} (demo). */
    @Test
    void productCodeNeverUsesTheEmulator() {
        noClasses().that().resideInAPackage("io.pumplink.gateway..")
                .and().resideOutsideOfPackages("io.pumplink.gateway.cli..", "io.pumplink.gateway.demo..")
                .should().dependOnClassesThat().resideInAPackage("io.pumplink.emulator..")
                .check(PRODUCTION);
    }

    /** Maven already keeps the protocol module from its users; this also catches a class put in a shared package. */
    @Test
    void sharedCodeKnowsNeitherGatewayNorEmulator() {
        noClasses().that().resideInAnyPackage("io.pumplink.protocol..", "io.pumplink.proto..",
                        "io.pumplink.config..", "io.pumplink.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pumplink.gateway..", "io.pumplink.emulator..")
                .check(PRODUCTION);
    }

    @Test
    void framesKnowNoMessages() {
        noClasses().that().resideInAPackage("io.pumplink.protocol.frame..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pumplink.protocol.message..",
                        "io.pumplink.protocol.link..")
                .check(PRODUCTION);
    }

    /** The journal keeps frames' bytes; the rest of the gateway builds on it, so it may use none of it. */
    @Test
    void journalKnowsNothingAboveIt() {
        noClasses().that().resideInAPackage("io.pumplink.gateway.journal..")
                .should().dependOnClassesThat(resideInAPackage("io.pumplink.gateway..")
                        .and(resideOutsideOfPackage("io.pumplink.gateway.journal.."))
                        .as("reside in the gateway outside its journal"))
                .orShould().dependOnClassesThat().resideInAPackage("org.eclipse.paho..")
                .check(PRODUCTION);
    }

    @Test
    void modelKnowsNoMqttNorChannel() {
        noClasses().that().resideInAPackage("io.pumplink.gateway.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.paho..",
                        "io.pumplink.gateway.mqtt..", "io.netty.channel..")
                .check(PRODUCTION);
    }

    /** Alerts are derived before anything is published; publish maps them to messages. */
    @Test
    void alertsKnowNoMqtt() {
        noClasses().that().resideInAPackage("io.pumplink.gateway.alerts..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.paho..",
                        "io.pumplink.gateway.mqtt..", "io.pumplink.gateway.publish..")
                .check(PRODUCTION);
    }

    /**
     * Protobuf only at the MQTT edge: publish, the dashboard's feed of published envelopes, the tools that read them
     * (cli: watch, decode), the bridges that subscribe to them, and the wiring in this package, which publishes the
     * gateway's own status.
     */
    @Test
    void protobufOnlyAtTheEdge() {
        noClasses().that().resideOutsideOfPackages("io.pumplink.proto..", "io.pumplink.gateway",
                        "io.pumplink.gateway.publish..", "io.pumplink.gateway.dashboard..", "io.pumplink.gateway.cli..",
                        "io.pumplink.bridge..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pumplink.proto..", "com.google.protobuf..")
                .check(PRODUCTION);
    }

    /** Bridges only subscribe: they read the published tree and know nothing of links, the journal or the model. */
    @Test
    void bridgesKnowOnlyThePublishedTree() {
        noClasses().that().resideInAPackage("io.pumplink.bridge..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pumplink.protocol..", "io.pumplink.emulator..",
                        "io.pumplink.gateway.journal..", "io.pumplink.gateway.link..", "io.pumplink.gateway.store..",
                        "io.pumplink.gateway.model..", "io.pumplink.gateway.alerts..",
                        "io.pumplink.gateway.dashboard..", "io.pumplink.gateway.mqtt..")
                .check(PRODUCTION);
    }

    /** The gateway's safety path never reaches a bridge; only the CLI assembles one. */
    @Test
    void theGatewayNeverUsesABridge() {
        noClasses().that().resideInAPackage("io.pumplink.gateway..")
                .and().resideOutsideOfPackage("io.pumplink.gateway.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.pumplink.bridge..")
                .check(PRODUCTION);
    }
}
