package dev.sightline.mcp.session;

import static dev.sightline.mcp.session.ScriptedMcpServer.JSON;
import static dev.sightline.mcp.session.ScriptedMcpServer.events;
import static dev.sightline.mcp.session.ScriptedMcpServer.json;
import static dev.sightline.mcp.session.ScriptedMcpServer.response;
import static dev.sightline.mcp.session.ScriptedMcpServer.status;
import static dev.sightline.mcp.session.ScriptedMcpServer.textResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.sightline.mcp.http.SafeHttp;
import dev.sightline.mcp.http.UnsafeUrlException;
import dev.sightline.mcp.oauth.ClientRegistration;
import dev.sightline.mcp.oauth.McpAuthorization;
import dev.sightline.mcp.oauth.MemoryStore;
import dev.sightline.mcp.oauth.OAuthException;
import dev.sightline.mcp.oauth.OAuthSession;
import dev.sightline.mcp.oauth.TokenSet;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportException;
import io.modelcontextprotocol.spec.McpTransportSessionNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The session against real HTTP servers on loopback: a scripted MCP server for the protocol, a
 * bare socket server for connection handling. No timings are asserted; waits are generous.
 */
class StreamableHttpSessionTests {

    private static final SafeHttp HTTP = new SafeHttp(SafeHttp.Options.development());
    private final ScriptedMcpServer server = new ScriptedMcpServer();
    private final McpConnector connector = new McpConnector(HTTP, McpConnector.Limits.standard());

    StreamableHttpSessionTests() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyRequestAfterInitializeCarriesTheSessionTheProtocolVersionAndTheCallersHeaders() throws Exception {
        try (McpSession session = connector.connect(server.url(), null, Map.of("X-Api-Key", "k1"), null)) {
            assertThat(session.offersTools()).isTrue();
            assertThat(session.listTools()).extracting(McpSchema.Tool::name).containsExactly("echo");
            McpSchema.CallToolResult result = session.callTool("echo", Map.of("say", "hi"));
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("called echo");
        }
        List<ScriptedMcpServer.Received> requests = server.requests;
        assertThat(requests).extracting(r -> r.httpMethod() + " " + r.rpcMethod())
                .containsExactly("POST initialize", "POST notifications/initialized", "POST tools/list", "POST tools/call", "DELETE null");
        ScriptedMcpServer.Received initialize = requests.get(0);
        assertThat(initialize.header("Mcp-Session-Id")).isNull();
        assertThat(initialize.message().path("params").path("protocolVersion").asString()).isEqualTo("2025-11-25");
        assertThat(initialize.message().path("params").path("clientInfo").path("name").asString()).isEqualTo("sightline");
        for (ScriptedMcpServer.Received later : requests.subList(1, requests.size())) {
            assertThat(later.header("Mcp-Session-Id")).isEqualTo("session-1");
            assertThat(later.header("MCP-Protocol-Version")).isEqualTo("2025-11-25");
        }
        for (ScriptedMcpServer.Received request : requests) {
            assertThat(request.header("X-Api-Key")).isEqualTo("k1");
        }
        assertThat(requests.get(3).header("Accept")).contains("application/json").contains("text/event-stream");
        assertThat(requests.get(3).message().path("params").path("arguments").path("say").asString()).isEqualTo("hi");
    }

    @Test
    void aToolListThatNeverEndsIsCutShortWithASentence() throws Exception {
        // A new cursor on every page: the listing stops at its page limit instead of reading until memory runs out.
        java.util.concurrent.atomic.AtomicInteger pages = new java.util.concurrent.atomic.AtomicInteger();
        server.on("tools/list", (exchange, message) -> ScriptedMcpServer.json(exchange, """
                {"jsonrpc":"2.0","id":%s,"result":{"tools":[{"name":"echo-%d","inputSchema":{"type":"object"}}],"nextCursor":"c%d"}}"""
                .formatted(message.get("id"), pages.get(), pages.incrementAndGet())));
        try (McpSession session = connector.connect(server.url(), null, Map.of(), null)) {
            assertThatThrownBy(session::listTools).isInstanceOf(io.modelcontextprotocol.spec.McpTransportException.class)
                    .hasMessageContaining("did not end within " + StreamableHttpSession.MAX_TOOL_PAGES + " pages");
        }
        assertThat(pages.get()).isEqualTo(StreamableHttpSession.MAX_TOOL_PAGES);
    }

    @Test
    void aFloodOfToolListChangesIsReadOneListingAtATime() throws Exception {
        // Fifty list_changed in one burst while the first re-read is held: never two listings at once, and one more after it.
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger listings = new java.util.concurrent.atomic.AtomicInteger();
        server.on("tools/list", (exchange, message) -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            listings.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            ScriptedMcpServer.json(exchange, """
                    {"jsonrpc":"2.0","id":%s,"result":{"tools":[{"name":"echo","inputSchema":{"type":"object"}}]}}""".formatted(message.get("id")));
        });
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            burst.append("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n");
        }
        server.on("tools/call", (exchange, message) -> events(exchange).raw(burst.toString()).send(response(message, textResult("done"))));
        CountDownLatch heardTwice = new CountDownLatch(2);
        try (McpSession session = connector.connect(server.url(), null, Map.of(), null, tools -> heardTwice.countDown())) {
            session.callTool("echo", Map.of());
            release.countDown();
            assertThat(heardTwice.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
        }
        assertThat(most.get()).isEqualTo(1);
        assertThat(listings.get()).isEqualTo(2);
    }

    @Test
    void anHttpErrorCarryingTheServersErrorIsSaidInItsWordsAndKeepsTheSession() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean(true);
        server.on("tools/call", (exchange, message) -> {
            if (refuse.getAndSet(false)) {
                byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"error\":{\"code\":-32602,\"message\":\"Unknown argument: colour\"}}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(400, body.length);
                exchange.getResponseBody().write(body);
            } else {
                ScriptedMcpServer.json(exchange, response(message, textResult("called")));
            }
        });
        try (McpSession session = connector.connect(server.url(), null, Map.of(), null)) {
            assertThatThrownBy(() -> session.callTool("echo", Map.of("colour", "red"))).isInstanceOf(McpError.class)
                    .hasMessageContaining("Unknown argument: colour");
            assertThat(((McpSchema.TextContent) session.callTool("echo", Map.of()).content().get(0)).text()).isEqualTo("called");
        }
        assertThat(server.calls("initialize")).as("the session was kept").hasSize(1);
    }

    @Test
    void anOlderProtocolVersionIsAcceptedAndAnUnknownOneRefused() throws Exception {
        server.protocolVersion("2025-03-26");
        try (McpSession session = connector.connect(server.url(), null, Map.of(), null)) {
            session.callTool("echo", Map.of());
        }
        assertThat(server.calls("tools/call").get(0).header("MCP-Protocol-Version")).isEqualTo("2025-03-26");

        server.protocolVersion("2024-01-01");
        assertThatThrownBy(() -> connector.connect(server.url(), null, Map.of(), null))
                .isInstanceOf(McpError.class).hasMessageContaining("Unsupported protocol version");
    }

    @Test
    void inAnEventStreamTheServersRequestsAreAnsweredAndAChangedToolListIsReadAgain() throws Exception {
        AtomicReference<List<McpSchema.Tool>> changed = new AtomicReference<>();
        CountDownLatch heard = new CountDownLatch(1);
        server.on("tools/call", (exchange, message) -> events(exchange)
                .send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":1,\"progress\":1}}")
                .send("{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"method\":\"ping\"}")
                .send("""
                        {"jsonrpc":"2.0","id":7,"method":"elicitation/create","params":{"message":"Which?","requestedSchema":
                        {"type":"object","properties":{"color":{"type":"string","default":"blue"}}}}}""".replace("\n", ""))
                .send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}")
                .send(response(message, textResult("done"))));
        try (McpSession session = connector.connect(server.url(), null, Map.of(), McpConnector::acceptDefaults, tools -> {
            changed.set(tools);
            heard.countDown();
        })) {
            McpSchema.CallToolResult result = session.callTool("echo", Map.of());
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("done");
            assertThat(heard.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(changed.get()).extracting(McpSchema.Tool::name).containsExactly("echo");
        assertThat(server.requests.get(0).message().path("params").path("capabilities").has("elicitation")).isTrue();
        List<ScriptedMcpServer.Received> answers = server.answers();
        JsonNode ping = answers.stream().map(ScriptedMcpServer.Received::message).filter(m -> m.path("id").isString()).findFirst().orElseThrow();
        assertThat(ping.path("id").asString()).isEqualTo("s1");
        assertThat(ping.path("result").isObject()).isTrue();
        JsonNode elicited = answers.stream().map(ScriptedMcpServer.Received::message).filter(m -> m.path("id").isNumber()).findFirst().orElseThrow();
        assertThat(elicited.path("id").asInt()).isEqualTo(7);
        assertThat(elicited.path("result").path("action").asString()).isEqualTo("accept");
        assertThat(elicited.path("result").path("content").path("color").asString()).isEqualTo("blue");
        assertThat(answers).allSatisfy(a -> assertThat(a.header("Mcp-Session-Id")).isEqualTo("session-1"));
    }

    @Test
    void withoutAnElicitationHandlerTheServerIsToldNo() throws Exception {
        server.on("tools/call", (exchange, message) -> events(exchange)
                .send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"elicitation/create\",\"params\":{\"message\":\"?\",\"requestedSchema\":{}}}")
                .send(response(message, textResult("done"))));
        try (McpSession session = connector.connect(server.url(), null, Map.of(), null)) {
            session.callTool("echo", Map.of());
        }
        assertThat(server.requests.get(0).message().path("params").path("capabilities").has("elicitation")).isFalse();
        assertThat(server.answers().get(0).message().path("error").path("code").asInt()).isEqualTo(-32601);
    }

    /** MCP 2026-07-28: list results say how long they may be kept; anything but a whole number of 0 or more costs only the hint. */
    @Test
    void aToolListingsTimeToLiveIsReadAndAMalformedOneIgnored() throws Exception {
        try (McpSession session = connector.connect(server.url(), null, Map.of(), null)) {
            session.listTools();
            assertThat(session.toolsTtl()).as("a server that says nothing").isEmpty();

            for (String ttl : List.of("5000", "0")) {
                server.on("tools/list", (exchange, message) -> json(exchange, """
                        {"jsonrpc":"2.0","id":%s,"result":{"tools":[{"name":"echo","inputSchema":{"type":"object"}}],"ttlMs":%s}}"""
                        .formatted(message.get("id"), ttl)));
                assertThat(session.listTools()).extracting(McpSchema.Tool::name).containsExactly("echo");
                assertThat(session.toolsTtl()).contains(java.time.Duration.ofMillis(Long.parseLong(ttl)));
            }

            for (String malformed : List.of("\"soon\"", "2.5", "{}", "null", "-3", "99999999999999999999999")) {
                server.on("tools/list", (exchange, message) -> json(exchange, """
                        {"jsonrpc":"2.0","id":%s,"result":{"tools":[{"name":"echo","inputSchema":{"type":"object"}}],"ttlMs":%s}}"""
                        .formatted(message.get("id"), malformed)));
                assertThat(session.listTools()).as(malformed).extracting(McpSchema.Tool::name).containsExactly("echo");
                assertThat(session.toolsTtl()).as(malformed).isEmpty();
            }
        }
    }

    @Test
    void aJsonRpcErrorIsThrownAsTheServerSaidIt() throws Exception {
        server.on("tools/call", (exchange, message) -> json(exchange,
                "{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"error\":{\"code\":-32602,\"message\":\"Unknown tool: nope\"}}"));
        try (McpSession session = connector.connect(server.url(), null, Map.of(), null)) {
            assertThatThrownBy(() -> session.callTool("nope", Map.of())).isInstanceOfSatisfying(McpError.class,
                    e -> assertThat(e.getJsonRpcError().message()).isEqualTo("Unknown tool: nope"));
        }
    }

    @Test
    void anHttpErrorNamesItsStatus() throws Exception {
        server.on("tools/call", (exchange, message) -> status(exchange, 503));
        try (McpSession session = connector.connect(server.url(), null, Map.of(), null)) {
            assertThatThrownBy(() -> session.callTool("echo", Map.of())).isInstanceOf(McpTransportException.class)
                    .hasMessageContaining("Status code: 503");
        }
    }

    @Test
    void aSessionTheServerNoLongerKnowsFailsTheCallAndTheNextCallStartsANewOne() throws Exception {
        server.on("tools/call", (exchange, message) -> {
            if (exchange.getRequestHeaders().getFirst("Mcp-Session-Id").equals("session-1")) {
                status(exchange, 404);
            } else {
                json(exchange, response(message, textResult("fresh")));
            }
        });
        try (McpSession session = connector.connect(server.url(), null, Map.of(), null)) {
            assertThatThrownBy(() -> session.callTool("echo", Map.of())).isInstanceOf(McpTransportSessionNotFoundException.class);
            McpSchema.CallToolResult result = session.callTool("echo", Map.of());
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("fresh");
        }
        assertThat(server.calls("initialize")).hasSize(2);
        assertThat(server.calls("notifications/initialized")).hasSize(2);
        assertThat(server.requests.get(server.requests.size() - 1).header("Mcp-Session-Id")).isEqualTo("session-2");
    }

    @Test
    void aStreamThatEndsBeforeItsAnswerIsResumedWithTheLastEventId() throws Exception {
        server.on("tools/call", (exchange, message) -> events(exchange).raw("id: ev-1\nretry: 100\ndata:\n\n"));
        server.onGet((exchange, message) -> {
            String id = server.calls("tools/call").get(0).message().get("id").toString();
            events(exchange).send("ev-2", "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"resumed\"}]}}");
        });
        try (McpSession session = connector.connect(server.url(), null, Map.of(), null)) {
            McpSchema.CallToolResult result = session.callTool("echo", Map.of());
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("resumed");
        }
        ScriptedMcpServer.Received get = server.requests.stream().filter(r -> r.httpMethod().equals("GET")).findFirst().orElseThrow();
        assertThat(get.header("Last-Event-ID")).isEqualTo("ev-1");
        assertThat(get.header("Mcp-Session-Id")).isEqualTo("session-1");
        assertThat(get.header("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void anAnswerOverTheSizeLimitIsNotReadAndATooLargeToolAnswerBecomesAToolError() throws Exception {
        McpConnector small = new McpConnector(HTTP, new McpConnector.Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), 4096));
        String big = "x".repeat(10_000);
        server.on("tools/call", (exchange, message) -> {
            if (message.path("params").path("name").asString().equals("json")) {
                json(exchange, response(message, textResult(big)));
            } else {
                events(exchange).send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"small\"}}")
                        .send(response(message, textResult(big)));
            }
        });
        server.on("tools/list", (exchange, message) -> events(exchange).send(response(message, textResult(big))));
        try (McpSession session = small.connect(server.url(), null, Map.of(), null)) {
            for (String tool : List.of("json", "events-big")) {
                McpSchema.CallToolResult result = session.callTool(tool.equals("json") ? "json" : "big", Map.of());
                assertThat(result.isError()).isTrue();
                assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("The tool's answer is larger than 4 KB, so it was not read.");
            }
            assertThatThrownBy(session::listTools).isInstanceOf(McpError.class).hasMessageContaining("larger than 4 KB");
        }
    }

    @Test
    void aRefusedTokenIsRefreshedOnceAndTheRequestSentAgain() throws Exception {
        MemoryStore store = new MemoryStore();
        String issuer = McpAuthorization.defaultEndpoints(server.url()).getIssuer().getValue();
        store.saveRegistration(new ClientRegistration(issuer, "client-1", null, "none", "http://127.0.0.1:9/callback"));
        store.saveTokens(new TokenSet("old", "refresh-1", Instant.now().plusSeconds(600), null));
        AtomicInteger refreshes = new AtomicInteger();
        server.on("tools/call", (exchange, message) -> {
            if ("Bearer new".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                json(exchange, response(message, textResult("authorized")));
            } else {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                status(exchange, 401);
            }
        });
        // No metadata anywhere: the authorization server is the MCP server's origin, its token endpoint /token.
        server.route("/token", (exchange, message) -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(form).contains("grant_type=refresh_token").contains("refresh_token=refresh-1");
            refreshes.incrementAndGet();
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            json(exchange, "{\"access_token\":\"new\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"refresh-2\"}");
        });
        OAuthSession oauth = new OAuthSession(new McpAuthorization(HTTP), server.url(), store,
                new McpAuthorization.ClientIdentity("test", "http://127.0.0.1:9/callback", null),
                new OAuthSession.Credentials.AuthorizationCode(Optional.empty()), pending -> {
                    throw new OAuthException("access_denied", "no person here");
                });
        try (McpSession session = connector.connect(server.url(), oauth, Map.of(), null)) {
            McpSchema.CallToolResult result = session.callTool("echo", Map.of());
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("authorized");
        }
        assertThat(refreshes).hasValue(1);
        assertThat(server.calls("tools/call")).extracting(r -> r.header("Authorization")).containsExactly("Bearer old", "Bearer new");
        assertThat(store.tokens().orElseThrow().accessToken()).isEqualTo("new");
    }

    @Test
    void urlsThatSafeHttpRefusesAreNeverConnected() {
        McpConnector production = new McpConnector(new SafeHttp(SafeHttp.Options.production()), McpConnector.Limits.standard());
        assertThatThrownBy(() -> production.connect(server.url(), null, Map.of(), null)).isInstanceOf(UnsafeUrlException.class);
        assertThatThrownBy(() -> connector.connect(URI.create("http://10.0.0.1/mcp"), null, Map.of(), null)).isInstanceOf(UnsafeUrlException.class);
        assertThat(server.requests).isEmpty();
    }

    @Test
    void allSessionsOfAConnectorShareOneHttpClient() throws Exception {
        long before = selectorThreads();
        McpConnector shared = new McpConnector(HTTP, McpConnector.Limits.standard());
        List<McpSession> sessions = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                McpSession session = shared.connect(server.url(), null, Map.of(), null);
                sessions.add(session);
                session.callTool("echo", Map.of());
            }
            assertThat(selectorThreads()).isLessThanOrEqualTo(before + 1);
        } finally {
            sessions.forEach(McpSession::close);
        }
    }

    @Test
    void aToolListChangeOnTheStandaloneStreamReachesTheListener() throws Exception {
        server.capabilities("{\"tools\":{\"listChanged\":true}}");
        CountDownLatch release = new CountDownLatch(1);
        server.onGet((exchange, message) -> {
            events(exchange).raw(": open\n\n").send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CountDownLatch heard = new CountDownLatch(1);
        try (McpSession session = connector.connect(server.url(), null, Map.of(), null, tools -> heard.countDown())) {
            assertThat(heard.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
        }
        assertThat(server.requests).anySatisfy(r -> assertThat(r.httpMethod() + r.header("Mcp-Session-Id")).isEqualTo("GETsession-1"));
    }

    @Test
    void aCallThatOutlivesItsTimeFailsWithATimeout() throws Exception {
        McpConnector impatient = new McpConnector(HTTP, new McpConnector.Limits(Duration.ofSeconds(10), Duration.ofSeconds(1), 1 << 20));
        CountDownLatch release = new CountDownLatch(1);
        server.on("tools/call", (exchange, message) -> {
            events(exchange).raw(": working\n\n");
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (McpSession session = impatient.connect(server.url(), null, Map.of(), null)) {
            assertThatThrownBy(() -> session.callTool("echo", Map.of())).isInstanceOf(McpTransportException.class)
                    .hasRootCauseInstanceOf(IOException.class).satisfies(e -> assertThat(causes(e)).anyMatch(TimeoutException.class::isInstance));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aServerThatAsksAndNeverTakesTheAnswerCannotHoldACallPastItsTime() throws Exception {
        // Twenty pings on the call's stream, and the server never takes an answer: each answer is sent within the call's own
        // time, so the first one waits out the call and the rest are not sent (each had its own 1 s before, 20 s in all).
        McpConnector impatient = new McpConnector(HTTP, new McpConnector.Limits(Duration.ofSeconds(10), Duration.ofSeconds(1), 1 << 20));
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger answers = new java.util.concurrent.atomic.AtomicInteger();
        server.onAnswer((exchange, message) -> {
            answers.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.on("tools/call", (exchange, message) -> {
            // In one write, so they arrive in one read, as a burst would.
            StringBuilder pings = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                pings.append("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":\"p").append(i).append("\",\"method\":\"ping\"}\n\n");
            }
            events(exchange).raw(pings.toString());
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (McpSession session = impatient.connect(server.url(), null, Map.of(), null)) {
            assertThatThrownBy(() -> session.callTool("echo", Map.of())).isInstanceOf(McpTransportException.class);
            assertThat(answers.get()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void closingTheSessionEndsACallInFlight() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.on("tools/call", (exchange, message) -> {
            events(exchange).raw(": working\n\n");
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        McpSession session = connector.connect(server.url(), null, Map.of(), null);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                session.callTool("echo", Map.of());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        caller.start();
        try {
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            // The call may still be between the headers and its body (ResponseStreamTests): one close ends it all the same.
            session.close();
            caller.join(30_000);
            assertThat(caller.isAlive()).as("the call still waits after the session closed").isFalse();
        } finally {
            release.countDown();
        }
        assertThat(failure.get()).hasMessageContaining("session with server terminated");
        assertThat(server.requests).anySatisfy(r -> assertThat(r.httpMethod()).isEqualTo("DELETE"));
    }

    /**
     * Tomcat closes a connection after its 100th request, while the MCP Java SDK's server answers
     * "Connection: keep-alive" before Tomcat's "Connection: close": the JDK client reads the first
     * and puts the connection back in its pool, and the next request finds it closed.
     */
    @Test
    void aRequestThatMeetsAConnectionTheServerClosedIsSentOnceMore() throws Exception {
        try (KeepAliveLiar liar = new KeepAliveLiar()) {
            try (McpSession session = connector.connect(liar.url(), null, Map.of(), null)) {
                for (int i = 0; i < 5; i++) {
                    McpSchema.CallToolResult result = session.callTool("echo", Map.of());
                    assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("ok");
                }
            }
            assertThat(liar.connections.get()).isGreaterThan(3);
        }
    }

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().endsWith("SelectorManager")).count();
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }

    /**
     * A bare HTTP/1.1 server that answers MCP as plain JSON, says "Connection: keep-alive" and then
     * "Connection: close" on every answer, and closes the connection after it.
     */
    private static final class KeepAliveLiar implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread acceptor = new Thread(this::serve, "keep-alive-liar");

        KeepAliveLiar() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/mcp");
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    connections.incrementAndGet();
                    answer(client.getInputStream(), client.getOutputStream());
                } catch (IOException e) {
                    // The next connection, or closed.
                }
            }
        }

        private static void answer(InputStream in, OutputStream out) throws IOException {
            int length = 0;
            String method = null;
            for (String line; !(line = readLine(in)).isEmpty(); ) {
                if (method == null) {
                    method = line.split(" ")[0];
                } else if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            JsonNode message = body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
            String answer;
            if (!"POST".equals(method) || !message.has("id")) {
                answer = null;
            } else if ("initialize".equals(message.path("method").asString())) {
                answer = response(message, JSON.readTree("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"liar\",\"version\":\"1\"}}"));
            } else {
                answer = response(message, textResult("ok"));
            }
            byte[] bytes = answer == null ? new byte[0] : answer.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + (answer == null ? "202 Accepted" : "200 OK") + "\r\nConnection: keep-alive\r\n"
                    + (answer == null ? "" : "Content-Type: application/json\r\n") + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
