package io.launchgraph.topology;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The topology module stays pure: no process concerns, and its layers point one way. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.launchgraph.topology");

    @Test
    void shouldNotDependOnTheApplication() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.launchgraph.app..").check(CLASSES);
    }

    @Test
    void shouldNotStartThreadsServersOrClients() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("org.apache.kafka.streams.KafkaStreams")
                .orShould().dependOnClassesThat().resideInAnyPackage("com.sun.net.httpserver..", "java.net.http..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .check(CLASSES);
    }

    @Test
    void shouldKeepTheSerdesFreeOfTheEngine() {
        noClasses().that().resideInAPackage("io.launchgraph.topology.serde..")
                .should().dependOnClassesThat().resideInAPackage("io.launchgraph.topology.internal..")
                .check(CLASSES);
    }

    @Test
    void shouldKeepThePureFoldFreeOfKafka() {
        noClasses().that().resideInAPackage("io.launchgraph.topology.internal")
                .and(JavaClass.Predicates.simpleNameStartingWith("Fold")
                        .or(JavaClass.Predicates.simpleNameStartingWith("Engine"))
                        .or(JavaClass.Predicates.simpleNameStartingWith("Answer"))
                        .or(JavaClass.Predicates.simpleNameStartingWith("Milestone"))
                        .or(JavaClass.Predicates.simpleNameStartingWith("TeamView"))
                        .or(JavaClass.Predicates.simpleName("Derivation"))
                        .or(JavaClass.Predicates.simpleName("Graph"))
                        .or(JavaClass.Predicates.simpleName("Node"))
                        .or(JavaClass.Predicates.simpleName("Edge"))
                        .or(JavaClass.Predicates.simpleName("Dependency"))
                        .or(JavaClass.Predicates.simpleName("Stamp"))
                        .or(JavaClass.Predicates.simpleName("Register")))
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .check(CLASSES);
    }
}
