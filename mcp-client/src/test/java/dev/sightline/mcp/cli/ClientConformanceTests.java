package dev.sightline.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official MCP conformance suite's client scenarios, with this module's CLI as the client
 * under test, each in its own JVM as the suite starts it. The CLI identifies itself with the
 * suite's client ID metadata document URL where the server supports those.
 * <p>
 * Not listed: {@code sse-retry}. The SDK transport does not reopen a tools/call SSE stream that
 * the server closes before answering (no GET with Last-Event-ID after the retry delay), so that
 * scenario still fails.
 */
class ClientConformanceTests {

    @ParameterizedTest
    @ValueSource(strings = {"initialize", "tools_call", "elicitation-sep1034-client-defaults",
            "auth/metadata-default", "auth/metadata-var1", "auth/metadata-var2", "auth/metadata-var3", "auth/basic-cimd",
            "auth/scope-from-www-authenticate", "auth/scope-from-scopes-supported", "auth/scope-omitted-when-undefined",
            "auth/scope-step-up", "auth/scope-retry-limit", "auth/token-endpoint-auth-basic", "auth/token-endpoint-auth-post",
            "auth/token-endpoint-auth-none", "auth/pre-registration", "auth/2025-03-26-oauth-metadata-backcompat",
            "auth/2025-03-26-oauth-endpoint-fallback", "auth/resource-mismatch", "auth/offline-access-scope",
            "auth/offline-access-not-supported", "auth/client-credentials-jwt", "auth/client-credentials-basic",
            "auth/cross-app-access-complete-flow"})
    void scenarioPasses(String scenario) throws Exception {
        Path tools = toolsDirectory();
        String classpath = Path.of("target", "classes").toAbsolutePath() + ":" + Files.readString(Path.of("target", "cli-classpath.txt")).trim();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -XX:TieredStopAtLevel=1 -Xshare:auto -cp " + classpath + " " + Main.class.getName()
                + " --client-metadata-url https://conformance-test.local/client-metadata.json";
        Process process = new ProcessBuilder(tools.resolve("node/bin/node").toString(), tools.resolve("conformance/node_modules/.bin/conformance").toString(),
                "client", "--command", command, "--scenario", scenario)
                .redirectErrorStream(true)
                .start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        if (!finished) {
            process.destroyForcibly();
            Assertions.fail("Scenario " + scenario + " did not finish:\n" + output);
        }
        assertThat(output).as("scenario %s:\n%s", scenario, output).contains("OVERALL: PASSED");
        assertThat(process.exitValue()).isZero();
    }

    static Path toolsDirectory() {
        String configured = System.getenv("MCP_CONFORMANCE_HOME");
        Optional<Path> found = Optional.ofNullable(configured).map(Path::of);
        for (Path dir = Path.of("").toAbsolutePath(); found.isEmpty() && dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".tools"))) {
                found = Optional.of(dir.resolve(".tools"));
            }
        }
        boolean present = found.isPresent() && Files.isExecutable(found.get().resolve("node/bin/node"))
                && Files.exists(found.get().resolve("conformance/node_modules/.bin/conformance"));
        String reason = "The MCP conformance suite is not installed: run .ci/install-conformance";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(reason);
        }
        Assumptions.assumeTrue(present, reason);
        return found.get();
    }
}
