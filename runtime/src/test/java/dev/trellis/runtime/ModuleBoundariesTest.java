package dev.trellis.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (engine-core ← rule-engine ← the other engines ← templates, designer,
 * runtime), and no module reaches into another module's {@code internal} packages.
 */
class ModuleBoundariesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.trellis");
    }

    @Test
    void engineCoreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.trellis.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.trellis.rule..", "dev.trellis.form..",
                        "dev.trellis.workflow..", "dev.trellis.report..", "dev.trellis.templates..",
                        "dev.trellis.designer..", "dev.trellis.runtime..", "dev.trellis.data..")
                .check(classes);
    }

    @Test
    void enginesNeverUseTheDesignerOrTheRuntime() {
        noClasses().that().resideInAnyPackage("dev.trellis.rule..", "dev.trellis.form..", "dev.trellis.workflow..",
                        "dev.trellis.report..", "dev.trellis.templates..", "dev.trellis.data..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.trellis.designer..", "dev.trellis.runtime..")
                .check(classes);
    }

    @Test
    void internalPackagesStayInsideTheirModule() {
        noClasses().that().resideOutsideOfPackage("dev.trellis.core..")
                .should().dependOnClassesThat().resideInAPackage("dev.trellis.core..internal..")
                .check(classes);
        noClasses().that().resideOutsideOfPackage("dev.trellis.rule..")
                .should().dependOnClassesThat().resideInAPackage("dev.trellis.rule..internal..")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideOutsideOfPackage("dev.trellis.data..")
                .should().dependOnClassesThat().resideInAPackage("dev.trellis.data..internal..")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideOutsideOfPackage("dev.trellis.workflow..")
                .should().dependOnClassesThat().resideInAPackage("dev.trellis.workflow..internal..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
