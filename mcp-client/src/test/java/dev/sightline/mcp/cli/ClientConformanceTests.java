package dev.sightline.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The official MCP conformance suite's 26 client scenarios ({@code --suite all}, no expected
 * failures), with this module's CLI as the client under test, each scenario in its own JVM as the
 * suite starts it. The CLI identifies itself with the suite's client ID metadata document URL
 * where the server supports those.
 */
class ClientConformanceTests {

    @Test
    void allClientScenariosPass() throws Exception {
        Path tools = toolsDirectory();
        String classpath = Path.of("target", "classes").toAbsolutePath() + ":" + Files.readString(Path.of("target", "cli-classpath.txt")).trim();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -XX:TieredStopAtLevel=1 -Xshare:auto -cp " + classpath + " " + Main.class.getName()
                + " --client-metadata-url https://conformance-test.local/client-metadata.json";
        Process process = new ProcessBuilder(tools.resolve("node/bin/node").toString(), tools.resolve("conformance/node_modules/.bin/conformance").toString(),
                "client", "--command", command, "--suite", "all")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            Assertions.fail("The suite did not finish in 5 minutes:\n" + output);
        }
        String summary = output.contains("=== SUITE SUMMARY ===") ? output.substring(output.indexOf("=== SUITE SUMMARY ===")) : output;
        assertThat(summary).as(summary).contains("Total: ").contains(" 0 failed, 0 warnings");
        assertThat(summary.lines().filter(l -> l.startsWith("\u2713 "))).as(summary).hasSize(26);
        assertThat(process.exitValue()).as(summary).isZero();
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
