package dev.sightline.mcp.session;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An MCP server on the JDK's HTTP server, scripted per test: it records every request, starts a
 * session at {@code initialize} (a new id each time), and answers each JSON-RPC method as a test
 * tells it, by default {@code tools/list} with one tool and {@code tools/call} with a text result,
 * both as plain JSON. Notifications and the client's answers get 202; GET gets 405 unless scripted.
 */
final class ScriptedMcpServer implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.shared();

    /** One request as it arrived. */
    record Received(String httpMethod, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }

        JsonNode message() {
            return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        }

        String rpcMethod() {
            return message().path("method").asString(null);
        }
    }

    /** Answers one request. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange, JsonNode message) throws IOException;
    }

    final List<Received> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Handler> methods = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile Handler get = (exchange, message) -> status(exchange, 405);
    /** The client's answers to the server's own requests (a POST without a method). */
    private volatile Handler answers = (exchange, message) -> status(exchange, 202);
    private volatile ObjectNode capabilities = JSON.createObjectNode().set("tools", JSON.createObjectNode());
    private volatile String protocolVersion = "2025-11-25";

    ScriptedMcpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/mcp", this::dispatch);
        server.start();
        on("initialize", (exchange, message) -> {
            exchange.getResponseHeaders().set("Mcp-Session-Id", currentSession());
            ObjectNode result = JSON.createObjectNode().put("protocolVersion", protocolVersion);
            result.set("capabilities", capabilities);
            result.putObject("serverInfo").put("name", "scripted").put("version", "1");
            json(exchange, response(message, result));
        });
        on("tools/list", (exchange, message) -> json(exchange, """
                {"jsonrpc":"2.0","id":%s,"result":{"tools":[{"name":"echo","inputSchema":{"type":"object"}}]}}""".formatted(message.get("id"))));
        on("tools/call", (exchange, message) -> json(exchange, response(message, textResult("called " + message.path("params").path("name").asString()))));
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    /** The id of the session the last {@code initialize} started. */
    String currentSession() {
        return "session-" + sessions.get();
    }

    void on(String method, Handler handler) {
        methods.put(method, handler);
    }

    /** Serves another path of the server's origin (an OAuth endpoint, say); the message is null. */
    void route(String path, Handler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                handler.handle(exchange, null);
            }
        });
    }

    void onAnswer(Handler handler) {
        answers = handler;
    }

    void onGet(Handler handler) {
        get = handler;
    }

    void capabilities(String json) {
        capabilities = (ObjectNode) JSON.readTree(json);
    }

    void protocolVersion(String version) {
        protocolVersion = version;
    }

    /** The requests that carried this JSON-RPC method. */
    List<Received> calls(String method) {
        return requests.stream().filter(r -> method.equals(r.rpcMethod())).toList();
    }

    /** The client's answers to the server's requests. */
    List<Received> answers() {
        return requests.stream().filter(r -> r.httpMethod().equals("POST") && r.rpcMethod() == null && r.message().has("id")).toList();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received received = new Received(exchange.getRequestMethod(), exchange.getRequestHeaders(), body);
            requests.add(received);
            switch (exchange.getRequestMethod()) {
                case "GET" -> get.handle(exchange, null);
                case "DELETE" -> status(exchange, 200);
                default -> {
                    JsonNode message = received.message();
                    String method = message.path("method").asString(null);
                    if ("initialize".equals(method)) {
                        sessions.incrementAndGet();
                    }
                    Handler handler = method == null ? answers : methods.get(method);
                    if (handler != null) {
                        handler.handle(exchange, message);
                    } else {
                        status(exchange, 202);
                    }
                }
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    static ObjectNode textResult(String text) {
        ObjectNode result = JSON.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        return result;
    }

    static String response(JsonNode request, JsonNode result) {
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        response.set("result", result);
        return JSON.writeValueAsString(response);
    }

    static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static void status(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    /** Starts an event stream as the answer; the caller writes events and returns to end it. */
    static Events events(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return new Events(exchange.getResponseBody());
    }

    /** An event stream being written. */
    record Events(OutputStream out) {
        Events send(String data) throws IOException {
            return raw("event: message\ndata: " + data + "\n\n");
        }

        Events send(String id, String data) throws IOException {
            return raw("id: " + id + "\nevent: message\ndata: " + data + "\n\n");
        }

        Events raw(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
