package dev.sightline.mcp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sightline.mcp.http.SafeHttp;
import dev.sightline.mcp.oauth.McpAuthorization;
import dev.sightline.mcp.oauth.MemoryStore;
import dev.sightline.mcp.oauth.OAuthSession;
import dev.sightline.mcp.session.McpConnector;
import dev.sightline.mcp.session.McpSession;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls per second and client CPU per call of three MCP clients on the same Arcjet sandbox in the
 * same run: this module's client, the TypeScript SDK's client, and a raw Java loop (one JDK
 * HttpClient posting {@code tools/call}), each in a process of its own (see {@link ClientLoad} and
 * {@code client-load.mjs}). Signs in to the sandbox as its demo user with this module's OAuth
 * client, then, for a cheap tool and a mid-cost one, at 1 and 8 calls in flight: a warm-up per
 * client, then rounds that take turns between the clients, so a busy moment of the machine falls
 * on all of them alike; the median round is reported, with the spread of the rounds.
 * <p>
 * Argument: the sandbox's origin or its MCP URL. System properties: {@code bench.node} (the node
 * binary), {@code bench.nodeModules} (a node_modules holding {@code @modelcontextprotocol/sdk}),
 * {@code bench.script} (client-load.mjs), {@code bench.rounds}, {@code bench.seconds} (per round),
 * {@code bench.firstWarmup} (seconds per client at the start), {@code bench.warmup} (seconds per client and setting).
 * Environment: {@code BENCH_SIGHTLINE_JVM_OPTS}
 * (extra JVM options for the project's client, e.g. to record a profile).
 */
public final class ClientBenchmark {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String EMAIL = "alice@example.com";
    private static final int[] IN_FLIGHT = {1, 8};

    private record Tool(String label, String name, Map<String, Object> arguments, String why) {
    }

    private record Round(double callsPerSecond, double cpuMillisPerCall, int peakThreads) {
    }

    private ClientBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "http://127.0.0.1:8081";
        URI mcp = URI.create(target.endsWith("/mcp") ? target : target.replaceAll("/+$", "") + "/mcp");
        int rounds = Integer.getInteger("bench.rounds", 7);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "3"));
        double warmup = Double.parseDouble(System.getProperty("bench.warmup", "5"));
        double firstWarmup = Double.parseDouble(System.getProperty("bench.firstWarmup", "20"));

        MemoryStore store = new MemoryStore();
        String site = signIn(mcp, store);
        String token = store.tokens().orElseThrow().accessToken();
        List<Tool> tools = List.of(
                new Tool("cheap", "list-teams", Map.of(),
                        "a few hundred bytes from memory, a fraction of a millisecond of the server's time: the client's own cost shows most"),
                new Tool("mid", "list-requests", Map.of("siteId", site, "period", "7d", "conclusion", "DENY", "reason", "BOT", "limit", 50),
                        "a week of a busy site's traffic filtered, about 1.5 ms of the server's time, and a 31 KB answer"
                                + " (50 requests, structured and again as text) for the client to read: the app's most common kind of call"));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        List<String> sightlineOptions = new ArrayList<>();
        String extra = System.getenv("BENCH_SIGHTLINE_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            sightlineOptions.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        Map<String, Child> clients = new LinkedHashMap<>();
        try {
            List<String> sightline = new ArrayList<>(List.of(java));
            sightline.addAll(sightlineOptions);
            sightline.addAll(List.of("-cp", classpath, ClientLoad.class.getName(), "sightline", mcp.toString()));
            clients.put("sightline", new Child(sightline, token));
            clients.put("ts-sdk", new Child(List.of(System.getProperty("bench.node", "node"),
                    // undici adds an abort listener per fetch to the transport's one signal and drops it when
                    // the request is collected; Node warns about the count in between.
                    "--no-warnings", System.getProperty("bench.script"),
                    System.getProperty("bench.nodeModules"), mcp.toString()), token));
            clients.put("raw-java", new Child(List.of(java, "-cp", classpath, ClientLoad.class.getName(), "raw", mcp.toString()), token));
            for (var client : clients.entrySet()) {
                System.err.println(client.getKey() + ": " + client.getValue().ready);
            }

            // The JIT settles over tens of seconds on a busy machine, sooner for the raw loop's little
            // code than for a client's: every client first runs both tools for a while.
            for (Child client : clients.values()) {
                for (Tool tool : tools) {
                    client.round(tool, 8, firstWarmup / tools.size());
                }
            }
            Map<String, Map<String, List<Round>>> results = new LinkedHashMap<>();
            for (Tool tool : tools) {
                for (int inFlight : IN_FLIGHT) {
                    String setting = tool.label + " " + inFlight;
                    Map<String, List<Round>> perClient = new LinkedHashMap<>();
                    for (var client : clients.entrySet()) {
                        client.getValue().round(tool, inFlight, warmup);
                        perClient.put(client.getKey(), new ArrayList<>());
                    }
                    List<String> order = new ArrayList<>(clients.keySet());
                    for (int r = 0; r < rounds; r++) {
                        for (String name : order) {
                            perClient.get(name).add(clients.get(name).round(tool, inFlight, seconds));
                        }
                        order.add(order.remove(0));
                    }
                    results.put(setting, perClient);
                    System.err.printf("%s: %s%n", setting, summary(perClient));
                }
            }
            print(tools, results, rounds, seconds, warmup, firstWarmup);
        } finally {
            for (Child child : clients.values()) {
                child.close();
            }
        }
        System.exit(0);
    }

    /** Signs in with this module's OAuth client (the sandbox's consent page approved by hand) and finds the busy site. */
    private static String signIn(URI mcp, MemoryStore store) throws Exception {
        SafeHttp http = new SafeHttp(SafeHttp.Options.development());
        OAuthSession oauth = new OAuthSession(new McpAuthorization(http), mcp, store,
                new McpAuthorization.ClientIdentity("Sightline client benchmark", "http://127.0.0.1:9/callback", null),
                new OAuthSession.Credentials.AuthorizationCode(Optional.empty()), new SandboxSignIn(EMAIL));
        try (McpSession session = new McpConnector(http, McpConnector.Limits.standard()).connect(mcp, oauth, Map.of(), null)) {
            JsonNode teams = structured(session.callTool("list-teams", Map.of()));
            String team = teams.path("teams").get(0).path("id").asString();
            JsonNode sites = structured(session.callTool("list-sites", Map.of("teamId", team))).path("sites");
            for (JsonNode s : sites) {
                if (s.path("name").asString().equals("acme-prod")) {
                    return s.path("id").asString();
                }
            }
            return sites.get(0).path("id").asString();
        }
    }

    private static JsonNode structured(McpSchema.CallToolResult result) {
        if (Boolean.TRUE.equals(result.isError())) {
            throw new IllegalStateException("The sandbox answered an error: " + result.content());
        }
        return JSON.valueToTree(result.structuredContent());
    }

    private static String summary(Map<String, List<Round>> perClient) {
        StringBuilder out = new StringBuilder();
        perClient.forEach((name, rounds) -> out.append(String.format("%s %.0f/s %.2f ms  ", name,
                median(rounds.stream().mapToDouble(Round::callsPerSecond).toArray()),
                median(rounds.stream().mapToDouble(Round::cpuMillisPerCall).toArray()))));
        return out.toString();
    }

    private static void print(List<Tool> tools, Map<String, Map<String, List<Round>>> results, int rounds, double seconds, double warmup,
                              double firstWarmup) {
        System.out.printf("%nMCP clients on the Arcjet sandbox: median of %d rounds of %.0f s per client and setting, after %.0f s of"
                + " warm-up per client and %.0f s more per setting%n", rounds, seconds, firstWarmup, warmup);
        for (Tool tool : tools) {
            System.out.printf("  %-5s = %s %s: %s%n", tool.label, tool.name, JSON.writeValueAsString(tool.arguments), tool.why);
        }
        System.out.printf("%n%-6s %3s  %-10s %9s %7s %8s %11s %8s %8s%n", "tool", "in", "client", "calls/s", "spread", "vs raw",
                "CPU ms/call", "vs raw", "threads");
        for (var setting : results.entrySet()) {
            Map<String, List<Round>> perClient = setting.getValue();
            List<Round> raw = perClient.get("raw-java");
            String[] parts = setting.getKey().split(" ");
            for (var client : perClient.entrySet()) {
                List<Round> own = client.getValue();
                double[] rates = own.stream().mapToDouble(Round::callsPerSecond).toArray();
                double rate = median(rates);
                double cpu = median(own.stream().mapToDouble(Round::cpuMillisPerCall).toArray());
                double spread = (Arrays.stream(rates).max().orElse(0) - Arrays.stream(rates).min().orElse(0)) / rate * 100;
                // Ratios per round, the clients having run back to back, then their median: the machine's
                // load drifts between rounds far more than within one.
                double[] rateRatios = new double[own.size()];
                double[] cpuRatios = new double[own.size()];
                for (int r = 0; r < own.size(); r++) {
                    rateRatios[r] = own.get(r).callsPerSecond() / raw.get(r).callsPerSecond();
                    cpuRatios[r] = own.get(r).cpuMillisPerCall() / raw.get(r).cpuMillisPerCall();
                }
                int threads = own.stream().mapToInt(Round::peakThreads).max().orElse(0);
                System.out.printf("%-6s %3s  %-10s %9.0f %6.0f%% %7.2fx %11.3f %7.2fx %8s%n", parts[0], parts[1], client.getKey(), rate, spread,
                        median(rateRatios), cpu, median(cpuRatios), threads > 0 ? String.valueOf(threads) : "-");
            }
        }
        System.out.println("\nspread: (fastest - slowest round) / median. vs raw: the median over rounds of the ratio to the raw loop's"
                + " round beside it.\nthreads: the most live threads of the client's JVM in a round, its load threads included.");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** A client process speaking the round protocol on its stdin and stdout; its stderr goes to ours. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final Writer in;
        private final JsonNode ready;

        Child(List<String> command, String token) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("BENCH_TOKEN", token);
            process = builder.start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            ready = answer();
        }

        Round round(Tool tool, int inFlight, double seconds) throws IOException {
            ObjectNode request = JSON.createObjectNode().put("tool", tool.name).put("inFlight", inFlight).put("seconds", seconds);
            request.set("arguments", JSON.valueToTree(tool.arguments));
            in.write(request + "\n");
            in.flush();
            JsonNode result = answer();
            long calls = result.path("calls").asLong();
            double elapsed = result.path("elapsedNanos").asDouble() / 1e9;
            return new Round(calls / elapsed, result.path("cpuNanos").asDouble() / 1e6 / calls, result.path("peakThreads").asInt(0));
        }

        private JsonNode answer() throws IOException {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    return JSON.readTree(line);
                }
                System.err.println(line);
            }
            throw new IOException("The client process ended (exit " + waitFor() + ")");
        }

        private int waitFor() {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public void close() {
            try {
                in.write("\n");
                in.flush();
                in.close();
            } catch (IOException e) {
                // Already gone.
            }
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
