package dev.sightline.evaluation;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.sightline.mcp.http.SafeHttp;
import dev.sightline.mcp.oauth.ClientRegistration;
import dev.sightline.mcp.oauth.McpAuthorization;
import dev.sightline.mcp.oauth.OAuthSession;
import dev.sightline.mcp.oauth.TokenSet;
import dev.sightline.mcp.session.McpConnector;
import dev.sightline.testing.SightlineApi;
import dev.sightline.testing.VendorBrowser;
import dev.sightline.mcp.session.McpSession;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the engine adds on top of the tools: for single-tool and multi-step questions, the engine's
 * planning, tool and total time, side by side with calling the same tools with the same arguments
 * directly with the MCP client (one session, the same parallelism); and a 12-tile dashboard
 * refresh against its slowest tile. Against the running demo:
 * {@code ./benchmark-engine <api-token>} (the demo's sandbox at 127.0.0.1:8081).
 */
public final class EngineBenchmark {

    static final List<String> QUESTIONS = List.of(
            "How many requests did we deny for rate limiting this week?",
            "Which paths and IPs trigger the most bot detections?",
            "What are the top denial reasons this month?",
            "investigate 167.99.1.1",
            "Show denied requests per day over the last 14 days",
            "Did denial rates spike before the signup drop?");
    static final int WARMUP = 3;
    static final int RUNS = 15;

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
        if (args.length < 1) {
            System.err.println("usage: ./benchmark-engine <api-token> [sightline-url] [sandbox-mcp-url]");
            System.exit(2);
        }
        URI sightline = URI.create(args.length > 1 ? args[1] : "http://localhost:8080");
        URI mcp = URI.create(args.length > 2 ? args[2] : "http://127.0.0.1:8081/mcp");
        SightlineApi api = new SightlineApi(sightline.getPort(), args[0]);
        long dataSource = api.connectArcjet("alice@example.com", "Arcjet (benchmark)");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            McpConnector connector = new McpConnector(new SafeHttp(SafeHttp.Options.development()), McpConnector.Limits.standard());
            OAuthSession oauth = directSession(mcp);
            System.out.printf("%nEngine vs direct MCP calls (ms, p50 of %d runs after %d warm-up; engine runs bypass the cache)%n", RUNS, WARMUP);
            System.out.printf("%-58s %5s %9s %9s %9s %9s %9s%n", "question", "calls", "planning", "tools", "engine", "direct", "overhead");
            List<Long> overheads = new ArrayList<>();
            for (String question : QUESTIONS) {
                long[] planning = new long[RUNS];
                long[] tools = new long[RUNS];
                long[] total = new long[RUNS];
                long[] direct = new long[RUNS];
                int calls = 0;
                for (int run = -WARMUP; run < RUNS; run++) {
                    long start = System.nanoTime();
                    JsonNode analysis = api.json("POST", "/api/analyses", JsonMapper.shared().writeValueAsString(
                            Map.of("question", question, "dataSourceIds", List.of(dataSource), "fresh", true)));
                    long engine = (System.nanoTime() - start) / 1_000_000;
                    List<JsonNode> steps = new ArrayList<>();
                    analysis.path("steps").forEach(steps::add);
                    calls = steps.size();
                    long startDirect = System.nanoTime();
                    McpSession client = connector.connect(mcp, oauth, Map.of(), null);
                    List<Future<?>> futures = new ArrayList<>();
                    for (JsonNode step : steps) {
                        Map<String, Object> arguments = JsonMapper.shared().convertValue(step.path("arguments"), Map.class);
                        futures.add(pool.submit(() -> client.callTool(step.path("tool").asString(), arguments)));
                    }
                    for (Future<?> f : futures) {
                        f.get();
                    }
                    client.close();
                    long directMs = (System.nanoTime() - startDirect) / 1_000_000;
                    if (run >= 0) {
                        planning[run] = analysis.path("timings").path("planningMs").asLong();
                        tools[run] = analysis.path("timings").path("toolsMs").asLong();
                        total[run] = engine;
                        direct[run] = directMs;
                    }
                }
                long overhead = p50(total) - p50(direct);
                overheads.add(overhead);
                System.out.printf("%-58s %5d %9d %9d %9d %9d %9d%n", question.length() > 58 ? question.substring(0, 55) + "..." : question, calls,
                        p50(planning), p50(tools), p50(total), p50(direct), overhead);
            }
            long[] all = overheads.stream().mapToLong(Long::longValue).toArray();
            System.out.printf("Engine overhead per question, p50 over the questions: %d ms (target < 50 ms)%n", p50(all));
            dashboard(api);
        } finally {
            pool.shutdownNow();
            api.send("DELETE", "/api/datasources/" + dataSource, null);
        }
        System.exit(0);
    }

    /** A 12-tile dashboard refreshed (cache bypassed) against its slowest tile asked on its own. */
    private static void dashboard(SightlineApi api) throws Exception {
        List<String> tileQuestions = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tileQuestions.add(List.of("How many requests did we deny this week?", "top paths for bot detections this week",
                    "What are the top denial reasons this month?", "Show denied requests per day over the last 7 days",
                    "quota usage", "any anomalies in the last 24 hours?").get(i % 6) + (i >= 6 ? " " : ""));
        }
        long dashboard = api.json("POST", "/api/dashboards", "{\"name\":\"Benchmark\"}").path("id").asLong();
        long slowest = 0;
        for (String question : tileQuestions) {
            long start = System.nanoTime();
            JsonNode a = api.json("POST", "/api/analyses", JsonMapper.shared().writeValueAsString(Map.of("question", question, "fresh", true)));
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
            api.json("POST", "/api/dashboards/" + dashboard + "/tiles", "{\"analysisId\":\"" + a.path("id").asString() + "\"}");
        }
        long[] refresh = new long[5];
        for (int i = 0; i < refresh.length; i++) {
            long start = System.nanoTime();
            api.json("POST", "/api/dashboards/" + dashboard + "/refresh", null);
            refresh[i] = (System.nanoTime() - start) / 1_000_000;
        }
        System.out.printf("12-tile dashboard refresh: p50 %d ms; slowest tile alone %d ms; ratio %.2f (target <= 1.5)%n", p50(refresh), slowest,
                (double) p50(refresh) / slowest);
    }

    private static OAuthSession directSession(URI mcp) {
        var store = new OAuthSession.Store() {
            TokenSet tokens;
            ClientRegistration registration;

            public synchronized Optional<TokenSet> tokens() {
                return Optional.ofNullable(tokens);
            }

            public synchronized void saveTokens(TokenSet t) {
                tokens = t;
            }

            public synchronized void clearTokens() {
                tokens = null;
            }

            public synchronized Optional<ClientRegistration> registration(String issuer) {
                return Optional.ofNullable(registration);
            }

            public synchronized void saveRegistration(ClientRegistration r) {
                registration = r;
            }
        };
        return new OAuthSession(new McpAuthorization(new SafeHttp(SafeHttp.Options.development())), mcp, store,
                new McpAuthorization.ClientIdentity("Sightline benchmark", "http://127.0.0.1:9/callback", null),
                new OAuthSession.Credentials.AuthorizationCode(Optional.empty()), pending -> {
                    try {
                        URI back = new VendorBrowser().signInAndDecide(pending.authorizationUrl(), "alice@example.com", true);
                        Map<String, String> params = new java.util.LinkedHashMap<>();
                        for (String pair : back.getRawQuery().split("&")) {
                            String[] kv = pair.split("=", 2);
                            params.put(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
                        }
                        return params;
                    } catch (Exception e) {
                        throw new dev.sightline.mcp.oauth.OAuthException("access_denied", e.getMessage());
                    }
                });
    }

    private static long p50(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

}
