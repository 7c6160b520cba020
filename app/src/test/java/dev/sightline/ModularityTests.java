package dev.sightline;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module structure is checked on every build: no cycles, no reaching into another module's
 * internals. The MCP client library shares the {@code dev.sightline} root but is a separate Maven
 * module with its own public API, not an application module, so it is left out of the model.
 */
class ModularityTests {

    static final ApplicationModules modules = ApplicationModules.of(SightlineApplication.class,
            JavaClass.Predicates.resideInAnyPackage("dev.sightline.mcp..", "dev.sightline.sandbox.."));

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void writesTheModuleDocumentation() {
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
