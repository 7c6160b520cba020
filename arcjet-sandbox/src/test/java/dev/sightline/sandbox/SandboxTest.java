package dev.sightline.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The sandbox on a random port with a fixed "now", so the generated traffic is the same on every
 * run. Access tokens keep their standard lifetime, so a slow machine never sees one lapse in the
 * middle of a test (expiry is tested with a state file whose tokens are already past it, in
 * RestartTests). Each application context keeps its clients and tokens in a directory of its own,
 * so no run inherits another's.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sandbox.now=" + SandboxTest.NOW,
        "sandbox.business-data-dir=target/test-business",
        "sandbox.data-dir=target/test-sandbox/${random.uuid}"})
public @interface SandboxTest {
    String NOW = "2026-11-20T15:30:00Z";
}
