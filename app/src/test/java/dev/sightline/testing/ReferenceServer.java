package dev.sightline.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The MCP project's reference server {@code server-everything}, run by Node 22 from {@code .tools/}
 * (installed by {@code .ci/install-conformance}) over Streamable HTTP on loopback: a real server
 * that nobody here wrote, with a tool that hands over its environment ({@code get-env}) and tools
 * that change its state.
 */
public final class ReferenceServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private ReferenceServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts it with {@code environment} added to its own; skips the test when not installed (fails under CI). */
    public static ReferenceServer everything(Map<String, String> environment) throws IOException, InterruptedException {
        Path tools = tools();
        Path script = tools.resolve("reference-servers/node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        boolean present = Files.isExecutable(tools.resolve("node/bin/node")) && Files.exists(script);
        String reason = "The reference MCP server is not installed: run .ci/install-conformance";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(reason);
        }
        Assumptions.assumeTrue(present, reason);
        int port = SandboxProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(tools.resolve("node/bin/node").toString(), script.toString(), "streamableHttp"))
                .redirectErrorStream(true).redirectOutput(Path.of("target", "server-everything-" + port + ".log").toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PORT", String.valueOf(port));
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new ReferenceServer(process, port);
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("server-everything exited; see target/server-everything-" + port + ".log");
                }
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("server-everything did not listen within 60 s");
    }

    public String mcpUrl() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static Path tools() {
        Optional<Path> found = Optional.ofNullable(System.getenv("MCP_CONFORMANCE_HOME")).map(Path::of);
        for (Path dir = Path.of("").toAbsolutePath(); found.isEmpty() && dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".tools"))) {
                found = Optional.of(dir.resolve(".tools"));
            }
        }
        return found.orElse(Path.of(".tools"));
    }
}
