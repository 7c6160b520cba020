package dev.sightline.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The official MCP conformance suite's client scenarios (all 26 that {@code conformance list}
 * names, no expected failures), with this module's CLI as the client under test, each scenario in
 * its own JVM as the suite starts it. The CLI identifies itself with the suite's client ID
 * metadata document URL where the server supports those.
 *
 * <p>The suite's {@code --suite all} starts every client JVM at once; on two busy cores that
 * crowding alone failed checks that pass on their own. So scenarios run at most two at a time, and
 * sse-retry, whose check times the reconnect against the server's {@code retry} field, runs first
 * with nothing of ours beside it.
 */
class ClientConformanceTests {

    private static final int IN_PARALLEL = 2;
    private static final String TIMED = "sse-retry";

    @Test
    void allClientScenariosPass() throws Exception {
        Path tools = toolsDirectory();
        // A class-data-sharing archive of the CLI, made by one warm-up run, keeps every client JVM's start-up short.
        Path jar = Path.of("target", "cli.jar").toAbsolutePath();
        jar(Path.of("target", "classes"), jar);
        String classpath = jar + ":" + Files.readString(Path.of("target", "cli-classpath.txt")).trim();
        Path archive = Path.of("target", "cli.jsa").toAbsolutePath();
        Files.deleteIfExists(archive);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String main = " -cp " + classpath + " " + Main.class.getName() + " --client-metadata-url https://conformance-test.local/client-metadata.json";
        conformance(tools, "client", "--command", java + " -XX:ArchiveClassesAtExit=" + archive + main, "--scenario", "auth/metadata-default");
        String command = java + " -XX:SharedArchiveFile=" + archive + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" + main;

        List<String> scenarios = clientScenarios(conformance(tools, "list"));
        assertThat(scenarios).as("client scenarios listed by the suite").hasSize(26).contains(TIMED);
        Map<String, String> results = new TreeMap<>();
        results.put(TIMED, conformance(tools, "client", "--command", command, "--scenario", TIMED));
        ExecutorService pool = Executors.newFixedThreadPool(IN_PARALLEL);
        try {
            Map<String, Future<String>> running = new TreeMap<>();
            for (String scenario : scenarios) {
                if (!scenario.equals(TIMED)) {
                    running.put(scenario, pool.submit(() -> conformance(tools, "client", "--command", command, "--scenario", scenario)));
                }
            }
            for (var entry : running.entrySet()) {
                results.put(entry.getKey(), entry.getValue().get(5, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> failed = results.entrySet().stream()
                .filter(e -> !e.getValue().contains(" 0 failed, 0 warnings") || !e.getValue().contains("OVERALL: PASSED"))
                .map(e -> e.getKey() + ":\n" + e.getValue()).toList();
        assertThat(failed).as("scenarios with a failure or a warning").isEmpty();
        assertThat(results).hasSize(26);
    }

    /** The names under "Client scenarios" in {@code conformance list}. */
    static List<String> clientScenarios(String listing) {
        List<String> names = new ArrayList<>();
        boolean client = false;
        for (String line : listing.lines().toList()) {
            if (line.startsWith("Client scenarios")) {
                client = true;
            } else if (!line.startsWith(" ") && !line.isBlank()) {
                client = false;
            } else if (client && line.strip().startsWith("- ")) {
                names.add(line.strip().substring(2).split("\\s+")[0]);
            }
        }
        return names;
    }

    private static String conformance(Path tools, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(tools.resolve("node/bin/node").toString(),
                tools.resolve("conformance/node_modules/.bin/conformance").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            Assertions.fail("conformance " + String.join(" ", arguments) + " did not finish in 2 minutes:\n" + output);
        }
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
