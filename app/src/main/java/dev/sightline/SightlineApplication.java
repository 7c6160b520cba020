package dev.sightline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Sightline: a self-hosted analytics workspace. Each top-level package below is an application
 * module (verified by {@code ModularityTests}); its public API sits at the package root.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SightlineApplication {

    public static void main(String[] args) {
        SpringApplication.run(SightlineApplication.class, args);
    }
}
