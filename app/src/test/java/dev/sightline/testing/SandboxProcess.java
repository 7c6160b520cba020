package dev.sightline.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Arcjet sandbox as the product meets it: a separate process on its own port, reached only
 * over HTTP. Started once per test JVM from the module's runnable jar; a second one that answers
 * in markdown instead of JSON is started on first use of {@link #sharedMarkdown()}.
 */
public final class SandboxProcess {

    private static SandboxProcess instance;
    private static SandboxProcess markdownInstance;

    /**
     * The sandbox's "now", fixed so tests can regenerate exactly the traffic it serves and so no
     * answer depends on the hour a run happens to start: a Wednesday afternoon, with a day and a
     * week of traffic behind it. A run that started just after midnight once found "today" eight
     * minutes long and nothing denied in it. {@code -Dsandbox.now=2026-12-03T15:34:00Z} stands the
     * tests' sandbox and oracle at another minute.
     */
    public static final java.time.Instant NOW = java.time.Instant.parse(System.getProperty("sandbox.now", "2026-11-25T14:30:00Z"));

    private final Process process;
    private final int port;

    private SandboxProcess(int port, Path dataDir, Path businessDataDir, String... extraArgs) throws IOException, InterruptedException {
        this.port = port;
        Path jar = Path.of("..", "arcjet-sandbox", "target", "arcjet-sandbox-exec.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("The sandbox jar is missing (" + jar + "): build it with 'mvn -pl arcjet-sandbox package' or run 'mvn verify' from the root");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", jar.toString(), "--server.port=" + port, "--sandbox.now=" + NOW,
                "--sandbox.business-data-dir=" + businessDataDir.toAbsolutePath(),
                "--sandbox.data-dir=" + dataDir.toAbsolutePath()));
        command.addAll(List.of(extraArgs));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "sandbox-" + port + ".log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(base() + "/")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(200);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The sandbox exited; see target/sandbox-" + port + ".log");
            }
        }
        throw new IllegalStateException("The sandbox did not start within 60 s");
    }

    public static synchronized SandboxProcess shared() {
        if (instance == null) {
            int port = freePort();
            instance = start(port, emptyDirectory(Path.of("target", "sandbox-data-" + port)));
        }
        return instance;
    }

    /**
     * The shared sandbox's twin that answers like Arcjet's earlier open-source MCP server
     * ({@code --sandbox.output=markdown}): tools without output schemas or annotations, results as
     * one markdown text without structured content, failures as plain text without isError. Same
     * seed and {@link #NOW} as {@link #shared()}, so the same ids and the same data; its own port,
     * data directory and business data directory.
     */
    public static synchronized SandboxProcess sharedMarkdown() {
        if (markdownInstance == null) {
            int port = freePort();
            try {
                markdownInstance = new SandboxProcess(port, emptyDirectory(Path.of("target", "sandbox-data-markdown-" + port)),
                        Path.of("target", "sandbox-business-markdown"), "--sandbox.output=markdown");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("Could not start the markdown sandbox", e);
            }
        }
        return markdownInstance;
    }

    /**
     * A sandbox of one's own on {@code port}, keeping its authorization server's state in
     * {@code dataDir}: stopped and started again on the same directory it remembers its clients
     * and tokens; on an empty one it has forgotten them, as a real server may.
     */
    public static SandboxProcess start(int port, Path dataDir, String... extraArgs) {
        try {
            return new SandboxProcess(port, dataDir, Path.of("target", "sandbox-business"), extraArgs);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Could not start the sandbox", e);
        }
    }

    /** Stops the process and waits for its port to be free. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A directory that exists and is empty. */
    public static Path emptyDirectory(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public String mcpUrl() {
        return base() + "/mcp";
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
