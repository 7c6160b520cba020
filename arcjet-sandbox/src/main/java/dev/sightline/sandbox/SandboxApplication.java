package dev.sightline.sandbox;

import java.time.Clock;
import java.time.ZoneOffset;

import dev.sightline.sandbox.tools.ArcjetTools;
import dev.sightline.sandbox.traffic.SignupsCsv;
import dev.sightline.sandbox.traffic.TrafficGenerator;
import dev.sightline.sandbox.traffic.TrafficStore;
import dev.sightline.sandbox.world.SandboxWorld;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The Arcjet sandbox: a stand-in for Arcjet's hosted MCP server (https://api.arcjet.com/mcp) on
 * its own origin, with its own OAuth authorization server and deterministic synthetic traffic.
 * Sightline reaches it only over HTTP, exactly like the real vendor.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SandboxApplication {

    private static final Logger log = LoggerFactory.getLogger(SandboxApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(SandboxApplication.class, args);
    }

    @Bean
    Clock clock(SandboxProperties properties) {
        return properties.now() == null ? Clock.systemUTC() : Clock.fixed(properties.now(), ZoneOffset.UTC);
    }

    @Bean
    SandboxWorld world(Clock clock, SandboxProperties properties) {
        return new SandboxWorld(clock, properties.seed());
    }

    @Bean
    TrafficStore traffic(SandboxWorld world, SandboxProperties properties, Clock clock) {
        long started = System.nanoTime();
        TrafficStore store = new TrafficStore(world, new TrafficGenerator(properties.seed(), properties.requestsPerSite(), clock.instant()));
        log.info("Generated 30 days of traffic ({} requests on a busy site) in {} ms",
                store.of(world.siteNamed(SandboxWorld.ACME_PROD_NAME).orElseThrow().id()).size(), (System.nanoTime() - started) / 1_000_000);
        SignupsCsv.write(store.generator(), properties.businessDataDir());
        return store;
    }

    @Bean
    ArcjetTools arcjetTools(SandboxWorld world, TrafficStore traffic) {
        return new ArcjetTools(world, traffic);
    }
}
