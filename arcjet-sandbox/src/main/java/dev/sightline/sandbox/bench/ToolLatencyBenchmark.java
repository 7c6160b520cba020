package dev.sightline.sandbox.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import dev.sightline.sandbox.SandboxApplication;
import dev.sightline.sandbox.world.SandboxWorld;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-tool latency of the sandbox end to end over MCP Streamable HTTP (SDK client, loopback), at
 * the default volume and at ten times that, side by side with their ratio; then how long the
 * sandbox takes to start, and the heap it holds, at {@value #LARGE} requests per busy site.
 *
 * <p>Both sandboxes run at once in this JVM and every round calls one, then the other (in
 * alternating order), so a busy machine slows both alike and the ratio stays fair. They run in
 * conformance mode, so no OAuth round trips are mixed into the figures. Every tool is measured;
 * some with several arguments (window lengths, filters). The write tools come last, in an order
 * that undoes what they did (create, promote, delete), except the sites create-site makes.
 */
public final class ToolLatencyBenchmark {

    private static final int WARMUP = 30;
    private static final int RUNS = 200;
    /** The volume start-up is measured at, in a JVM of its own with {@link #LARGE_HEAP}. */
    static final int LARGE = 20_000_000;
    static final String LARGE_HEAP = "-Xmx1g";

    private ToolLatencyBenchmark() {
    }

    /** One measured call: a label, a tool, its arguments in a sandbox, and what to note from the answer. */
    private record Call(String label, String tool, Function<Sandbox, Map<String, Object>> arguments, BiConsumer<Sandbox, JsonNode> then) {
        Call(String label, String tool, Function<Sandbox, Map<String, Object>> arguments) {
            this(label, tool, arguments, (sandbox, answer) -> { });
        }
    }

    public static void main(String[] args) throws Exception {
        int base = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        System.out.printf("%d processors, load average %.1f%n", Runtime.getRuntime().availableProcessors(), load());
        // First, while this JVM is idle: the large sandbox starts in a JVM of its own, as it would be run.
        String large = startInOwnJvm(LARGE);

        Map<String, double[][]> results = new LinkedHashMap<>();
        List<String> started = new ArrayList<>();
        try (Sandbox normal = new Sandbox(base); Sandbox tenfold = new Sandbox(base * 10)) {
            started.add(normal.started);
            started.add(tenfold.started);
            List<Call> calls = calls();
            for (Call call : calls) {
                results.put(call.label(), measure(call, normal, tenfold));
            }
        }

        System.out.printf("%nSandbox tool latency over MCP (ms; %d calls each after %d warm-up calls, interleaved; load average now %.1f)%n",
                RUNS, WARMUP, load());
        System.out.printf("%-36s %9s %9s   %9s %9s   %7s %7s%n", "call", "p50 " + human(base), "p95", "p50 " + human(base * 10), "p95",
                "p50 x", "p95 x");
        results.forEach((label, r) -> System.out.printf("%-36s %9.2f %9.2f   %9.2f %9.2f   %7.2f %7.2f%n", label,
                r[0][0], r[0][1], r[1][0], r[1][1], r[1][0] / r[0][0], r[1][1] / r[0][1]));
        System.out.println();
        started.forEach(System.out::println);
        System.out.println(large);
        // The MCP SDK's servlet transport leaves a non-daemon sweeper thread behind.
        System.exit(0);
    }

    private static List<Call> calls() {
        String prod = SandboxWorld.ACME_PROD;
        String staging = SandboxWorld.ACME_STAGING;
        List<Call> calls = new ArrayList<>();
        calls.add(new Call("list-teams", "list-teams", s -> Map.of()));
        calls.add(new Call("list-sites", "list-sites", s -> Map.of("teamId", SandboxWorld.ACME)));
        calls.add(new Call("get-site-key", "get-site-key", s -> Map.of("siteId", prod)));
        calls.add(new Call("list-requests 24h", "list-requests", s -> Map.of("siteId", prod)));
        calls.add(new Call("list-requests 7d DENY BOT 50", "list-requests", s -> Map.of("siteId", prod, "period", "7d",
                "conclusion", "DENY", "reason", "BOT", "limit", 50)));
        calls.add(new Call("list-requests 30d quiet ip 100", "list-requests", s -> Map.of("siteId", prod, "period", "30d",
                "ip", s.quietIp, "limit", 100)));
        calls.add(new Call("get-request-details", "get-request-details", s -> Map.of("siteId", prod, "requestId", s.deniedRequest)));
        calls.add(new Call("explain-decision", "explain-decision", s -> Map.of("siteId", prod, "requestId", s.deniedRequest)));
        calls.add(new Call("get-site-quota", "get-site-quota", s -> Map.of("siteId", prod)));
        calls.add(new Call("analyze-traffic 24h", "analyze-traffic", s -> Map.of("siteId", prod)));
        calls.add(new Call("analyze-traffic 14d", "analyze-traffic", s -> Map.of("siteId", prod, "period", "14d")));
        calls.add(new Call("analyze-traffic 30d top 50", "analyze-traffic", s -> Map.of("siteId", prod, "period", "30d", "limit", 50)));
        calls.add(new Call("analyze-traffic 7d DENY BOT", "analyze-traffic", s -> Map.of("siteId", prod, "period", "7d",
                "conclusion", "DENY", "reason", "BOT")));
        calls.add(new Call("get-anomalies 24h", "get-anomalies", s -> Map.of("siteId", prod)));
        calls.add(new Call("get-anomalies 7d", "get-anomalies", s -> Map.of("siteId", prod, "period", "7d")));
        calls.add(new Call("investigate-ip busiest 30d", "investigate-ip", s -> Map.of("siteId", prod, "ip", s.busiestIp)));
        calls.add(new Call("investigate-ip quiet 7d", "investigate-ip", s -> Map.of("siteId", prod, "ip", s.quietIp, "period", "7d")));
        calls.add(new Call("get-dry-run-impact 30d", "get-dry-run-impact", s -> Map.of("siteId", prod, "period", "30d")));
        calls.add(new Call("get-dry-run-impact staging 7d", "get-dry-run-impact", s -> Map.of("siteId", staging)));
        calls.add(new Call("get-security-briefing", "get-security-briefing", s -> Map.of("siteId", prod)));
        calls.add(new Call("list-rules", "list-rules", s -> Map.of("siteId", prod)));
        calls.add(new Call("list-guard-policies", "list-guard-policies", s -> Map.of("siteId", prod)));
        calls.add(new Call("describe-guard-policy", "describe-guard-policy", s -> Map.of("siteId", prod, "policyId", "gpol_prod_email")));
        Map<String, Object> policy = Map.of("label", "bench.checked", "name", "Benchmark", "mode", "DRY_RUN",
                "inputs", List.of(Map.of("name", "amount", "exposure", "SERVER", "type", "number")),
                "rules", List.of(Map.of("type", "max_value", "input", "amount", "max", 100)));
        calls.add(new Call("validate-guard-policy", "validate-guard-policy", s -> Map.of("siteId", staging, "policy", policy)));
        calls.add(new Call("put-guard-policy", "put-guard-policy", s -> Map.of("siteId", staging, "policy", policy)));
        calls.add(new Call("create-rule", "create-rule", s -> Map.of("siteId", staging, "type", "filter", "mode", "DRY_RUN",
                "config", Map.of("expression", "ip.src.country == \"XX\"")),
                (s, answer) -> s.created.add(answer.path("rule").path("id").asString())));
        calls.add(new Call("promote-rule", "promote-rule", s -> Map.of("siteId", staging, "ruleId", s.next(s.created, s.promoted))));
        calls.add(new Call("update-rule", "update-rule", s -> Map.of("siteId", staging, "ruleId", "rule_staging_shield", "type", "shield",
                "mode", "DRY_RUN", "config", Map.of())));
        calls.add(new Call("delete-rule", "delete-rule", s -> Map.of("siteId", staging, "ruleId", s.next(s.promoted, null))));
        calls.add(new Call("create-site", "create-site", s -> Map.of("teamId", SandboxWorld.ACME, "name", "bench-" + s.sitesCreated++,
                "environment", "development")));
        return calls;
    }

    /** p50 and p95 in ms of one call, for the normal sandbox and the tenfold one. */
    private static double[][] measure(Call call, Sandbox normal, Sandbox tenfold) {
        for (int i = 0; i < WARMUP; i++) {
            time(call, normal);
            time(call, tenfold);
        }
        double[] a = new double[RUNS];
        double[] b = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            if (i % 2 == 0) {
                a[i] = time(call, normal);
                b[i] = time(call, tenfold);
            } else {
                b[i] = time(call, tenfold);
                a[i] = time(call, normal);
            }
        }
        return new double[][] {percentiles(a), percentiles(b)};
    }

    private static double time(Call call, Sandbox sandbox) {
        Map<String, Object> arguments = call.arguments().apply(sandbox);
        long start = System.nanoTime();
        JsonNode answer = sandbox.call(call.tool(), arguments);
        double millis = (System.nanoTime() - start) / 1e6;
        call.then().accept(sandbox, answer);
        return millis;
    }

    private static double[] percentiles(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new double[] {sorted[(int) Math.ceil(sorted.length * 0.50) - 1], sorted[(int) Math.ceil(sorted.length * 0.95) - 1]};
    }

    /** A sandbox in this JVM with an MCP client, and what the calls need from its data. */
    private static final class Sandbox implements AutoCloseable {
        final String started;
        final ConfigurableApplicationContext context;
        final McpSyncClient client;
        final String busiestIp;
        final String quietIp;
        final String deniedRequest;
        final Deque<String> created = new ArrayDeque<>();
        final Deque<String> promoted = new ArrayDeque<>();
        int sitesCreated;

        Sandbox(int volume) throws Exception {
            Path data = Files.createTempDirectory("sandbox-bench");
            long start = System.nanoTime();
            context = new SpringApplication(SandboxApplication.class).run(
                    "--server.port=0", "--sandbox.conformance=true", "--sandbox.requests-per-site=" + volume,
                    "--sandbox.business-data-dir=" + data, "--sandbox.data-dir=" + data, "--logging.level.root=WARN");
            started = "Sandbox with %,d requests per busy site started in this JVM in %,d ms".formatted(volume, (System.nanoTime() - start) / 1_000_000);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp").build())
                    .requestTimeout(java.time.Duration.ofSeconds(60)).build();
            client.initialize();
            // The benchmark's sandbox runs with the default seed, whose ids SandboxWorld names.
            JsonNode top = call("analyze-traffic", Map.of("siteId", SandboxWorld.ACME_PROD, "period", "30d", "limit", 50)).path("topIps");
            busiestIp = top.get(0).path("ip").asString();
            quietIp = top.get(top.size() - 1).path("ip").asString();
            deniedRequest = call("list-requests", Map.of("siteId", SandboxWorld.ACME_PROD, "conclusion", "DENY", "limit", 1))
                    .path("requests").get(0).path("id").asString();
        }

        String next(Deque<String> from, Deque<String> to) {
            String id = from.removeFirst();
            if (to != null) {
                to.addLast(id);
            }
            return id;
        }

        JsonNode call(String tool, Map<String, Object> arguments) {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, new LinkedHashMap<>(arguments)));
            String text = ((McpSchema.TextContent) result.content().get(0)).text();
            if (Boolean.TRUE.equals(result.isError())) {
                throw new IllegalStateException(tool + " failed: " + text);
            }
            return JsonMapper.shared().readTree(text);
        }

        @Override
        public void close() {
            client.close();
            context.close();
        }
    }

    /** Starts the sandbox in a JVM of its own and returns what {@link SandboxStartup} measured there. */
    private static String startInOwnJvm(int volume) throws Exception {
        Path data = Files.createTempDirectory("sandbox-bench-large");
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(java, LARGE_HEAP));
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            // Run from the executable jar, as ./benchmark-sandbox does: its launcher finds the classes inside.
            command.addAll(List.of("-Dloader.main=" + SandboxStartup.class.getName(), "-cp", classPath,
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            command.addAll(List.of("-cp", classPath, SandboxStartup.class.getName()));
        }
        command.addAll(List.of("--server.port=0", "--sandbox.conformance=true", "--sandbox.requests-per-site=" + volume,
                "--sandbox.business-data-dir=" + data, "--sandbox.data-dir=" + data, "--logging.level.root=WARN"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        String result = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith(SandboxStartup.RESULT)) {
                    result = line;
                }
            }
        }
        process.waitFor();
        if (result == null) {
            throw new IllegalStateException("The sandbox with " + volume + " requests per busy site did not start:\n" + String.join("\n", output));
        }
        String[] parts = result.split(" ");
        long ready = Long.parseLong(parts[2]);
        long heap = Long.parseLong(parts[5]);
        long cpu = Long.parseLong(parts[8]);
        return ("Sandbox with %,d requests per busy site (own JVM, %s): ready %,d ms after the JVM started (%,d ms of processor time), "
                + "heap used after a full GC %,d MB").formatted(volume, LARGE_HEAP, ready, cpu, heap >> 20);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String human(int volume) {
        return volume >= 1_000_000 ? (volume / 1_000_000) + "M" : (volume / 1_000) + "k";
    }
}
