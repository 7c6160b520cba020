package dev.sightline.mcp.session;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.sightline.mcp.http.SafeHttp;
import dev.sightline.mcp.http.UnsafeUrlException;
import dev.sightline.mcp.oauth.OAuthSession;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportException;
import io.modelcontextprotocol.spec.McpTransportSessionNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An MCP session over Streamable HTTP (protocol versions 2025-03-26 to 2025-11-25) on the JDK
 * HttpClient's blocking {@code send}: each call runs on its caller's thread, from writing the
 * request to binding the answer, with no scheduler in between. The answer is read as JSON or as
 * an SSE stream; inside a stream, the server's own requests (elicitation, ping) are answered and
 * {@code notifications/tools/list_changed} re-reads the tool list for the listener. A stream that
 * ends before its answer is resumed with GET and {@code Last-Event-ID} after the server's
 * {@code retry} delay (SEP-1699).
 * <p>
 * Also here: the session id and {@code MCP-Protocol-Version} on every request after
 * {@code initialize}; {@code notifications/initialized}; 404 for the session id ends the session
 * (the call fails, the next one initializes a new session); the bearer token from an
 * {@link OAuthSession}, which answers 401 and 403 once per request; the size limit on every
 * message; the address check before every request; DELETE on close; and, when someone listens
 * for tool changes or answers elicitations, the standalone GET stream.
 */
final class StreamableHttpSession implements McpSession {

    /** What every session of one connector shares. */
    record Shared(HttpClient client, SafeHttp http, McpConnector.Limits limits, McpSchema.Implementation clientInfo,
                  ScheduledExecutorService timer, ExecutorService events, SseParser.Pool parsers) {
    }

    /** Oldest first: the newest is proposed, and any of them is accepted in the answer. */
    static final List<String> PROTOCOL_VERSIONS = List.of("2025-03-26", "2025-06-18", "2025-11-25");

    private static final Logger log = LoggerFactory.getLogger(StreamableHttpSession.class);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String JSON_AND_EVENTS = "application/json, text/event-stream";
    private static final int MAX_RESUMPTIONS = 5;
    private static final long DEFAULT_RETRY_MS = 1000;
    // The server counts its retry delay from the moment it closed the stream, which lies between its
    // last event and the moment this client noticed the end. On a busy machine the end is noticed
    // late, so the delay is counted from the last event (plus a little, as the close follows it),
    // but never from more than a moment before the end was noticed.
    private static final long CLOSE_AFTER_EVENT_MS = 40;
    private static final long MAX_NOTICE_LAG_MS = 150;
    private static final int MAX_LISTENER_FAILURES = 3;

    /** An initialized session at the server; {@code sessionId} null for a server that keeps none. */
    private record Established(String sessionId, String protocolVersion, McpSchema.InitializeResult result) {
    }

    private final Shared shared;
    private final URI endpoint;
    private final Map<String, String> headers;
    private final OAuthSession oauth;
    private final Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> elicitation;
    private final Consumer<List<McpSchema.Tool>> toolsChanged;
    private final AtomicLong ids = new AtomicLong();
    private final Set<ResponseStream> reading = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private volatile Established established;
    private volatile boolean closed;
    private volatile Listener listener;
    /** How long the server said its last tool listing may be kept (ttlMs), if it said. */
    private volatile Duration toolsTtl;

    private StreamableHttpSession(Shared shared, URI endpoint, OAuthSession oauth, Map<String, String> headers,
                                  Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> elicitation,
                                  Consumer<List<McpSchema.Tool>> toolsChanged) {
        this.shared = shared;
        this.endpoint = endpoint;
        this.headers = Map.copyOf(headers);
        this.oauth = oauth;
        this.elicitation = elicitation;
        this.toolsChanged = toolsChanged;
    }

    /** Connects and initializes; on failure nothing stays open. */
    static StreamableHttpSession open(Shared shared, URI endpoint, OAuthSession oauth, Map<String, String> headers,
                                      Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> elicitation,
                                      Consumer<List<McpSchema.Tool>> toolsChanged) {
        StreamableHttpSession session = new StreamableHttpSession(shared, endpoint, oauth, headers, elicitation, toolsChanged);
        try {
            session.established();
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    // ---- McpSession ----

    /**
     * The most pages and tools a listing may have, and how long all its pages together may take: a
     * server that hands out a new cursor on every page would otherwise be listed until memory runs out.
     */
    static final int MAX_TOOL_PAGES = 100;
    static final int MAX_TOOLS = 5_000;

    @Override
    public List<McpSchema.Tool> listTools() {
        List<McpSchema.Tool> tools = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        Long ttl = null;
        long until = System.nanoTime() + shared.limits().callTimeout().toNanos();
        do {
            if (cursors.size() >= MAX_TOOL_PAGES || System.nanoTime() - until > 0) {
                throw new McpTransportException("The MCP server's tool list did not end within " + MAX_TOOL_PAGES + " pages and "
                        + shared.limits().callTimeout().toSeconds() + " s; Sightline stopped reading it.");
            }
            Map<String, Object> params = cursor == null ? Map.of() : Map.of("cursor", cursor);
            ToolsPage page = request("tools/list", params, ToolsPage.class);
            if (page.tools() != null) {
                tools.addAll(page.tools());
            }
            if (tools.size() > MAX_TOOLS) {
                throw new McpTransportException("The MCP server lists more than " + MAX_TOOLS + " tools; Sightline stopped reading them.");
            }
            // The listing is as fresh as its shortest-lived page.
            if (page.ttlMillis() != null) {
                ttl = Math.min(page.ttlMillis(), ttl == null ? Long.MAX_VALUE : ttl);
            }
            cursor = page.nextCursor();
            // A server that hands out a cursor twice would page forever.
        } while (cursor != null && !cursor.isEmpty() && cursors.add(cursor));
        toolsTtl = ttl == null ? null : Duration.ofMillis(ttl);
        return tools;
    }

    @Override
    public Optional<Duration> toolsTtl() {
        return Optional.ofNullable(toolsTtl);
    }

    @Override
    public McpSchema.CallToolResult callTool(String tool, Map<String, Object> arguments) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", tool);
        params.put("arguments", arguments == null ? Map.of() : arguments);
        return request("tools/call", params, McpSchema.CallToolResult.class);
    }

    @Override
    public boolean offersTools() {
        McpSchema.ServerCapabilities capabilities = established().result().capabilities();
        return capabilities != null && capabilities.tools() != null;
    }

    @Override
    public void close() {
        Established session;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            session = established;
            established = null;
        }
        stopListening();
        for (ResponseStream response : List.copyOf(reading)) {
            response.abort(ResponseStream.Abort.SESSION_CLOSED);
        }
        if (session != null && session.sessionId() != null) {
            try {
                send(session, "DELETE", null, null, deadline(shared.limits().connectTimeout()), false).discard();
            } catch (RuntimeException e) {
                // The server forgets the session on its own in time.
                log.debug("DELETE of MCP session at {} failed: {}", SafeHttp.redact(endpoint), e.getMessage());
            }
        }
    }

    // ---- lifecycle ----

    private Established established() {
        Established current = established;
        if (current != null) {
            return current;
        }
        synchronized (lifecycle) {
            if (closed) {
                throw new McpTransportException("The MCP session is closed.");
            }
            if (established == null) {
                established = initialize();
            }
            return established;
        }
    }

    private Established initialize() {
        long deadline = deadline(shared.limits().connectTimeout().plus(shared.limits().callTimeout()));
        McpSchema.ClientCapabilities capabilities = elicitation != null
                ? McpSchema.ClientCapabilities.builder().elicitation().build() : McpSchema.ClientCapabilities.builder().build();
        String proposed = PROTOCOL_VERSIONS.get(PROTOCOL_VERSIONS.size() - 1);
        long id = ids.incrementAndGet();
        String body = envelope(id, "initialize", new McpSchema.InitializeRequest(proposed, capabilities, shared.clientInfo()));
        Reply reply = send(null, "POST", body, null, deadline, true);
        String sessionId = reply.http().headers().firstValue("Mcp-Session-Id").orElse(null);
        Established provisional = new Established(sessionId, proposed, null);
        McpSchema.InitializeResult result = answer(reply, provisional, id, "initialize", McpSchema.InitializeResult.class, deadline);
        if (!PROTOCOL_VERSIONS.contains(result.protocolVersion())) {
            throw McpError.builder(-32602).message("Unsupported protocol version")
                    .data("Unsupported protocol version from the server: " + result.protocolVersion()).build();
        }
        Established session = new Established(sessionId, result.protocolVersion(), result);
        notify(session, "notifications/initialized", deadline);
        McpSchema.ServerCapabilities offered = result.capabilities();
        boolean listChanged = offered != null && offered.tools() != null && Boolean.TRUE.equals(offered.tools().listChanged());
        if (sessionId != null && (elicitation != null || (toolsChanged != null && listChanged))) {
            Listener started = new Listener(session);
            listener = started;
            shared.events().execute(() -> started.connect(null));
        }
        return session;
    }

    /** The server no longer knows the session: the next call initializes a new one. */
    private void expire(Established session) {
        synchronized (lifecycle) {
            if (established == session) {
                established = null;
                stopListening();
            }
        }
    }

    private void stopListening() {
        Listener current = listener;
        listener = null;
        if (current != null) {
            current.stop();
        }
    }

    // ---- requests ----

    private <T> T request(String method, Object params, Class<T> resultType) {
        Established session = established();
        long deadline = deadline(shared.limits().callTimeout());
        long id = ids.incrementAndGet();
        Reply reply = send(session, "POST", envelope(id, method, params), null, deadline, true);
        return answer(reply, session, id, method, resultType, deadline);
    }

    private void notify(Established session, String method, long deadline) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("jsonrpc", "2.0");
        message.put("method", method);
        Reply reply = send(session, "POST", JSON.writeValueAsString(message), null, deadline, true);
        reply.discard();
        if (reply.status() / 100 != 2) {
            throw failure(session, method, reply.status());
        }
    }

    private static String envelope(long id, String method, Object params) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("jsonrpc", "2.0");
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        return JSON.writeValueAsString(message);
    }

    /** A response whose body the calling thread reads; aborted from outside when its time is up or the session closes. */
    private record Reply(HttpResponse<InputStream> http, ResponseStream stream) {
        int status() {
            return http.statusCode();
        }

        String contentType() {
            return http.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        }

        InputStream body() {
            return http.body();
        }

        /** Done with it: the rest of the body is dropped as it arrives, keeping the connection. */
        void discard() {
            try {
                http.body().close();
            } catch (IOException e) {
                // Nothing to keep.
            }
        }
    }

    /**
     * Sends one request whose answer the caller reads. With {@code authorize}, a 401 or 403 goes
     * to OAuth once (refresh, step-up, or a new authorization) and the request is sent again.
     */
    private Reply send(Established session, String method, String body, String lastEventId, long deadline, boolean authorize) {
        boolean authorized = false;
        while (true) {
            HttpRequest request = request(session, method, body, lastEventId, deadline);
            ResponseStream[] stream = new ResponseStream[1];
            HttpResponse<InputStream> response = exchange(request, ResponseStream.handler(reading, stream));
            ResponseStream tracked = stream[0];
            tracked.expireWith(shared.timer().schedule(() -> tracked.abort(ResponseStream.Abort.TIME_UP),
                    Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            if (closed) {
                tracked.abort(ResponseStream.Abort.SESSION_CLOSED);
            }
            Reply reply = new Reply(response, tracked);
            if (reply.status() == 401 || reply.status() == 403) {
                reply.discard();
                if (authorize && !authorized && reauthorized(request, response)) {
                    authorized = true;
                    continue;
                }
                throw authorizationError(request, response);
            }
            return reply;
        }
    }

    private boolean reauthorized(HttpRequest request, HttpResponse<?> response) {
        return oauth != null && oauth.handle(new HttpRequestSnapshot(request.uri(), request.method(), request.headers()), info(response),
                McpTransportContext.EMPTY);
    }

    private static McpTransportException authorizationError(HttpRequest request, HttpResponse<?> response) {
        return new McpHttpClientTransportAuthorizationException("Authorization error when sending message",
                new HttpRequestSnapshot(request.uri(), request.method(), request.headers()), info(response));
    }

    /**
     * The address check, then the blocking send. A request that meets a kept-alive connection the
     * server had closed, before a byte of the answer came, is sent once more on a new connection:
     * servers close idle or worn connections at any moment (Tomcat after 100 requests, even where
     * the MCP SDK's server has said keep-alive), and the JDK retries that for GET only.
     */
    private <X> HttpResponse<X> exchange(HttpRequest request, HttpResponse.BodyHandler<X> handler) {
        for (boolean resent = false; ; resent = true) {
            try {
                shared.http().check(endpoint);
                return shared.client().send(request, handler);
            } catch (UnsafeUrlException e) {
                throw new McpTransportException(e.getMessage(), e);
            } catch (HttpTimeoutException e) {
                throw timeUp(request.method(), e);
            } catch (IOException e) {
                if (!resent && e.getMessage() != null && e.getMessage().contains("received no bytes")) {
                    continue;
                }
                throw new McpTransportException("The MCP server could not be reached: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new McpTransportException("Interrupted while waiting for the MCP server", e);
            }
        }
    }

    private HttpRequest request(Established session, String method, String body, String lastEventId, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timeUp(method, null);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(Duration.ofNanos(remaining));
        switch (method) {
            case "POST" -> builder.POST(HttpRequest.BodyPublishers.ofString(body))
                    .setHeader("Content-Type", "application/json")
                    .setHeader("Accept", JSON_AND_EVENTS);
            case "GET" -> builder.GET().setHeader("Accept", "text/event-stream");
            default -> builder.DELETE();
        }
        if (lastEventId != null) {
            builder.setHeader("Last-Event-ID", lastEventId);
        }
        if (session != null && session.result() != null) {
            builder.setHeader("MCP-Protocol-Version", session.protocolVersion());
        }
        if (session != null && session.sessionId() != null) {
            builder.setHeader("Mcp-Session-Id", session.sessionId());
        }
        headers.forEach(builder::setHeader);
        if (oauth != null) {
            oauth.customize(builder, method, endpoint, body, McpTransportContext.EMPTY);
        }
        return builder.build();
    }

    // ---- answers ----

    private <T> T answer(Reply reply, Established session, long id, String method, Class<T> type, long deadline) {
        if (reply.status() / 100 != 2) {
            McpSchema.JSONRPCResponse.JSONRPCError said = errorIn(reply);
            reply.discard();
            // An HTTP error that carries the server's JSON-RPC error is said in its words ("Unsupported protocol version"); a 400
            // ends the session only when it says the session is unknown, as some servers answer an unknown session id so.
            if (said != null && reply.status() != 404 && (said.message() == null || !said.message().toLowerCase(Locale.ROOT).contains("session"))) {
                throw new McpError(said);
            }
            throw failure(session, method, reply.status());
        }
        String contentType = reply.contentType();
        if (contentType.startsWith("text/event-stream")) {
            return events(reply, session, id, method, type, deadline);
        }
        if (contentType.startsWith("application/json")) {
            return json(reply, id, method, type);
        }
        reply.discard();
        throw new McpTransportException("The MCP server accepted " + method + " without answering it (HTTP " + reply.status()
                + (contentType.isEmpty() ? "" : ", " + contentType) + ").");
    }

    private <T> T json(Reply reply, long id, String method, Class<T> type) {
        int max = shared.limits().maxResponseBytes();
        if (reply.http().headers().firstValueAsLong("Content-Length").orElse(-1) > max) {
            reply.discard();
            return tooLarge(method, type);
        }
        JsonRpcMessage message;
        try {
            message = JsonRpcMessage.read(new LimitedInputStream(reply.body(), max), type);
        } catch (JacksonException e) {
            reply.discard();
            if (e.getCause() instanceof LimitedInputStream.TooLarge) {
                return tooLarge(method, type);
            }
            throw readFailure(reply, method, e);
        }
        reply.discard();
        return result(message, id, method, type);
    }

    private <T> T events(Reply first, Established session, long id, String method, Class<T> type, long deadline) {
        SseParser parser = shared.parsers().take();
        try {
            return events(first, session, id, method, type, deadline, parser);
        } finally {
            shared.parsers().give(parser);
        }
    }

    private <T> T events(Reply first, Established session, long id, String method, Class<T> type, long deadline, SseParser parser) {
        JsonRpcMessage[] answer = new JsonRpcMessage[1];
        SseParser.Listener events = (eventType, data, length) -> {
            if (answer[0] != null || !"message".equals(eventType) || blank(data, length)) {
                return;
            }
            JsonRpcMessage message = JsonRpcMessage.read(data, 0, length, type);
            if (message.isResponse()) {
                if (JsonRpcMessage.sameId(message.id(), id)) {
                    answer[0] = message;
                }
            } else if (message.isRequest()) {
                // Answered within the call's own time: a server that asks and never takes the answer cannot hold the call past it.
                serveQuietly(session, message, deadline);
            } else if (message.isNotification()) {
                notice(message);
            }
        };
        byte[] buffer = parser.readBuffer();
        Reply current = first;
        for (int resumed = 0; ; resumed++) {
            long lastEventAt = System.currentTimeMillis();
            InputStream in = current.body();
            if (resumed > 0) {
                parser.newStream();
            }
            try {
                for (int n; answer[0] == null && (n = in.read(buffer)) >= 0; ) {
                    lastEventAt = System.currentTimeMillis();
                    parser.feed(buffer, 0, n, events);
                }
            } catch (SseParser.TooLarge e) {
                current.discard();
                return tooLarge(method, type);
            } catch (IOException | JacksonException e) {
                current.discard();
                throw readFailure(current, method, e);
            } catch (RuntimeException e) {
                current.discard();
                throw e;
            }
            current.discard();
            if (answer[0] != null) {
                return result(answer[0], id, method, type);
            }
            if (current.stream().aborted() != null) {
                throw readFailure(current, method, new IOException("The stream was closed"));
            }
            if (parser.lastEventId() == null || resumed >= MAX_RESUMPTIONS) {
                throw new McpTransportException("The MCP server's event stream ended before it answered " + method + ".");
            }
            pause(parser.retryMs(), lastEventAt, method, deadline);
            current = send(session, "GET", null, parser.lastEventId(), deadline, true);
            if (current.status() != 200 || !current.contentType().startsWith("text/event-stream")) {
                current.discard();
                throw failure(session, method, current.status());
            }
        }
    }

    /** Waits out the server's retry delay before resuming a stream, within the call's time. */
    private void pause(long retryMs, long lastEventAt, String method, long deadline) {
        long retry = retryMs >= 0 ? retryMs : DEFAULT_RETRY_MS;
        long now = System.currentTimeMillis();
        long delay = Math.max(0, Math.max(lastEventAt + retry + CLOSE_AFTER_EVENT_MS, now + retry - MAX_NOTICE_LAG_MS) - now);
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay) >= deadline) {
            throw timeUp(method, null);
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpTransportException("Interrupted while waiting for the MCP server", e);
        }
    }

    private static <T> T result(JsonRpcMessage message, long id, String method, Class<T> type) {
        if (message.error() != null) {
            throw new McpError(message.error());
        }
        if (!message.isResponse() || !JsonRpcMessage.sameId(message.id(), id) || !type.isInstance(message.result())) {
            throw new McpTransportException("The MCP server's answer to " + method + " is not a response to it.");
        }
        return type.cast(message.result());
    }

    /**
     * An answer over the size limit was not read. For {@code tools/call}, a tool result with
     * {@code isError}: the call was made and its answer is unusable, and retrying would fetch the
     * same bytes again. For other requests, a JSON-RPC error.
     */
    private <T> T tooLarge(String method, Class<T> type) {
        String limit = describe(shared.limits().maxResponseBytes());
        if (type == McpSchema.CallToolResult.class) {
            return type.cast(McpSchema.CallToolResult.builder()
                    .addTextContent("The tool's answer is larger than " + limit + ", so it was not read.").isError(true).build());
        }
        throw McpError.builder(-32603).message("The server's answer to " + method + " is larger than " + limit + ", so it was not read.").build();
    }

    /** "8 MB": a limit as people read it. */
    static String describe(int maxBytes) {
        return maxBytes % (1024 * 1024) == 0 ? maxBytes / (1024 * 1024) + " MB" : Math.max(1, maxBytes / 1024) + " KB";
    }

    /** The JSON-RPC error an HTTP error's body carries (its first 64 KB read), or null. */
    private static McpSchema.JSONRPCResponse.JSONRPCError errorIn(Reply reply) {
        if (!reply.contentType().startsWith("application/json")) {
            return null;
        }
        try {
            return JsonRpcMessage.read(new LimitedInputStream(reply.body(), 64 * 1024), null).error();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private RuntimeException failure(Established session, String method, int status) {
        // 400 too: some servers answer an unknown session id so.
        if ((status == 404 || status == 400) && session != null && session.sessionId() != null && session.result() != null) {
            expire(session);
            return new McpTransportSessionNotFoundException("Session not found for session ID: " + session.sessionId());
        }
        return new McpTransportException("The MCP server answered " + method + " with an HTTP error. Status code: " + status);
    }

    private RuntimeException readFailure(Reply reply, String method, Exception e) {
        ResponseStream.Abort why = reply.stream().aborted();
        if (why == ResponseStream.Abort.TIME_UP) {
            return timeUp(method, e);
        }
        if (why == ResponseStream.Abort.SESSION_CLOSED || closed) {
            // The words the SDK used, which callers recognize.
            return new McpTransportException("MCP session with server terminated before it answered " + method + ".", e);
        }
        return new McpTransportException("Reading the MCP server's answer to " + method + " failed: " + e.getMessage(), e);
    }

    private RuntimeException timeUp(String method, Exception cause) {
        TimeoutException timeout = new TimeoutException("No answer to " + method + " within " + shared.limits().callTimeout().toSeconds() + " s");
        if (cause != null) {
            timeout.initCause(cause);
        }
        return new McpTransportException("The MCP server did not answer " + method + " in time.", timeout);
    }

    private static HttpResponse.ResponseInfo info(HttpResponse<?> response) {
        return new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return response.headers();
            }

            @Override
            public HttpClient.Version version() {
                return response.version();
            }
        };
    }

    private static boolean blank(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            if (data[i] != ' ' && data[i] != '\t' && data[i] != '\n' && data[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static long deadline(Duration time) {
        return System.nanoTime() + time.toNanos();
    }

    // ---- what the server asks and tells ----

    /** Answers a request of the server's; a failure to is the server's to notice, not the call's that carried it. */
    private void serveQuietly(Established session, JsonRpcMessage request, long deadline) {
        if (closed || System.nanoTime() - deadline >= 0) {
            return;
        }
        try {
            serve(session, request, deadline);
        } catch (RuntimeException e) {
            log.info("Answering the {} of the MCP server at {} failed: {}", request.method(), SafeHttp.redact(endpoint), e.getMessage());
        }
    }

    /** Answers a request of the server's (on a call's stream or the standalone one), the answer sent before {@code deadline}. */
    private void serve(Established session, JsonRpcMessage request, long deadline) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("jsonrpc", "2.0");
        reply.put("id", request.id());
        try {
            switch (request.method()) {
                case "ping" -> reply.put("result", Map.of());
                case "elicitation/create" -> {
                    McpSchema.ElicitRequest asked = elicitation == null ? null : JSON.treeToValue(request.params(), McpSchema.ElicitRequest.class);
                    if (asked instanceof McpSchema.ElicitFormRequest form) {
                        reply.put("result", elicitation.apply(form));
                    } else {
                        reply.put("error", new McpSchema.JSONRPCResponse.JSONRPCError(-32601, "This client does not take "
                                + (elicitation == null ? "elicitations" : "URL elicitations"), null));
                    }
                }
                default -> reply.put("error", new McpSchema.JSONRPCResponse.JSONRPCError(-32601, "Method not found: " + request.method(), null));
            }
        } catch (RuntimeException e) {
            reply.remove("result");
            reply.put("error", new McpSchema.JSONRPCResponse.JSONRPCError(-32603, String.valueOf(e.getMessage()), null));
        }
        Reply sent = send(session, "POST", JSON.writeValueAsString(reply), null, deadline, true);
        sent.discard();
        if (sent.status() / 100 != 2) {
            log.info("The MCP server at {} refused the answer to its {} (HTTP {})", SafeHttp.redact(endpoint), request.method(), sent.status());
        }
    }

    /**
     * Re-reads of the tool list: 0 none, 1 one running, 2 one running and another wanted after it. A
     * server that sends list_changed a thousand times gets two listings, one after the other, never
     * two at once (an older listing could otherwise land after a newer one).
     */
    private final AtomicInteger rereads = new AtomicInteger();
    /** The server's requests being answered on the events executor; past {@link #MAX_SERVING} more are not answered. */
    private final AtomicInteger serving = new AtomicInteger();
    static final int MAX_SERVING = 4;

    /** Hears a notification of the server's; the tool list is re-read away from the call that carried it. */
    private void notice(JsonRpcMessage notification) {
        if ("notifications/tools/list_changed".equals(notification.method()) && toolsChanged != null && !closed
                && rereads.getAndUpdate(n -> Math.min(n + 1, 2)) == 0) {
            shared.events().execute(this::reread);
        }
    }

    private void reread() {
        do {
            try {
                if (!closed) {
                    toolsChanged.accept(listTools());
                }
            } catch (RuntimeException e) {
                log.info("Re-reading the tools of {} after a change failed: {}", SafeHttp.redact(endpoint), e.getMessage());
            }
        } while (rereads.decrementAndGet() > 0);
    }

    /**
     * The standalone GET stream, for what the server sends outside any call. Its bytes are parsed
     * as they arrive, on the HTTP client's threads, holding none of its own; what they carry is
     * handled on the events executor, as answering may mean a request of its own. When the stream
     * ends it is opened again after the server's retry delay, with {@code Last-Event-ID}; a server
     * that refuses it (405, or any 4xx) is not asked again, nor one that failed several times in a row.
     */
    private final class Listener {
        private final Established session;
        private final SseParser parser = new SseParser(shared.limits().maxResponseBytes());
        private volatile Flow.Subscription subscription;
        private volatile boolean stopped;
        private int failures;

        Listener(Established session) {
            this.session = session;
        }

        void connect(String lastEventId) {
            if (stopped || closed) {
                return;
            }
            boolean authorized = false;
            try {
                while (true) {
                    HttpRequest request = request(session, "GET", null, lastEventId, deadline(shared.limits().connectTimeout()));
                    parser.newStream();
                    boolean[] listening = {false};
                    HttpResponse<Void> response = exchange(request, info -> {
                        listening[0] = info.statusCode() == 200
                                && info.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT).startsWith("text/event-stream");
                        return listening[0] ? new Events() : HttpResponse.BodySubscribers.discarding();
                    });
                    if (listening[0]) {
                        return;
                    }
                    int status = response.statusCode();
                    if ((status == 401 || status == 403) && !authorized && reauthorized(request, response)) {
                        authorized = true;
                        continue;
                    }
                    if (status / 100 == 4) {
                        // 405: the server has no such stream. Others (404, 400) are left to the next
                        // call to find out: a server may refuse this GET and keep the session.
                        log.debug("The MCP server at {} refused the standalone event stream (HTTP {})", SafeHttp.redact(endpoint), status);
                    } else {
                        retry("HTTP " + status);
                    }
                    return;
                }
            } catch (RuntimeException e) {
                retry(e.getMessage());
            }
        }

        private void retry(String why) {
            subscription = null;
            if (stopped || closed) {
                return;
            }
            if (++failures > MAX_LISTENER_FAILURES) {
                log.info("Gave up the standalone event stream of {}: {}", SafeHttp.redact(endpoint), why);
                return;
            }
            long delay = parser.retryMs() >= 0 ? parser.retryMs() : DEFAULT_RETRY_MS;
            shared.timer().schedule(() -> shared.events().execute(() -> connect(parser.lastEventId())), delay, TimeUnit.MILLISECONDS);
        }

        void stop() {
            stopped = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        private void handle(JsonRpcMessage message) {
            if (message.isRequest()) {
                if (serving.incrementAndGet() > MAX_SERVING) {
                    // A flood of requests: the rest wait for an answer that does not come, instead of queueing without end.
                    serving.decrementAndGet();
                    log.debug("Not answering a {} of {}: {} of its requests are being answered", message.method(), SafeHttp.redact(endpoint), MAX_SERVING);
                } else {
                    shared.events().execute(() -> {
                        try {
                            serveQuietly(session, message, deadline(shared.limits().callTimeout()));
                        } finally {
                            serving.decrementAndGet();
                        }
                    });
                }
            } else if (message.isNotification()) {
                notice(message);
            }
        }

        /** The stream's body, parsed as it arrives. */
        private final class Events implements HttpResponse.BodySubscriber<Void> {
            private byte[] chunk = new byte[8192];

            @Override
            public CompletionStage<Void> getBody() {
                // Complete at once: the request returns with the headers, and the body goes on here.
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                if (stopped || closed) {
                    s.cancel();
                } else {
                    s.request(1);
                }
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                try {
                    for (ByteBuffer buffer : buffers) {
                        int n = buffer.remaining();
                        if (n > chunk.length) {
                            chunk = new byte[n];
                        }
                        buffer.get(chunk, 0, n);
                        parser.feed(chunk, 0, n, (type, data, length) -> {
                            if ("message".equals(type) && !blank(data, length)) {
                                JsonRpcMessage message;
                                try {
                                    message = JsonRpcMessage.read(data, 0, length, null);
                                } catch (JacksonException malformed) {
                                    // One event that is not JSON-RPC is skipped; the stream goes on.
                                    log.debug("Skipped an event of {} that is not JSON-RPC: {}", SafeHttp.redact(endpoint), malformed.getMessage());
                                    return;
                                }
                                handle(message);
                            }
                        });
                    }
                    failures = 0;
                    subscription.request(1);
                } catch (RuntimeException e) {
                    log.info("Stopped reading the standalone event stream of {}: {}", SafeHttp.redact(endpoint),
                            e instanceof SseParser.TooLarge ? "an event over the size limit" : e.getMessage());
                    stop();
                }
            }

            @Override
            public void onError(Throwable throwable) {
                retry(throwable.getMessage());
            }

            @Override
            public void onComplete() {
                retry("it ended");
            }
        }
    }
}
