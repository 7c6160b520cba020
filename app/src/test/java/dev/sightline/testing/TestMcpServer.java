package dev.sightline.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small MCP server for tests: Streamable HTTP at {@code /mcp} on loopback, plain JSON answers (no
 * SSE stream, no authorization), with tools that behave as the test says. It records every
 * request it receives, so a test asserts on what reached the server rather than on the client's
 * own account of it.
 *
 * <pre>{@code
 * try (TestMcpServer server = TestMcpServer.start()) {
 *     server.tool("list-orders", "Orders placed in a period", TestMcpServer.Reply.rows(100_000));
 *     // connect server.url() as a custom MCP server, ask, then:
 *     assertThat(server.calls("list-orders")).isEqualTo(1);
 * }
 * }</pre>
 *
 * Every tool is annotated read-only and takes optional {@code start} and {@code end} strings.
 * {@link #tool} adds a tool or changes what an existing one does from the next call on; calls
 * already hanging stay hung until {@link #close}. {@link #answerAsEventStreams} sends each answer
 * as a one-event SSE stream instead, as many servers do.
 */
public final class TestMcpServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.shared();

    /** One HTTP request as the server received it; {@code rpcMethod} and {@code tool} are null where they do not apply. */
    public record Request(String httpMethod, String rpcMethod, String tool, Map<String, List<String>> headers) {
    }

    /** What a tool answers when called. */
    public static final class Reply {

        private final Responder responder;

        private Reply(Responder responder) {
            this.responder = responder;
        }

        /** {@code value} as structured content, and as JSON text for clients that read only text. */
        public static Reply json(Object value) {
            return new Reply((server, exchange, id) -> {
                JsonNode structured = JSON.valueToTree(value);
                server.send(exchange, 200, result(id, toolResult(JSON.writeValueAsString(structured), false).set("structuredContent", structured)));
            });
        }

        /** {@code {"rows": [{"id": 1, "count": 1}, ...]}}: {@code n} small rows, as structured content and as JSON text. */
        public static Reply rows(int n) {
            return new Reply((server, exchange, id) -> {
                ObjectNode structured = JSON.createObjectNode();
                ArrayNode rows = structured.putArray("rows");
                for (int i = 1; i <= n; i++) {
                    rows.addObject().put("id", i).put("count", i % 1000);
                }
                server.send(exchange, 200, result(id, toolResult(JSON.writeValueAsString(structured), false).set("structuredContent", structured)));
            });
        }

        /** A text result of {@code megabytes} MiB, streamed without a Content-Length, as a large export would come. */
        public static Reply megabytes(int megabytes) {
            return new Reply((server, exchange, id) -> {
                String head = "{\"jsonrpc\":\"2.0\",\"id\":" + JSON.writeValueAsString(id) + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"";
                String tail = "\"}],\"isError\":false}}";
                if (server.events) {
                    head = "event: message\ndata: " + head;
                    tail = tail + "\n\n";
                }
                exchange.getResponseHeaders().set("Content-Type", server.events ? "text/event-stream" : "application/json");
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(head.getBytes(StandardCharsets.UTF_8));
                    for (int i = 0; i < megabytes * 16; i++) {
                        out.write(chunk);
                    }
                    out.write(tail.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // The client stopped reading: that is what a size limit does.
                }
            });
        }

        /** Never answers: the request stays open until the server is closed. */
        public static Reply hang() {
            return new Reply((server, exchange, id) -> {
                try {
                    server.stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        /** A JSON-RPC error with this message (code -32603, internal error). */
        public static Reply rpcError(String message) {
            return new Reply((server, exchange, id) -> {
                ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0").set("id", JSON.valueToTree(id));
                response.putObject("error").put("code", -32603).put("message", message);
                server.send(exchange, 200, response);
            });
        }

        /** A tool result with {@code isError: true} and this text. */
        public static Reply toolError(String message) {
            return new Reply((server, exchange, id) -> server.send(exchange, 200, result(id, toolResult(message, true))));
        }
    }

    private interface Responder {
        void respond(TestMcpServer server, HttpExchange exchange, Object id) throws IOException;
    }

    private record Tool(String name, String description, Reply reply) {
    }

    private final HttpServer http;
    private final ExecutorService threads;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile boolean events;
    /** The sessions this server knows; a request naming another one is answered 404, as Streamable HTTP says. */
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();

    private TestMcpServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // A thread per exchange: a hanging call must not hold up the next request.
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-mcp-server");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        http.createContext("/mcp", this::handle);
        http.start();
    }

    /** Starts a server on a free loopback port. */
    public static TestMcpServer start() {
        try {
            return new TestMcpServer();
        } catch (IOException e) {
            throw new IllegalStateException("The test MCP server could not start", e);
        }
    }

    /** The MCP endpoint, {@code http://127.0.0.1:<port>/mcp}. */
    public URI url() {
        return URI.create("http://" + http.getAddress().getAddress().getHostAddress() + ":" + http.getAddress().getPort() + "/mcp");
    }

    /** Adds a tool, or changes what it does from its next call on. */
    public synchronized TestMcpServer tool(String name, String description, Reply reply) {
        tools.put(name, new Tool(name, description, reply));
        return this;
    }

    /** Answers every request from now on as an SSE stream of one event ({@code text/event-stream}). */
    public TestMcpServer answerAsEventStreams() {
        events = true;
        return this;
    }

    /** Forgets every session, as a server does when it restarts: their next request is answered 404. */
    public void forgetSessions() {
        sessions.clear();
    }

    /** How many requests of a JSON-RPC method reached the server ({@code "DELETE"} counts session ends). */
    public int count(String rpcMethodOrHttpMethod) {
        return (int) requests.stream().filter(r -> rpcMethodOrHttpMethod.equals(r.rpcMethod())
                || r.rpcMethod() == null && rpcMethodOrHttpMethod.equals(r.httpMethod())).count();
    }

    /** How many {@code tools/call} requests for {@code tool} reached the server. */
    public int calls(String tool) {
        return (int) requests.stream().filter(r -> "tools/call".equals(r.rpcMethod()) && tool.equals(r.tool())).count();
    }

    /** Every request received so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Stops the server; hanging calls end with it. */
    @Override
    public void close() {
        stopped.countDown();
        http.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
            String session = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
            boolean unknown = session != null && !sessions.contains(session);
            if ("DELETE".equals(method)) {
                requests.add(new Request(method, null, null, headers));
                exchange.sendResponseHeaders(unknown ? 404 : 200, -1);
                sessions.remove(String.valueOf(session));
                return;
            }
            if (!"POST".equals(method)) {
                // No server-initiated stream is offered (Streamable HTTP allows 405 for the GET).
                requests.add(new Request(method, null, null, headers));
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            JsonNode message;
            try (InputStream in = exchange.getRequestBody()) {
                message = JSON.readTree(in);
            }
            String rpcMethod = message.path("method").asString(null);
            JsonNode params = message.path("params");
            String toolName = "tools/call".equals(rpcMethod) ? params.path("name").asString(null) : null;
            requests.add(new Request(method, rpcMethod, toolName, headers));
            if (unknown && !"initialize".equals(rpcMethod)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!message.has("id")) {
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            Object id = JSON.treeToValue(message.get("id"), Object.class);
            switch (rpcMethod == null ? "" : rpcMethod) {
                case "initialize" -> {
                    ObjectNode result = JSON.createObjectNode();
                    result.put("protocolVersion", params.path("protocolVersion").asString("2025-06-18"));
                    result.putObject("capabilities").putObject("tools").put("listChanged", false);
                    result.putObject("serverInfo").put("name", "test-mcp-server").put("version", "1.0.0");
                    String created = UUID.randomUUID().toString();
                    sessions.add(created);
                    exchange.getResponseHeaders().set("Mcp-Session-Id", created);
                    send(exchange, 200, result(id, result));
                }
                case "ping" -> send(exchange, 200, result(id, JSON.createObjectNode()));
                case "tools/list" -> send(exchange, 200, result(id, toolList()));
                case "tools/call" -> {
                    Tool tool;
                    synchronized (this) {
                        tool = tools.get(toolName);
                    }
                    if (tool == null) {
                        Reply.rpcError("Unknown tool: " + toolName).responder.respond(this, exchange, id);
                    } else {
                        tool.reply().responder.respond(this, exchange, id);
                    }
                }
                default -> {
                    ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0").set("id", JSON.valueToTree(id));
                    response.putObject("error").put("code", -32601).put("message", "Method not found: " + rpcMethod);
                    send(exchange, 200, response);
                }
            }
        } catch (IOException | RuntimeException e) {
            // A client that went away mid-answer; nothing to tell it.
        }
    }

    /** From now on, tool listings say they may be kept this long ({@code ttlMs}); null says nothing. */
    public synchronized TestMcpServer listingTtl(java.time.Duration ttl) {
        this.listingTtl = ttl;
        return this;
    }

    private java.time.Duration listingTtl;

    private synchronized ObjectNode toolList() {
        ObjectNode result = JSON.createObjectNode();
        if (listingTtl != null) {
            result.put("ttlMs", listingTtl.toMillis());
        }
        ArrayNode list = result.putArray("tools");
        for (Tool tool : tools.values()) {
            ObjectNode t = list.addObject().put("name", tool.name()).put("description", tool.description());
            ObjectNode schema = t.putObject("inputSchema").put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            properties.putObject("start").put("type", "string").put("description", "Start of the period (ISO-8601)");
            properties.putObject("end").put("type", "string").put("description", "End of the period (ISO-8601)");
            t.putObject("annotations").put("readOnlyHint", true).put("destructiveHint", false);
        }
        return result;
    }

    private static ObjectNode result(Object id, ObjectNode result) {
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", JSON.valueToTree(id));
        response.set("result", result);
        return response;
    }

    private static ObjectNode toolResult(String text, boolean error) {
        ObjectNode result = JSON.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", error);
        return result;
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = events ? ("event: message\ndata: " + JSON.writeValueAsString(body) + "\n\n").getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", events ? "text/event-stream" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
