package dev.sightline.mcp.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import dev.sightline.mcp.http.SafeHttp;
import dev.sightline.mcp.oauth.McpAuthorization;
import dev.sightline.mcp.oauth.MemoryStore;
import dev.sightline.mcp.oauth.OAuthException;
import dev.sightline.mcp.oauth.OAuthSession;
import dev.sightline.mcp.oauth.TokenSet;
import dev.sightline.mcp.session.McpConnector;
import dev.sightline.mcp.session.McpSession;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One MCP client under load, in a JVM of its own so its CPU time is its own: {@code sightline}
 * (this module's {@link McpConnector} and {@link McpSession}, OAuth through {@link OAuthSession})
 * or {@code raw} (one JDK HttpClient posting JSON-RPC by hand, the floor any Java client stands on).
 * The access token comes in {@code BENCH_TOKEN}. Each line on stdin asks for one round,
 * {@code {"tool":..,"arguments":{..},"inFlight":n,"seconds":s}}; the answer is one line of JSON
 * with the calls made, the wall and process CPU time they took, and the threads alive.
 */
public final class ClientLoad {

    private static final JsonMapper JSON = JsonMapper.shared();

    /** One way of making a tools/call. */
    interface Caller extends AutoCloseable {
        void call(String tool, Map<String, Object> arguments) throws Exception;

        @Override
        void close();
    }

    private ClientLoad() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        URI server = URI.create(args[1]);
        String token = System.getenv("BENCH_TOKEN");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int jvmThreads = threads.getThreadCount();
        Caller caller = kind.equals("raw") ? new Raw(server, token) : new Sightline(server, token);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println(JSON.createObjectNode().put("ready", true).put("jvmThreads", jvmThreads));
        System.out.flush();
        for (String line; (line = in.readLine()) != null && !line.isBlank(); ) {
            JsonNode round = JSON.readTree(line);
            Map<String, Object> arguments = JSON.convertValue(round.path("arguments"), Map.class);
            ObjectNode result = run(caller, round.path("tool").asString(), arguments, round.path("inFlight").asInt(),
                    Duration.ofMillis((long) (round.path("seconds").asDouble() * 1000)), threads);
            System.out.println(result);
            System.out.flush();
        }
        caller.close();
        System.exit(0);
    }

    private static ObjectNode run(Caller caller, String tool, Map<String, Object> arguments, int inFlight, Duration length,
                                  ThreadMXBean threads) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        LongAdder calls = new LongAdder();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        threads.resetPeakThreadCount();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            Thread worker = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline && failure.get() == null) {
                        caller.call(tool, arguments);
                        calls.increment();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "load-" + i);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long elapsed = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        if (failure.get() != null) {
            throw new IllegalStateException("A call of " + tool + " failed", failure.get());
        }
        return JSON.createObjectNode().put("calls", calls.sum()).put("elapsedNanos", elapsed).put("cpuNanos", cpu)
                .put("peakThreads", threads.getPeakThreadCount()).put("threads", threads.getThreadCount());
    }

    /** This module's client, as the app uses it: the connector, a session, OAuth putting the bearer token on. */
    static final class Sightline implements Caller {
        private final McpSession session;

        Sightline(URI server, String token) throws Exception {
            SafeHttp http = new SafeHttp(SafeHttp.Options.development());
            MemoryStore store = new MemoryStore();
            store.saveTokens(new TokenSet(token, null, null, null));
            OAuthSession oauth = new OAuthSession(new McpAuthorization(http), server, store,
                    new McpAuthorization.ClientIdentity("Sightline benchmark", "http://127.0.0.1:9/callback", null),
                    new OAuthSession.Credentials.AuthorizationCode(Optional.empty()), pending -> {
                        throw new OAuthException("access_denied", "The benchmark's token was refused.");
                    });
            session = new McpConnector(http, McpConnector.Limits.standard()).connect(server, oauth, Map.of(), null);
            session.listTools();
        }

        @Override
        public void call(String tool, Map<String, Object> arguments) {
            McpSchema.CallToolResult result = session.callTool(tool, arguments);
            if (Boolean.TRUE.equals(result.isError())) {
                throw new IllegalStateException(tool + " answered an error: " + result.content());
            }
        }

        @Override
        public void close() {
            session.close();
        }
    }

    /**
     * The least a Java client can do: one JDK HttpClient (HTTP/1.1, as plain http to a server that
     * does not speak h2c gains nothing from the upgrade), an initialized session, then POST
     * {@code tools/call} with the session's headers and read the body as a string.
     */
    static final class Raw implements Caller {
        private static final String PROPOSED = "2025-11-25";
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final URI server;
        private final String token;
        private final String sessionId;
        private final String version;
        private final java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong(1);

        Raw(URI server, String token) throws Exception {
            this.server = server;
            this.token = token;
            HttpResponse<String> initialized = post(null, PROPOSED, """
                    {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"%s","capabilities":{},
                     "clientInfo":{"name":"raw","version":"1"}}}""".formatted(PROPOSED));
            if (initialized.statusCode() != 200) {
                throw new IllegalStateException("initialize: HTTP " + initialized.statusCode() + " " + initialized.body());
            }
            sessionId = initialized.headers().firstValue("Mcp-Session-Id").orElse(null);
            java.util.regex.Matcher agreed = java.util.regex.Pattern.compile("\"protocolVersion\"\\s*:\\s*\"([^\"]+)\"")
                    .matcher(initialized.body());
            version = agreed.find() ? agreed.group(1) : PROPOSED;
            post(sessionId, version, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }

        @Override
        public void call(String tool, Map<String, Object> arguments) throws Exception {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("name", tool);
            params.put("arguments", arguments);
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("jsonrpc", "2.0");
            message.put("id", ids.getAndIncrement());
            message.put("method", "tools/call");
            message.put("params", params);
            HttpResponse<String> response = post(sessionId, version, JSON.writeValueAsString(message));
            if (response.statusCode() != 200 || response.body().isEmpty()) {
                throw new IllegalStateException(tool + ": HTTP " + response.statusCode() + " " + response.body());
            }
        }

        private HttpResponse<String> post(String session, String protocolVersion, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(server)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("MCP-Protocol-Version", protocolVersion)
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (session != null) {
                request.header("Mcp-Session-Id", session);
            }
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                // A kept-alive connection the server had closed (Tomcat closes after 100 requests, while the
                // MCP SDK's server says keep-alive first), found so before a byte of the answer came: the
                // JDK retries that for GET only. Once more, as any client of such a server must.
                if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                    throw e;
                }
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
        }

        @Override
        public void close() {
            try {
                HttpRequest.Builder delete = HttpRequest.newBuilder(server).DELETE().header("Authorization", "Bearer " + token)
                        .header("MCP-Protocol-Version", version);
                if (sessionId != null) {
                    delete.header("Mcp-Session-Id", sessionId);
                }
                http.send(delete.build(), HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                // The session ends with the process anyway.
            }
        }
    }
}
