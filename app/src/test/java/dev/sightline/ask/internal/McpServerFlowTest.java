package dev.sightline.ask.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sightline.testing.SightlineApi;
import dev.sightline.testing.SignedInPages;
import dev.sightline.testing.TestMcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Questions to MCP servers that misbehave on purpose ({@link TestMcpServer}), each connected as a
 * custom MCP server without authorization. A call has 15 s (a healthy call on a busy machine
 * needs far less; a hanging one always times out), a source queues 2 calls beyond the 4 it runs,
 * and a source paused after timeouts is probed again after 30 s on the application's clock,
 * which the tests move forward instead of waiting. The subclasses share one app.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:mcp-server-flows;DB_CLOSE_DELAY=-1",
        "sightline.allow-loopback-http=true",
        "sightline.bootstrap.admin-email=" + McpServerFlowTest.EMAIL,
        "sightline.bootstrap.admin-password=" + McpServerFlowTest.PASSWORD,
        "sightline.bootstrap.api-token=" + McpServerFlowTest.TOKEN,
        "sightline.ask.call-timeout=15s",
        "sightline.ask.queue-per-source=2",
        "sightline.ask.pause-after-timeouts=30s"})
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Import(McpServerFlowTest.MovableClock.class)
abstract class McpServerFlowTest {

    /** The wall clock plus whatever the test moved it forward by. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

        void moveForward(Duration by) {
            ahead.accumulateAndGet(by, Duration::plus);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("Only UTC");
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead.get());
        }
    }

    @Autowired
    MovableClock clock;

    static final String EMAIL = "owner@example.com";
    static final String PASSWORD = "owner-password-123";
    static final String TOKEN = "flow-token-0123456789abcdefghijkl";

    @LocalServerPort
    int port;

    SightlineApi api;
    SignedInPages pages;
    private final List<TestMcpServer> servers = new ArrayList<>();

    @BeforeAll
    void signIn() throws Exception {
        api = new SightlineApi(port, TOKEN);
        pages = new SignedInPages(port, EMAIL, PASSWORD);
    }

    @AfterAll
    void stopServers() {
        servers.forEach(TestMcpServer::close);
    }

    /** A new server with one tool, closed after the class. */
    TestMcpServer server(String tool, String description, TestMcpServer.Reply reply) {
        TestMcpServer server = TestMcpServer.start().tool(tool, description, reply);
        servers.add(server);
        return server;
    }

    long connect(TestMcpServer server, String name) throws Exception {
        return pages.connectWithoutAuth(server.url(), name);
    }

    /** Asks about one source, bypassing the cache of recent identical calls. */
    JsonNode ask(long dataSourceId, String question) throws Exception {
        return api.json("POST", "/api/analyses", JsonMapper.shared().writeValueAsString(
                Map.of("question", question, "dataSourceIds", List.of(dataSourceId), "fresh", true)));
    }
}
