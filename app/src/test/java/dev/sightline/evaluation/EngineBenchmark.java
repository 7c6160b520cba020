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
 * What the engine adds on top of the tools, against the running demo
 * ({@code ./benchmark-engine <api-token>}):
 * <ul>
 * <li>per question, the engine's answer time beside calling the same tools with the same
 * arguments directly on one persistent MCP session (the same parallelism): p50, p95, min–max;</li>
 * <li>a dashboard of 12 tiles with 12 different plans, refreshed, against its slowest tile;</li>
 * <li>1, 4 and 16 people asking at once: answers per second, p50 and p95, the app's threads and
 * its CPU time per answer (read from /proc for the process id the script passes).</li>
 * </ul>
 * Every engine run bypasses the cache of recent calls, so each answer makes its calls.
 */
public final class EngineBenchmark {

    static final List<String> QUESTIONS = List.of(
            "How many requests did we deny for rate limiting this week?",
            "quota usage",
            "Which rules are configured?",
            "Which paths and IPs trigger the most bot detections?",
            "What are the top denial reasons this month?",
            "investigate 167.99.1.1",
            "Show denied requests per day over the last 14 days",
            "Did denial rates spike before the signup drop?");
    static final List<String> TILES = List.of(
            "How many requests did we deny this week?",
            "top paths for bot detections this week",
            "What are the top denial reasons this month?",
            "Show denied requests per day over the last 7 days",
            "quota usage",
            "any anomalies in the last 24 hours?",
            "Which IPs were denied most in the last 7 days?",
            "How many requests were rate limited today?",
            "Show allowed requests per day over the last 14 days",
            "Which countries send the most denied requests this month?",
            "Which rules are configured?",
            "How many bot detections were there yesterday?");
    /**
     * At least this many rounds and this long, then until the app's JIT compilers are quiet (at most
     * five minutes): on two cores they compile for minutes after a start.
     */
    static final int WARM_UP_ROUNDS = 30;
    static final long WARM_UP_SECONDS = Long.getLong("benchmark.warmUpSeconds", 60);
    static final long WARM_UP_MAX_SECONDS = 300;
    static final int WARMUP = 3;
    static final int RUNS = 20;
    /** How long each number of people asks: the app's CPU is read in 10 ms ticks per thread, so a second of answers would say little. */
    static final java.time.Duration ASKING = java.time.Duration.ofSeconds(20);

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
        if (args.length < 1) {
            System.err.println("usage: ./benchmark-engine <api-token> [sightline-url] [sandbox-mcp-url]");
            System.exit(2);
        }
        URI sightline = URI.create(args.length > 1 ? args[1] : "http://localhost:8080");
        URI mcp = URI.create(args.length > 2 ? args[2] : "http://127.0.0.1:8081/mcp");
        long appPid = Long.getLong("benchmark.appPid", -1);
        SightlineApi api = new SightlineApi(sightline.getPort(), args[0]);
        long dataSource = api.connectArcjet("alice@example.com", "Arcjet (benchmark)");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        McpSession direct = new McpConnector(new SafeHttp(SafeHttp.Options.development()), McpConnector.Limits.standard())
                .connect(mcp, directSession(mcp), Map.of(), null);
        try {
            warmUp(api, dataSource, direct, pool, appPid);
            questions(api, dataSource, direct, pool);
            dashboard(api, dataSource);
            people(api, dataSource, appPid);
        } finally {
            pool.shutdownNow();
            direct.close();
            api.send("DELETE", "/api/datasources/" + dataSource, null);
        }
        System.exit(0);
    }

    /**
     * Both sides compiled before anything is timed: every question through the engine and its calls
     * made directly, untimed, for at least {@link #WARM_UP_SECONDS}, four questions at a time (against a
     * vendor tens of milliseconds away, one at a time gets too few answers through for the JIT to
     * finish within the limit). A server runs for days; the
     * first minutes after a start, while the JIT compiles, are not what people see, and timing them
     * measured the compiler (its thread took more CPU than the answers did).
     */
    private static void warmUp(SightlineApi api, long dataSource, McpSession direct, ExecutorService pool, long appPid) throws Exception {
        long started = System.nanoTime();
        long minimum = started + WARM_UP_SECONDS * 1_000_000_000L;
        long limit = started + WARM_UP_MAX_SECONDS * 1_000_000_000L;
        // The dashboard's tiles too: their questions take other paths through the parser.
        List<String> warmed = new ArrayList<>(QUESTIONS);
        warmed.addAll(TILES);
        // Quiet: the app's JIT compilers used under 0.3 s of CPU in the last 15 s (unknown without the app's pid).
        boolean quiet = appPid < 0;
        long compiling = compilerTicks(appPid);
        long checked = started;
        int rounds = 0;
        while (rounds < WARM_UP_ROUNDS || System.nanoTime() < minimum || !quiet && System.nanoTime() < limit) {
            rounds++;
            List<Future<?>> asked = new ArrayList<>();
            for (String question : warmed) {
                asked.add(pool.submit(() -> {
                    for (JsonNode step : ask(api, dataSource, question).path("steps")) {
                        if (!step.path("cached").asBoolean()) {
                            direct.callTool(step.path("tool").asString(), arguments(step));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : asked) {
                f.get();
            }
            if (appPid >= 0 && System.nanoTime() - checked >= 15_000_000_000L) {
                long now = compilerTicks(appPid);
                quiet = now - compiling < 30;
                compiling = now;
                checked = System.nanoTime();
            }
        }
        System.out.printf("Warm-up: every question and tile %d times through the engine and its calls directly, untimed (%d s%s)%n", rounds,
                (System.nanoTime() - started) / 1_000_000_000, appPid < 0 ? "" : quiet ? ", until the app's JIT compilers were quiet"
                        : ", the app's JIT compilers still busy at the limit");
    }

    /** CPU time (clock ticks) of the app's JIT compiler threads so far, from /proc (Linux); 0 when unknown. */
    private static long compilerTicks(long pid) {
        long ticks = 0;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                String name = java.nio.file.Files.readString(task.resolve("comm")).strip();
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    ticks += cpuTicks(task.resolve("stat"));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return ticks;
    }

    /**
     * Each question through the engine, then the calls it made (those that reached the server, not
     * the ones its cache served) made directly on the persistent session: in parallel, except that
     * a call whose arguments come from an earlier call's result (a site id from the site listing)
     * waits for that call, as any client would have to.
     */
    private static void questions(SightlineApi api, long dataSource, McpSession direct, ExecutorService pool) throws Exception {
        System.out.printf("%nEngine vs the same calls made directly on one persistent MCP session (ms over %d runs after %d warm-up)%n", RUNS, WARMUP);
        System.out.printf("%-52s %5s %8s %15s %15s %13s %13s %6s%n", "question", "calls", "planning", "engine p50/p95", "direct p50/p95",
                "engine min-max", "direct min-max", "ratio");
        Map<String, String> results = new java.util.HashMap<>();
        for (String question : QUESTIONS) {
            long[] planning = new long[RUNS];
            long[] engine = new long[RUNS];
            long[] directMs = new long[RUNS];
            int calls = 0;
            for (int run = -WARMUP; run < RUNS; run++) {
                long start = System.nanoTime();
                JsonNode analysis = ask(api, dataSource, question);
                long took = (System.nanoTime() - start) / 1_000_000;
                List<JsonNode> steps = new ArrayList<>();
                analysis.path("steps").forEach(step -> {
                    if (!step.path("cached").asBoolean()) {
                        steps.add(step);
                    }
                });
                calls = steps.size();
                // Which call feeds which, read from untimed results of the same calls.
                for (JsonNode step : steps) {
                    results.computeIfAbsent(key(step), k -> text(direct.callTool(step.path("tool").asString(), arguments(step))));
                }
                long startDirect = System.nanoTime();
                List<java.util.concurrent.CompletableFuture<?>> futures = new ArrayList<>();
                for (int j = 0; j < steps.size(); j++) {
                    JsonNode step = steps.get(j);
                    List<java.util.concurrent.CompletableFuture<?>> feeding = new ArrayList<>();
                    for (int i = 0; i < j; i++) {
                        if (feeds(results.get(key(steps.get(i))), steps.get(i), step)) {
                            feeding.add(futures.get(i));
                        }
                    }
                    futures.add(java.util.concurrent.CompletableFuture.allOf(feeding.toArray(java.util.concurrent.CompletableFuture[]::new))
                            .thenRunAsync(() -> direct.callTool(step.path("tool").asString(), arguments(step)), pool));
                }
                java.util.concurrent.CompletableFuture.allOf(futures.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
                if (run >= 0) {
                    planning[run] = analysis.path("timings").path("planningMs").asLong();
                    engine[run] = took;
                    directMs[run] = (System.nanoTime() - startDirect) / 1_000_000;
                }
            }
            System.out.printf("%-52s %5d %8d %15s %15s %13s %13s %6.2f%n", question.length() > 52 ? question.substring(0, 49) + "..." : question, calls,
                    percentile(planning, 50), percentile(engine, 50) + " / " + percentile(engine, 95),
                    percentile(directMs, 50) + " / " + percentile(directMs, 95), min(engine) + "-" + max(engine), min(directMs) + "-" + max(directMs),
                    (double) percentile(engine, 50) / Math.max(1, percentile(directMs, 50)));
        }
        System.out.println("calls: those that reached the server (the site listing is reused for a minute); ratio = engine p50 / direct p50");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arguments(JsonNode step) {
        return JsonMapper.shared().convertValue(step.path("arguments"), Map.class);
    }

    private static String key(JsonNode step) {
        return step.path("tool").asString() + step.path("arguments").toString();
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(c -> c instanceof McpSchema.TextContent).map(c -> ((McpSchema.TextContent) c).text())
                .reduce("", String::concat);
    }

    /**
     * Whether an earlier result introduced one of the call's argument values (an id it was read
     * from). A value the earlier call was given itself is not learnt from its result, even when the
     * result repeats it (every per-day call echoes its site id), so such calls still run side by side.
     */
    private static boolean feeds(String earlierResult, JsonNode earlierStep, JsonNode step) {
        if (earlierResult == null) {
            return false;
        }
        String given = earlierStep.path("arguments").toString();
        for (JsonNode value : step.path("arguments")) {
            if (value.isString() && value.asString().length() >= 6 && earlierResult.contains(value.asString()) && !given.contains(value.asString())) {
                return true;
            }
        }
        return false;
    }

    /** A 12-tile dashboard, every tile its own plan, refreshed (cache bypassed) against its slowest tile asked on its own. */
    private static void dashboard(SightlineApi api, long dataSource) throws Exception {
        long dashboard = api.json("POST", "/api/dashboards", "{\"name\":\"Benchmark\"}").path("id").asLong();
        long slowest = 0;
        java.util.Set<String> plans = new java.util.HashSet<>();
        int calls = 0;
        for (String question : TILES) {
            long start = System.nanoTime();
            JsonNode a = ask(api, dataSource, question);
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
            plans.add(a.path("steps").toString());
            calls += a.path("steps").size();
            api.json("POST", "/api/dashboards/" + dashboard + "/tiles", "{\"analysisId\":\"" + a.path("id").asString() + "\"}");
        }
        long[] refresh = new long[7];
        for (int i = 0; i < refresh.length; i++) {
            long start = System.nanoTime();
            api.json("POST", "/api/dashboards/" + dashboard + "/refresh", null);
            refresh[i] = (System.nanoTime() - start) / 1_000_000;
        }
        System.out.printf("%n12-tile dashboard (%d different plans, %d calls): refresh p50 %d ms, p95 %d ms, min-max %d-%d; slowest tile alone %d ms; ratio %.2f%n",
                plans.size(), calls, percentile(refresh, 50), percentile(refresh, 95), min(refresh), max(refresh), slowest,
                (double) percentile(refresh, 50) / slowest);
    }

    /**
     * People asking at once, each the questions in turn from a different start, as fast as answers
     * come. The app's CPU per answer is shown with and without its JIT compiler threads: compiling is
     * spent once per start, not per answer, but on two cores it goes on for minutes, the longer the
     * fewer answers a second there are.
     */
    private static void people(SightlineApi api, long dataSource, long appPid) throws Exception {
        System.out.printf("%nPeople asking at once (each the %d questions in turn for %d s, cache bypassed)%n", QUESTIONS.size(), ASKING.toSeconds());
        System.out.printf("%7s %10s %8s %8s %8s %12s %14s %18s %14s%n", "people", "answers/s", "p50 ms", "p95 ms", "max ms", "app threads", "app CPU/answer",
                "without JIT threads", "machine busy");
        for (int people : new int[] {1, 4, 16}) {
            ExecutorService askers = Executors.newFixedThreadPool(people);
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger(appThreads(appPid));
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    threads.accumulateAndGet(appThreads(appPid), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            long cpuBefore = appCpuMillis(appPid);
            long compilingBefore = compilerTicks(appPid);
            long[] machineBefore = machineTicks();
            long start = System.nanoTime();
            long until = start + ASKING.toNanos();
            List<Future<?>> all = new ArrayList<>();
            for (int p = 0; p < people; p++) {
                int offset = p;
                all.add(askers.submit(() -> {
                    for (int i = 0; System.nanoTime() < until; i++) {
                        long t = System.nanoTime();
                        ask(api, dataSource, QUESTIONS.get((i + offset) % QUESTIONS.size()));
                        latencies.add((System.nanoTime() - t) / 1_000_000);
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = appCpuMillis(appPid) - cpuBefore;
            long compiling = (compilerTicks(appPid) - compilingBefore) * 10;
            long[] machineAfter = machineTicks();
            running.set(false);
            sampler.join();
            askers.shutdown();
            long[] values = latencies.stream().mapToLong(Long::longValue).toArray();
            System.out.printf("%7d %10.1f %8d %8d %8d %12s %14s %18s %14s%n", people, values.length / seconds, percentile(values, 50), percentile(values, 95), max(values),
                    appPid < 0 ? "n/a" : String.valueOf(threads.get()), appPid < 0 ? "n/a" : String.format("%.1f ms", (double) cpu / values.length),
                    appPid < 0 ? "n/a" : String.format("%.1f ms", (double) (cpu - compiling) / values.length), busyCores(machineBefore, machineAfter));
        }
    }

    private static JsonNode ask(SightlineApi api, long dataSource, String question) throws Exception {
        return api.json("POST", "/api/analyses", JsonMapper.shared().writeValueAsString(
                Map.of("question", question, "dataSourceIds", List.of(dataSource), "fresh", true)));
    }

    /** The app's thread count, from /proc (Linux). */
    private static int appThreads(long pid) {
        if (pid < 0) {
            return -1;
        }
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring(8).trim());
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The whole machine's busy and total CPU time so far (Linux /proc/stat, all cores), or null. The
     * app, the sandbox and this benchmark share the cores: when they are all busy, more people asking
     * can only wait longer.
     */
    private static long[] machineTicks() {
        try {
            String[] fields = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal; guest time is already inside user and nice.
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** "1.9 of 2 cores": the machine's busy cores between two readings of {@link #machineTicks()}. */
    private static String busyCores(long[] before, long[] after) {
        if (before == null || after == null || after[1] == before[1]) {
            return "n/a";
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return String.format("%.1f of %d cores", cores * (double) (after[0] - before[0]) / (after[1] - before[1]), cores);
    }

    /** The app's user and system CPU time so far, from /proc (clock ticks of 10 ms). */
    private static long appCpuMillis(long pid) {
        if (pid < 0) {
            return 0;
        }
        try {
            return cpuTicks(java.nio.file.Path.of("/proc/" + pid + "/stat")) * 10;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** User plus system CPU time in a /proc stat file (of a process or one of its threads), in clock ticks. */
    private static long cpuTicks(java.nio.file.Path stat) throws java.io.IOException {
        String line = java.nio.file.Files.readString(stat);
        // After "pid (name) ": state is field 3, utime 14 and stime 15.
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
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

    private static long percentile(long[] values, int percent) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

}
