package dev.sightline.source.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.sightline.sandbox.world.SandboxWorld;
import dev.sightline.testing.SandboxClock;
import dev.sightline.testing.RawHttp;
import dev.sightline.testing.SandboxProcess;
import dev.sightline.testing.SignedInPages;
import dev.sightline.testing.VendorBrowser;
import dev.sightline.vault.CredentialVault;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connecting the real Arcjet sandbox (a separate process, over HTTP) through the JSON API: the
 * OAuth flow signed in as alice, the catalog and the policy's verdicts, encrypted storage,
 * refresh and rotation, a revoked refresh token, call-time refusal, isolation between users,
 * denial and expiry, disconnect.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:connect-flow;DB_CLOSE_DELAY=-1",
        "sightline.allow-loopback-http=true",
        "sightline.bootstrap.admin-email=owner@example.com",
        "sightline.bootstrap.admin-password=owner-password-123",
        "sightline.bootstrap.api-token=" + ConnectFlowTests.OWNER_TOKEN})
@ActiveProfiles("test")
@Import(SandboxClock.class)
@ExtendWith(OutputCaptureExtension.class)
class ConnectFlowTests {

    static final String OWNER_TOKEN = "owner-token-0123456789abcdefghij";
    static final String OTHER_TOKEN = "other-token-0123456789abcdefghij";
    static final String OTHER_PASSWORD = "other-password-123";

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("sightline.connectors.arcjet-url", () -> SandboxProcess.shared().mcpUrl());
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CredentialVault vault;
    @Autowired
    DataSourceRecords records;
    @Autowired
    DataSourceSessions sessions;
    @Autowired
    Integrations integrations;
    @Autowired
    org.springframework.security.crypto.password.PasswordEncoder passwords;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void anotherUser() throws Exception {
        if (jdbc.sql("SELECT COUNT(*) FROM user_account WHERE email = 'other@example.com'").query(Long.class).single() == 0) {
            long workspace = jdbc.sql("SELECT MIN(id) FROM workspace").query(Long.class).single();
            jdbc.sql("INSERT INTO user_account (workspace_id, email, display_name, password_hash, role, created_at) VALUES (?, 'other@example.com', 'Other', ?, 'MEMBER', ?)")
                    .params(workspace, passwords.encode(OTHER_PASSWORD), OffsetDateTime.now()).update();
            long user = jdbc.sql("SELECT id FROM user_account WHERE email = 'other@example.com'").query(Long.class).single();
            jdbc.sql("INSERT INTO api_token (workspace_id, user_id, name, token_hash, token_hint, created_at) VALUES (?, ?, 'test', ?, 'x', ?)")
                    .params(workspace, user, sha256(OTHER_TOKEN), OffsetDateTime.now()).update();
        }
    }

    @Test
    void connectArcjetUseItAndDisconnect(CapturedOutput output) throws Exception {
        assertThat(api("GET", "/api/connectors", null, OWNER_TOKEN).body()).contains("arcjet", "custom-mcp");

        long id = connect("Arcjet (Acme)");
        JsonNode source = json(api("GET", "/api/datasources/" + id, null, OWNER_TOKEN));
        assertThat(source.path("status").asString()).isEqualTo("CONNECTED");
        assertThat(source.path("site").asString()).isEqualTo(SandboxWorld.ACME_PROD);
        assertThat(source.path("siteName").asString()).isEqualTo(SandboxWorld.ACME_PROD_NAME);
        assertThat(source.path("tools").path("allowed").size()).isEqualTo(15);
        assertThat(source.path("tools").path("blocked").size()).isEqualTo(7);
        assertThat(source.path("tools").path("blocked").findValuesAsString("name")).containsExactlyInAnyOrder("create-site", "get-site-key",
                "create-rule", "update-rule", "delete-rule", "promote-rule", "put-guard-policy");
        assertThat(source.path("tools").path("blocked").findValuesAsString("reason")).allSatisfy(r -> assertThat(r).isNotBlank());

        // Tokens exist only as ciphertext: no column of any table holds them in clear, nor do the logs or the API.
        DataSourceRecord record = records.find(workspace(), owner(), id).orElseThrow();
        String access = vault.open(record.accessToken(), DataSourceSessions.slot(id, "access_token"));
        String refresh = vault.open(record.refreshToken(), DataSourceSessions.slot(id, "refresh_token"));
        assertThat(access).hasSizeGreaterThan(20);
        assertNowhereInClear(access, refresh);
        assertThat(api("GET", "/api/datasources", null, OWNER_TOKEN).body()).doesNotContain(access, refresh);
        assertThat(output.getAll()).doesNotContain(access).doesNotContain(refresh);

        // Another user of the workspace can neither see nor use alice's connection.
        assertThat(api("GET", "/api/datasources/" + id, null, OTHER_TOKEN).statusCode()).isEqualTo(404);
        assertThat(json(api("GET", "/api/datasources", null, OTHER_TOKEN)).size()).isZero();
        assertThat(api("POST", "/api/datasources/" + id + "/test", null, OTHER_TOKEN).statusCode()).isEqualTo(404);
        assertThat(api("DELETE", "/api/datasources/" + id, null, OTHER_TOKEN).statusCode()).isEqualTo(404);

        // Write and secret tools are refused before any traffic, and so are arguments outside a tool's schema; read tools go through.
        try (DataSourceSessions.OpenSession session = sessions.open(record)) {
            assertRefused(() -> session.call("create-rule", Map.of("siteId", SandboxWorld.ACME_PROD, "type", "filter", "config", Map.of())), "not allowed");
            assertRefused(() -> session.call("get-site-key", Map.of("siteId", SandboxWorld.ACME_PROD)), "not allowed");
            assertRefused(() -> session.call("not-in-the-catalog", Map.of()), "not allowed");
            assertRefused(() -> session.call("list-rules", Map.of("siteId", SandboxWorld.ACME_PROD, "dropTables", true)), "input schema");
            McpSchema.CallToolResult rules = session.call("list-rules", Map.of("siteId", SandboxWorld.ACME_PROD));
            assertThat(((McpSchema.TextContent) rules.content().get(0)).text()).contains("rule_prod_bot").doesNotContain("rule_101");
        }

        // The access token stops working (revoked at the vendor, as an expiry would) and is refreshed silently; the rotated refresh token is stored.
        revokeAtTheVendor(record.oauthClientId(), access);
        JsonNode tested = json(api("POST", "/api/datasources/" + id + "/test", null, OWNER_TOKEN));
        assertThat(tested.path("status").asString()).isEqualTo("CONNECTED");
        DataSourceRecord refreshed = records.find(workspace(), owner(), id).orElseThrow();
        String rotated = vault.open(refreshed.refreshToken(), DataSourceSessions.slot(id, "refresh_token"));
        assertThat(rotated).isNotEqualTo(refresh);

        // Revoked at the vendor: once the access token lapses, the source asks to re-authenticate.
        revokeAtTheVendor(refreshed.oauthClientId(), rotated);
        JsonNode afterRevoke = json(api("POST", "/api/datasources/" + id + "/test", null, OWNER_TOKEN));
        assertThat(afterRevoke.path("status").asString()).isEqualTo("NEEDS_REAUTH");
        assertThat(afterRevoke.path("message").asString()).contains("Re-authenticate");
        // A question about it stops at the first call with that message and a link to the source.
        JsonNode analysis = json(api("POST", "/api/analyses", "{\"question\":\"How many requests were denied today?\",\"dataSourceIds\":[" + id + "]}", OWNER_TOKEN));
        assertThat(analysis.path("warnings").get(0).path("title").asString()).isEqualTo("Re-authenticate");
        assertThat(analysis.path("warnings").get(0).path("link").asString()).isEqualTo("/sources/" + id);
        assertThat(analysis.path("answer").path("text").asString()).startsWith("I could not get the data");

        assertThat(api("DELETE", "/api/datasources/" + id, null, OWNER_TOKEN).statusCode()).isEqualTo(204);
        assertThat(api("GET", "/api/datasources/" + id, null, OWNER_TOKEN).statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM data_source WHERE id = ?").param(id).query(Long.class).single()).isZero();
    }

    @Test
    void aDenialOrAnExpiredAttemptLeavesNothingBehind() throws Exception {
        JsonNode started = json(api("POST", "/api/connections/authorize", "{\"connector\":\"arcjet\"}", OWNER_TOKEN));
        URI callback = new VendorBrowser().signInAndDecide(URI.create(started.path("authorizationUrl").asString()), "alice@example.com", false);
        HttpResponse<String> page = get(localCallback(callback));
        assertThat(page.body()).contains("Nothing was connected", "Access was not granted");
        assertThat(jdbc.sql("SELECT status FROM pending_connection WHERE id = ?").param(started.path("pendingId").asString()).query(String.class).single())
                .isEqualTo("FAILED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM pending_connection WHERE access_token IS NOT NULL OR refresh_token IS NOT NULL")
                .query(Long.class).single()).isZero();
        HttpResponse<String> finish = api("POST", "/api/datasources", "{\"pendingId\":\"" + started.path("pendingId").asString() + "\",\"name\":\"x\"}", OWNER_TOKEN);
        assertThat(finish.statusCode()).isEqualTo(400);

        JsonNode second = json(api("POST", "/api/connections/authorize", "{\"connector\":\"arcjet\"}", OWNER_TOKEN));
        URI approved = new VendorBrowser().signInAndDecide(URI.create(second.path("authorizationUrl").asString()), "alice@example.com", true);
        jdbc.sql("UPDATE pending_connection SET expires_at = ? WHERE id = ?").params(OffsetDateTime.now().minusMinutes(1), second.path("pendingId").asString()).update();
        assertThat(get(localCallback(approved)).body()).contains("expired");
        // A replayed or forged callback is refused too.
        assertThat(get(localCallback(approved)).body()).contains("Nothing was connected");
        assertThat(get(URI.create("http://localhost:" + port + "/oauth/callback?code=x&state=forged")).body()).contains("unknown or was already used");
    }

    @Test
    void bobSeesOnlyGlobexAndTheOwnerCanBlockMoreButNeverUnblockWrites() throws Exception {
        JsonNode started = json(api("POST", "/api/connections/authorize", "{\"connector\":\"arcjet\"}", OWNER_TOKEN));
        URI callback = new VendorBrowser().signInAndDecide(URI.create(started.path("authorizationUrl").asString()), "bob@example.com", true);
        assertThat(get(localCallback(callback)).body()).contains("Access granted");
        HttpResponse<String> wrongSite = api("POST", "/api/datasources",
                "{\"pendingId\":\"" + started.path("pendingId").asString() + "\",\"name\":\"Globex\",\"site\":\"" + SandboxWorld.ACME_PROD + "\"}", OWNER_TOKEN);
        assertThat(wrongSite.statusCode()).isEqualTo(400);
        // A site is chosen by its id: its name is not one.
        HttpResponse<String> byName = api("POST", "/api/datasources",
                "{\"pendingId\":\"" + started.path("pendingId").asString() + "\",\"name\":\"Globex\",\"site\":\"globex-web\"}", OWNER_TOKEN);
        assertThat(byName.statusCode()).isEqualTo(400);
        String sites = jdbc.sql("SELECT sites FROM pending_connection WHERE id = ?").param(started.path("pendingId").asString()).query(String.class).single();
        assertThat(sites).contains(SandboxWorld.GLOBEX_WEB, "globex-web").doesNotContain(SandboxWorld.ACME_PROD, SandboxWorld.ACME_STAGING, "acme-");
        JsonNode created = json(api("POST", "/api/datasources",
                "{\"pendingId\":\"" + started.path("pendingId").asString() + "\",\"name\":\"Globex\"}", OWNER_TOKEN));
        long id = created.path("id").asLong();
        assertThat(created.path("site").asString()).isEqualTo(SandboxWorld.GLOBEX_WEB);
        assertThat(created.path("siteName").asString()).isEqualTo(SandboxWorld.GLOBEX_WEB_NAME);

        var owner = new dev.sightline.account.SightlineUser(owner(), workspace(), "owner@example.com", "Owner", dev.sightline.account.Role.OWNER, null);
        integrations.setBlocked(owner, id, "analyze-traffic", true);
        JsonNode blocked = json(api("GET", "/api/datasources/" + id, null, OWNER_TOKEN));
        assertThat(blocked.path("tools").path("allowed").size()).isEqualTo(14);
        assertThat(blocked.path("tools").path("blocked").toString()).contains("analyze-traffic", "owner");
        DataSourceRecord record = records.find(workspace(), owner(), id).orElseThrow();
        try (DataSourceSessions.OpenSession session = sessions.open(record)) {
            assertRefused(() -> session.call("analyze-traffic", Map.of("siteId", SandboxWorld.GLOBEX_WEB)), "not allowed");
        }
        integrations.setBlocked(owner, id, "analyze-traffic", false);
        integrations.setBlocked(owner, id, "create-rule", false);
        assertThat(json(api("GET", "/api/datasources/" + id, null, OWNER_TOKEN)).path("tools").path("allowed").size()).isEqualTo(15);

        // Rotating the master key re-seals every stored secret; the connection keeps working.
        String before = records.find(workspace(), owner(), id).orElseThrow().refreshToken();
        HttpResponse<String> rotated = api("POST", "/api/vault/rotate", null, OWNER_TOKEN);
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(api("POST", "/api/vault/rotate", null, OTHER_TOKEN).statusCode()).isEqualTo(403);
        DataSourceRecord resealed = records.find(workspace(), owner(), id).orElseThrow();
        assertThat(resealed.refreshToken()).isNotEqualTo(before);
        assertThat(vault.isStale(resealed.refreshToken())).isFalse();
        // Everything is re-sealed, so the old keys can go; the connection still opens with the one key left.
        assertThat(api("POST", "/api/vault/retire", null, OTHER_TOKEN).statusCode()).isEqualTo(403);
        HttpResponse<String> retired = api("POST", "/api/vault/retire", null, OWNER_TOKEN);
        assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
        assertThat(json(retired).path("keys").asInt()).isEqualTo(1);
        assertThat(json(retired).path("retiredKeys").asInt()).isPositive();
        assertThat(json(api("POST", "/api/datasources/" + id + "/test", null, OWNER_TOKEN)).path("status").asString()).isEqualTo("CONNECTED");
        assertThat(api("DELETE", "/api/datasources/" + id, null, OWNER_TOKEN).statusCode()).isEqualTo(204);
    }

    @Test
    void hostileServerUrlsAreRefusedWithAClearMessage() throws Exception {
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "https://10.0.0.8/mcp", "ftp://example.com/mcp", "not a url", "http://127.0.0.1:1/mcp")) {
            HttpResponse<String> response = api("POST", "/api/connections/authorize", "{\"connector\":\"custom-mcp\",\"url\":\"" + url + "\"}", OWNER_TOKEN);
            assertThat(response.statusCode()).as(url).isEqualTo(400);
            assertThat(json(response).path("message").asString()).as(url).isNotBlank();
        }
    }

    @Test
    void theVendorsRedirectBelongsToTheUserWhoStartedTheFlow() throws Exception {
        // The owner starts; the vendor's redirect is opened in another signed-in user's browser: refused, nothing kept.
        JsonNode started = json(api("POST", "/api/connections/authorize", "{\"connector\":\"arcjet\"}", OWNER_TOKEN));
        URI callback = new VendorBrowser().signInAndDecide(URI.create(started.path("authorizationUrl").asString()), "alice@example.com", true);
        SignedInPages other = new SignedInPages(port, "other@example.com", OTHER_PASSWORD);
        String stolen = other.page(callback.getRawPath() + "?" + callback.getRawQuery());
        assertThat(stolen).contains("Nothing was connected", "started by another Sightline account");
        assertThat(jdbc.sql("SELECT status FROM pending_connection WHERE id = ?").param(started.path("pendingId").asString()).query(String.class).single())
                .isEqualTo("FAILED");
        assertThat(api("POST", "/api/datasources", "{\"pendingId\":\"" + started.path("pendingId").asString() + "\",\"name\":\"x\"}", OWNER_TOKEN)
                .statusCode()).isEqualTo(400);
        assertThat(api("POST", "/api/datasources", "{\"pendingId\":\"" + started.path("pendingId").asString() + "\",\"name\":\"x\"}", OTHER_TOKEN)
                .statusCode()).isEqualTo(400);

        // Without any session the redirect is only held: the other user cannot redeem it, the owner can, and the source is the owner's.
        JsonNode second = json(api("POST", "/api/connections/authorize", "{\"connector\":\"arcjet\"}", OWNER_TOKEN));
        String pendingId = second.path("pendingId").asString();
        URI approved = new VendorBrowser().signInAndDecide(URI.create(second.path("authorizationUrl").asString()), "alice@example.com", true);
        assertThat(get(localCallback(approved)).body()).contains("Access granted", "Finish in Sightline");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM pending_connection WHERE id = ? AND access_token IS NULL AND callback IS NOT NULL")
                .param(pendingId).query(Long.class).single()).isEqualTo(1);
        assertThat(api("POST", "/api/datasources", "{\"pendingId\":\"" + pendingId + "\",\"name\":\"Mine now\"}", OTHER_TOKEN).statusCode())
                .isEqualTo(400);
        // A replay of the same redirect changes nothing.
        assertThat(get(localCallback(approved)).body()).contains("already completed");
        // Finished twice at once (a double click): one source, the other request refused.
        List<HttpResponse<String>> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> clicks = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread click = new Thread(() -> {
                try {
                    go.await();
                    finished.add(api("POST", "/api/datasources", "{\"pendingId\":\"" + pendingId + "\",\"name\":\"Acme\"}", OWNER_TOKEN));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            click.start();
            clicks.add(click);
        }
        go.countDown();
        for (Thread click : clicks) {
            click.join();
        }
        assertThat(finished).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(201, 400);
        HttpResponse<String> created = finished.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM data_source WHERE name = 'Acme' AND user_id = ?").param(owner()).query(Long.class).single()).isEqualTo(1);
        long id = json(created).path("id").asLong();
        assertThat(records.find(workspace(), owner(), id)).isPresent();
        assertThat(json(api("GET", "/api/datasources", null, OTHER_TOKEN)).size()).isZero();
        assertThat(api("DELETE", "/api/datasources/" + id, null, OWNER_TOKEN).statusCode()).isEqualTo(204);
    }

    @Test
    void aForgedHostHeaderNeverBecomesTheRedirectUri() throws Exception {
        // The demo has no SIGHTLINE_BASE_URL: the redirect URI is http://localhost:<port>, whoever asks and however.
        RawHttp.Response started = RawHttp.send(port, "POST", "/api/connections/authorize", Map.of("Host", "evil.example",
                "X-Forwarded-Host", "evil2.example", "Authorization", "Bearer " + OWNER_TOKEN, "Content-Type", "application/json",
                "Accept", "application/json"), "{\"connector\":\"arcjet\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        JsonNode pending = JsonMapper.shared().readTree(started.body());
        URI authorizationUrl = URI.create(pending.path("authorizationUrl").asString());
        String redirectUri = java.net.URLDecoder.decode(authorizationUrl.getRawQuery().replaceAll(".*(?:^|&)redirect_uri=([^&]*).*", "$1"),
                StandardCharsets.UTF_8);
        assertThat(redirectUri).isEqualTo("http://localhost:" + port + "/oauth/callback");
        assertThat(jdbc.sql("SELECT redirect_uri FROM pending_connection WHERE id = ?").param(pending.path("pendingId").asString())
                .query(String.class).single()).isEqualTo(redirectUri);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth_client WHERE redirect_uri LIKE '%evil%'").query(Long.class).single()).isZero();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String why) {
        assertThatThrownBy(call).isInstanceOfSatisfying(dev.sightline.source.DataSources.ToolCallException.class, e -> {
            assertThat(e.kind()).isEqualTo(dev.sightline.source.DataSources.ToolCallException.Kind.REFUSED);
            assertThat(e.getMessage()).contains(why);
        });
    }

    /** RFC 7009 revocation at the sandbox, as Sightline's client for that registration. */
    private void revokeAtTheVendor(long oauthClientId, String token) throws Exception {
        String clientId = jdbc.sql("SELECT client_id FROM oauth_client WHERE id = ?").param(oauthClientId).query(String.class).single();
        String clientSecret = vault.open(jdbc.sql("SELECT client_secret FROM oauth_client WHERE id = ?").param(oauthClientId)
                .query(String.class).single(), OAuthClients.slot(oauthClientId));
        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(SandboxProcess.shared().base() + "/oauth/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).isEqualTo(200);
    }

    private long connect(String name) throws Exception {
        JsonNode started = json(api("POST", "/api/connections/authorize", "{\"connector\":\"arcjet\"}", OWNER_TOKEN));
        URI authorizationUrl = URI.create(started.path("authorizationUrl").asString());
        assertThat(authorizationUrl.getQuery()).contains("code_challenge_method=S256", "resource=");
        URI callback = new VendorBrowser().signInAndDecide(authorizationUrl, "alice@example.com", true);
        assertThat(callback.getQuery()).contains("code=", "state=", "iss=");
        HttpResponse<String> page = get(localCallback(callback));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Access granted");
        HttpResponse<String> created = api("POST", "/api/datasources",
                "{\"pendingId\":\"" + started.path("pendingId").asString() + "\",\"name\":\"" + name + "\"}", OWNER_TOKEN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).path("id").asLong();
    }

    /** The vendor redirects to the redirect URI registered for this app's port. */
    private URI localCallback(URI callback) {
        return URI.create("http://localhost:" + port + callback.getRawPath() + "?" + callback.getRawQuery());
    }

    private void assertNowhereInClear(String... secrets) {
        List<Map<String, Object>> columns = jdbc.sql("""
                SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS
                WHERE TABLE_SCHEMA = 'PUBLIC' AND DATA_TYPE IN ('CHARACTER VARYING', 'CHARACTER', 'CHARACTER LARGE OBJECT')""").query().listOfRows();
        assertThat(columns).isNotEmpty();
        for (Map<String, Object> column : columns) {
            for (String secret : secrets) {
                long hits = jdbc.sql("SELECT COUNT(*) FROM \"" + column.get("TABLE_NAME") + "\" WHERE \"" + column.get("COLUMN_NAME") + "\" LIKE ?")
                        .param("%" + secret + "%").query(Long.class).single();
                assertThat(hits).as("%s.%s holds a token in clear", column.get("TABLE_NAME"), column.get("COLUMN_NAME")).isZero();
            }
        }
    }

    private long workspace() {
        return jdbc.sql("SELECT MIN(id) FROM workspace").query(Long.class).single();
    }

    private long owner() {
        return jdbc.sql("SELECT id FROM user_account WHERE email = 'owner@example.com'").query(Long.class).single();
    }

    private HttpResponse<String> api(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.shared().readTree(response.body());
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
