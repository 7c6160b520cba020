package dev.sightline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The official MCP conformance suite's server scenarios against the sandbox's real MCP endpoint
 * (in conformance mode: no OAuth, plus the suite's fixture tools). The scenarios that need
 * resources, prompts, sampling or elicitation do not apply: Arcjet's server offers only tools.
 * Needs Node 22 and the suite under .tools/ ({@code .ci/install-conformance}); skipped without
 * them, except under CI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sandbox.conformance=true", "sandbox.now=" + SandboxTest.NOW, "sandbox.business-data-dir=target/test-business",
        "sandbox.data-dir=target/test-sandbox/${random.uuid}"})
class ConformanceTests {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"server-initialize", "ping", "logging-set-level", "tools-list", "tools-call-simple-text", "tools-call-error",
            "server-sse-multiple-streams", "dns-rebinding-protection"})
    void scenarioPasses(String scenario) throws Exception {
        Path tools = toolsDirectory();
        Process process = new ProcessBuilder(tools.resolve("node/bin/node").toString(),
                tools.resolve("conformance/node_modules/.bin/conformance").toString(),
                "server", "--url", "http://localhost:" + port + "/mcp", "--scenario", scenario)
                .redirectErrorStream(true)
                .start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
            Assertions.fail("Scenario " + scenario + " did not finish in 120 s:\n" + output);
        }
        assertThat(process.exitValue()).as("scenario %s:\n%s", scenario, output).isZero();
        assertThat(output).contains("0 failed");
    }

    static Path toolsDirectory() throws IOException {
        String configured = System.getenv("MCP_CONFORMANCE_HOME");
        Optional<Path> found = configured != null ? Optional.of(Path.of(configured)) : findUpwards();
        boolean present = found.isPresent() && Files.isExecutable(found.get().resolve("node/bin/node"))
                && Files.exists(found.get().resolve("conformance/node_modules/.bin/conformance"));
        String reason = "The MCP conformance suite is not installed: run .ci/install-conformance (Node 22 and "
                + "@modelcontextprotocol/conformance@0.1.16 from npm into .tools/)";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(reason);
        }
        Assumptions.assumeTrue(present, reason);
        return found.get();
    }

    private static Optional<Path> findUpwards() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".tools"))) {
                return Optional.of(dir.resolve(".tools"));
            }
        }
        return Optional.empty();
    }
}
