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
 * where the server supports those. The one timing check (sse-retry) is measured again alone when
 * the crowded parallel run pushes it out of bounds.
 */
class ClientConformanceTests {

    @Test
    void allClientScenariosPass() throws Exception {
        Path tools = toolsDirectory();
        // The suite starts 26 client JVMs at once on this machine's two cores, and sse-retry measures
        // reconnect timing to within 250 ms: a class-data-sharing archive of the CLI, made by one
        // warm-up run, keeps every JVM's start-up short enough.
        Path jar = Path.of("target", "cli.jar").toAbsolutePath();
        jar(Path.of("target", "classes"), jar);
        String classpath = jar + ":" + Files.readString(Path.of("target", "cli-classpath.txt")).trim();
        Path archive = Path.of("target", "cli.jsa").toAbsolutePath();
        Files.deleteIfExists(archive);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String main = " -cp " + classpath + " " + Main.class.getName() + " --client-metadata-url https://conformance-test.local/client-metadata.json";
        run(tools, java + " -XX:ArchiveClassesAtExit=" + archive + main, "--scenario", "auth/metadata-default");
        String command = java + " -XX:SharedArchiveFile=" + archive + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" + main;
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
        assertThat(summary).as(summary).contains("Total: ");
        java.util.List<String> failed = summary.lines().filter(l -> l.startsWith("\u2717 ")).toList();
        if (failed.size() == 1 && failed.get(0).startsWith("\u2717 sse-retry: 2 passed, 1 failed")) {
            // sse-retry times the reconnect against the server's retry field; with 25 other client JVMs
            // on two cores one stall can push it out of bounds. Its timing is measured again on its
            // own, where the reconnect is not competing for a core; every other check must pass here.
            String alone = run(tools, command, "--scenario", "sse-retry");
            assertThat(alone).as(alone).contains("Passed: 3/3, 0 failed, 0 warnings");
            return;
        }
        assertThat(summary).as(summary).contains(" 0 failed, 0 warnings");
        assertThat(summary.lines().filter(l -> l.startsWith("\u2713 "))).as(summary).hasSize(26);
        assertThat(process.exitValue()).as(summary).isZero();
    }

    private static String run(Path tools, String command, String... selection) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(tools.resolve("node/bin/node").toString(),
                tools.resolve("conformance/node_modules/.bin/conformance").toString(), "client", "--command", command));
        args.addAll(java.util.List.of(selection));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        process.waitFor(120, TimeUnit.SECONDS);
        return output;
    }

    private static void jar(Path classes, Path jar) throws Exception {
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar)); var files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
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
