package dev.sightline.sandbox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * Per-tool latency of the sandbox's read tools, end to end over MCP Streamable HTTP (SDK client,
 * loopback), at the default volume and at ten times that, printed side by side. The sandbox runs
 * in conformance mode for this, so no OAuth round trips are mixed into the figures.
 */
public final class ToolLatencyBenchmark {

    private static final int WARMUP = 10;
    private static final int RUNS = 40;

    private ToolLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int base = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Map<String, double[]> normal = run(base);
        Map<String, double[]> tenfold = run(base * 10);
        System.out.printf("%nSandbox tool latency over MCP (ms; %d calls each after %d warm-up calls)%n", RUNS, WARMUP);
        System.out.printf("%-24s %12s %12s %12s   %12s %12s %12s%n", "tool", "p50 @" + human(base), "p95", "max",
                "p50 @" + human(base * 10), "p95", "max");
        for (String tool : normal.keySet()) {
            double[] a = normal.get(tool);
            double[] b = tenfold.get(tool);
            System.out.printf("%-24s %12.2f %12.2f %12.2f   %12.2f %12.2f %12.2f%n", tool, a[0], a[1], a[2], b[0], b[1], b[2]);
        }
        // The MCP SDK's servlet transport leaves a non-daemon sweeper thread behind.
        System.exit(0);
    }

    private static Map<String, double[]> run(int volume) throws Exception {
        Path data = Files.createTempDirectory("sandbox-bench");
        long started = System.nanoTime();
        ConfigurableApplicationContext context = new SpringApplication(SandboxApplication.class).run(
                "--server.port=0", "--sandbox.conformance=true", "--sandbox.requests-per-site=" + volume,
                "--sandbox.business-data-dir=" + data, "--sandbox.data-dir=" + data, "--logging.level.root=WARN");
        System.out.printf("Sandbox with %,d requests on a busy site started in %d ms%n", volume, (System.nanoTime() - started) / 1_000_000);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp").build())
                .requestTimeout(java.time.Duration.ofSeconds(30)).build();
        client.initialize();
        try {
            Map<String, Map<String, Object>> calls = calls(client);
            Map<String, double[]> results = new LinkedHashMap<>();
            for (var call : calls.entrySet()) {
                results.put(call.getKey(), measure(client, call.getKey(), call.getValue()));
            }
            return results;
        } finally {
            client.close();
            context.close();
        }
    }

    private static Map<String, Map<String, Object>> calls(McpSyncClient client) {
        // The benchmark's sandbox runs with the default seed, whose ids SandboxWorld names.
        String site = SandboxWorld.ACME_PROD;
        JsonNode traffic = call(client, "analyze-traffic", Map.of("siteId", site, "period", "30d"));
        String ip = traffic.path("topIps").get(0).path("ip").asString();
        String request = call(client, "list-requests", Map.of("siteId", site, "conclusion", "DENY", "limit", 1))
                .path("requests").get(0).path("id").asString();
        Map<String, Map<String, Object>> calls = new LinkedHashMap<>();
        calls.put("list-teams", Map.of());
        calls.put("list-sites", Map.of("teamId", SandboxWorld.ACME));
        calls.put("list-requests", Map.of("siteId", site, "period", "7d", "conclusion", "DENY", "reason", "BOT", "limit", 50));
        calls.put("get-request-details", Map.of("siteId", site, "requestId", request));
        calls.put("explain-decision", Map.of("siteId", site, "requestId", request));
        calls.put("get-site-quota", Map.of("siteId", site));
        calls.put("analyze-traffic", Map.of("siteId", site, "period", "30d"));
        calls.put("get-anomalies", Map.of("siteId", site, "period", "7d"));
        calls.put("investigate-ip", Map.of("siteId", site, "ip", ip));
        calls.put("get-dry-run-impact", Map.of("siteId", site, "period", "30d"));
        calls.put("get-security-briefing", Map.of("siteId", site));
        calls.put("list-rules", Map.of("siteId", site));
        calls.put("get-site-key", Map.of("siteId", site));
        calls.put("list-guard-policies", Map.of("siteId", site));
        calls.put("describe-guard-policy", Map.of("siteId", site, "policyId", "gpol_prod_email"));
        return calls;
    }

    private static double[] measure(McpSyncClient client, String tool, Map<String, Object> arguments) {
        for (int i = 0; i < WARMUP; i++) {
            call(client, tool, arguments);
        }
        double[] millis = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            call(client, tool, arguments);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new double[] {millis[RUNS / 2], millis[(int) Math.ceil(RUNS * 0.95) - 1], millis[RUNS - 1]};
    }

    private static JsonNode call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, new LinkedHashMap<>(arguments)));
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        if (Boolean.TRUE.equals(result.isError())) {
            throw new IllegalStateException(tool + " failed: " + text);
        }
        return JsonMapper.shared().readTree(text);
    }

    private static String human(int volume) {
        return volume >= 1_000_000 ? (volume / 1_000_000) + "M" : (volume / 1_000) + "k";
    }

}
