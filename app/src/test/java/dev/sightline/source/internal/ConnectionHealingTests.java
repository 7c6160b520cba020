package dev.sightline.source.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.sightline.SightlineApplication;
import dev.sightline.testing.SandboxClock;
import dev.sightline.testing.SandboxProcess;
import dev.sightline.testing.SightlineApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Connections that heal, against sandboxes of their own that are stopped and started again: an
 * authorization server that forgot Sightline's client gets a new registration instead of an
 * error page forever, and a restart of both Sightline and the sandbox (the demo's Ctrl-C and
 * ./demo again) keeps the Arcjet connection working.
 */
class ConnectionHealingTests {

    private static final String TOKEN = "healing-token-0123456789abcdefghij";

    @Test
    void anAuthorizationServerThatForgotTheClientGetsANewRegistration() throws Exception {
        int sandboxPort = SandboxProcess.freePort();
        SandboxProcess sandbox = SandboxProcess.start(sandboxPort, SandboxProcess.emptyDirectory(Path.of("target", "healing-forgot-1")));
        Path data = SandboxProcess.emptyDirectory(Path.of("target", "healing-forgot-app"));
        try (ConfigurableApplicationContext app = app(data, sandbox)) {
            SightlineApi api = new SightlineApi(port(app), TOKEN);
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            long first = api.connectArcjet("alice@example.com", "Arcjet");
            String firstClient = jdbc.sql("SELECT client_id FROM oauth_client").query(String.class).single();

            // The sandbox comes back with nothing remembered: no clients, no tokens.
            sandbox.stop();
            sandbox = SandboxProcess.start(sandboxPort, SandboxProcess.emptyDirectory(Path.of("target", "healing-forgot-2")));

            // Connecting again finds the stored registration unknown, drops it and registers anew.
            long second = api.connectArcjet("alice@example.com", "Arcjet again");
            assertThat(api.json("GET", "/api/datasources/" + second, null).path("status").asString()).isEqualTo("CONNECTED");
            String secondClient = jdbc.sql("SELECT client_id FROM oauth_client").query(String.class).single();
            assertThat(secondClient).isNotEqualTo(firstClient);

            // The first source's tokens died with the sandbox's memory: it asks to re-authenticate, nothing else.
            JsonNode tested = api.json("POST", "/api/datasources/" + first + "/test", null);
            assertThat(tested.path("status").asString()).isEqualTo("NEEDS_REAUTH");
            assertThat(tested.path("message").asString()).contains("Re-authenticate");
        } finally {
            sandbox.stop();
        }
    }

    @Test
    void theArcjetConnectionSurvivesARestartOfBothProcesses() throws Exception {
        int sandboxPort = SandboxProcess.freePort();
        Path sandboxData = SandboxProcess.emptyDirectory(Path.of("target", "healing-restart-sandbox"));
        Path data = SandboxProcess.emptyDirectory(Path.of("target", "healing-restart-app"));
        SandboxProcess sandbox = SandboxProcess.start(sandboxPort, sandboxData);
        long id;
        try (ConfigurableApplicationContext app = app(data, sandbox)) {
            SightlineApi api = new SightlineApi(port(app), TOKEN);
            id = api.connectArcjet("alice@example.com", "Arcjet");
            answer(api, id);
        } finally {
            sandbox.stop();
        }
        sandbox = SandboxProcess.start(sandboxPort, sandboxData);
        try (ConfigurableApplicationContext app = app(data, sandbox)) {
            SightlineApi api = new SightlineApi(port(app), TOKEN);
            assertThat(api.json("POST", "/api/datasources/" + id + "/test", null).path("status").asString()).isEqualTo("CONNECTED");
            answer(api, id);
        } finally {
            sandbox.stop();
        }
    }

    /** Asks a question that reads live data, fresh from the vendor, and expects a figure. */
    private static void answer(SightlineApi api, long id) throws Exception {
        JsonNode analysis = api.json("POST", "/api/analyses", "{\"question\":\"How many requests were denied in the last 7 days?\",\"dataSourceIds\":["
                + id + "],\"fresh\":true}");
        assertThat(analysis.path("warnings").toString()).doesNotContain("Re-authenticate");
        assertThat(analysis.path("steps").findValuesAsString("status")).isNotEmpty().containsOnly("OK");
        assertThat(analysis.path("answer").path("text").asString()).containsPattern("\\d");
    }

    /**
     * Sightline as ./demo runs it: an H2 file database and the vault's key file in one data
     * directory. Given as command-line arguments, which outrank the packaged configuration.
     */
    private static ConfigurableApplicationContext app(Path data, SandboxProcess sandbox) {
        return new SpringApplicationBuilder(SightlineApplication.class, SandboxClock.class).run(
                "--server.port=0",
                "--spring.profiles.active=demo",
                "--spring.datasource.url=jdbc:h2:file:" + data.toAbsolutePath() + "/sightline",
                "--sightline.data-dir=" + data.toAbsolutePath(),
                "--sightline.connectors.arcjet-url=" + sandbox.mcpUrl(),
                "--sightline.allow-loopback-http=true",
                "--sightline.bootstrap.admin-email=owner@example.com",
                "--sightline.bootstrap.admin-password=owner-password-123",
                "--sightline.bootstrap.api-token=" + TOKEN,
                "--logging.file.name=target/test-logs/healing.log");
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
