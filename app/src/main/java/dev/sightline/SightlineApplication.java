package dev.sightline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.modulith.Modulithic;

/**
 * Sightline: a self-hosted analytics workspace. Each top-level package below is an application
 * module (verified by {@code ModularityTests}); its public API sits at the package root.
 * <p>
 * The scan leaves out {@code dev.sightline.sandbox}: the Arcjet sandbox is another application,
 * reached only over HTTP, whose classes tests put on the classpath to compute expected answers.
 */
@Modulithic(systemName = "Sightline")
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.sightline\\.sandbox\\..*")})
@ConfigurationPropertiesScan(basePackages = {"dev.sightline.account", "dev.sightline.web", "dev.sightline.source", "dev.sightline.vault",
        "dev.sightline.ask", "dev.sightline.dashboard"})
public class SightlineApplication {

    public static void main(String[] args) {
        SpringApplication.run(SightlineApplication.class, args);
    }
}
