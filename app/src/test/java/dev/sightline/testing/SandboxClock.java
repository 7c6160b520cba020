package dev.sightline.testing;

import java.time.Clock;
import java.time.ZoneOffset;

import org.springframework.context.annotation.Bean;

/**
 * Sightline's clock stopped at the sandbox's "now": the sandbox serves a world frozen at
 * {@link SandboxProcess#NOW}, so the windows Sightline asks for ("today", "this week") end where
 * the sandbox's data ends, however long a test run takes on a busy machine. Imported by the
 * tests that talk to the sandbox; not annotated, so no component scan picks it up elsewhere.
 */
public class SandboxClock {

    @Bean
    Clock clock() {
        return Clock.fixed(SandboxProcess.NOW, ZoneOffset.UTC);
    }
}
