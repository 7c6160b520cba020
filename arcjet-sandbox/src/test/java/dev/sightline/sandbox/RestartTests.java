package dev.sightline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authorization server keeps its clients and tokens in the data directory. A sandbox started
 * again on the same directory (and port, like the demo's) honours what the previous one issued;
 * one started on an empty directory has forgotten every client, which is how a client meets an
 * authorization server that lost its registration; an unreadable file is set aside, not fatal.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartTests {

    static final String STATE_FILE = "authorization-server.json";

    @TempDir
    Path temp;

    @Test
    void aSandboxStartedAgainOnTheSameDataDirectoryHonoursItsClientsAndTokens() throws Exception {
        Path dataDir = temp.resolve("sandbox");
        SandboxPeer.Tokens kept;
        SandboxPeer.Tokens replayed;
        SandboxPeer.Tokens rotated;
        String confidentialId;
        String secret;
        int port;
        try (ConfigurableApplicationContext first = start(dataDir, 0, null)) {
            port = port(first);
            SandboxPeer peer = new SandboxPeer(port);
            kept = peer.signIn("alice@example.com", "analytics:read");
            replayed = peer.signIn("alice@example.com", "analytics:read");
            rotated = peer.tokens(peer.refresh(replayed.clientId(), replayed.refreshToken()), replayed.clientId());
            JsonNode registration = peer.json(peer.postJson("/oauth/register", """
                    {"client_name":"Confidential","redirect_uris":["%s"]}""".formatted(SandboxPeer.REDIRECT_URI), null));
            confidentialId = registration.path("client_id").asString();
            secret = registration.path("client_secret").asString();
        }

        // Only hashes on disk, readable by the owner alone.
        String saved = Files.readString(dataDir.resolve(STATE_FILE));
        assertThat(saved).contains(kept.clientId(), confidentialId, sha256(kept.refreshToken()))
                .doesNotContain(kept.accessToken(), kept.refreshToken(), rotated.refreshToken(), secret);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(STATE_FILE)))).isEqualTo("rw-------");
        }

        try (ConfigurableApplicationContext second = start(dataDir, port, null)) {
            SandboxPeer peer = new SandboxPeer(port);
            McpSyncClient mcp = peer.mcp(kept.accessToken());
            assertThat(SandboxPeer.call(mcp, "list-teams", Map.of()).path("teams").get(0).path("name").asString()).isEqualTo("Acme");
            mcp.close();
            SandboxPeer.Tokens renewed = peer.tokens(peer.refresh(kept.clientId(), kept.refreshToken()), kept.clientId());
            assertThat(peer.postJson("/mcp", initialize(), renewed.accessToken()).statusCode()).isEqualTo(200);

            // Rotation is remembered too: replaying a refresh token rotated before the restart revokes its family.
            assertThat(peer.json(peer.refresh(replayed.clientId(), replayed.refreshToken())).path("error").asString()).isEqualTo("invalid_grant");
            assertThat(peer.json(peer.refresh(rotated.clientId(), rotated.refreshToken())).path("error").asString()).isEqualTo("invalid_grant");

            // The confidential client is still registered, and its secret still checked.
            SandboxPeer.Authorization authorization = peer.authorize(confidentialId, "alice@example.com", "analytics:read", true);
            Map<String, String> form = Map.of("grant_type", "authorization_code", "code", SandboxPeer.query(authorization.redirect()).get("code"),
                    "redirect_uri", SandboxPeer.REDIRECT_URI, "code_verifier", authorization.verifier());
            assertThat(peer.postForm("/oauth/token", form, basic(confidentialId, "wrong")).statusCode()).isEqualTo(401);
            assertThat(peer.postForm("/oauth/token", form, basic(confidentialId, secret)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aSandboxStartedOnAnEmptyDataDirectoryHasForgottenTheClient() throws Exception {
        SandboxPeer.Tokens tokens;
        int port;
        try (ConfigurableApplicationContext first = start(temp.resolve("before"), 0, null)) {
            port = port(first);
            tokens = new SandboxPeer(port).signIn("alice@example.com", "analytics:read");
        }
        try (ConfigurableApplicationContext forgetful = start(temp.resolve("empty"), port, null)) {
            SandboxPeer peer = new SandboxPeer(port);
            HttpResponse<String> refresh = peer.refresh(tokens.clientId(), tokens.refreshToken());
            assertThat(refresh.statusCode()).isEqualTo(401);
            assertThat(peer.json(refresh).path("error").asString()).isEqualTo("invalid_client");
            assertThat(peer.json(refresh).path("error_description").asString()).contains("Register the client again");

            var authorization = new SandboxPeer.Authorization(tokens.clientId(), "state", "v".repeat(43), URI.create(SandboxPeer.REDIRECT_URI));
            HttpResponse<String> exchange = peer.exchange(authorization, "a-code-from-before", authorization.verifier(), peer.base() + "/mcp");
            assertThat(exchange.statusCode()).isEqualTo(401);
            assertThat(peer.json(exchange).path("error").asString()).isEqualTo("invalid_client");

            // The person sees why, and nothing is sent to the redirect URI the server no longer knows.
            HttpResponse<String> page = peer.get("/oauth/authorize?response_type=code&client_id=" + tokens.clientId()
                    + "&redirect_uri=" + SandboxPeer.REDIRECT_URI + "&code_challenge=" + SandboxPeer.challenge("v".repeat(43))
                    + "&code_challenge_method=S256&state=s");
            assertThat(page.statusCode()).isEqualTo(400);
            assertThat(page.headers().firstValue("Location")).isEmpty();
            assertThat(page.body()).contains("Unknown application");

            HttpResponse<String> mcp = peer.postJson("/mcp", initialize(), tokens.accessToken());
            assertThat(mcp.statusCode()).isEqualTo(401);
            assertThat(mcp.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        }
    }

    @Test
    void anUnreadableStateFileIsSetAsideAndTheSandboxStartsEmpty(CapturedOutput output) throws Exception {
        Path dataDir = temp.resolve("sandbox");
        Files.createDirectories(dataDir);
        String damaged = "{\"format\": 1, \"clients\": {\"dcr_cut\": {\"authMethod\": \"no";
        Files.writeString(dataDir.resolve(STATE_FILE), damaged);
        try (ConfigurableApplicationContext sandbox = start(dataDir, 0, null)) {
            assertThat(output).contains("cannot be read").contains(STATE_FILE + ".corrupt").contains("Starting with no clients or tokens");
            assertThat(dataDir.resolve(STATE_FILE + ".corrupt")).hasContent(damaged);

            SandboxPeer.Tokens tokens = new SandboxPeer(port(sandbox)).signIn("alice@example.com", "analytics:read");
            JsonNode saved = JsonMapper.shared().readTree(Files.readString(dataDir.resolve(STATE_FILE)));
            assertThat(saved.path("clients").propertyNames()).containsExactly(tokens.clientId());
        }
    }

    @Test
    void lifetimesRunOnWhileTheSandboxIsDown() throws Exception {
        // A state file as a previous run left it: one token still valid, one that expired while the sandbox was down.
        Path dataDir = temp.resolve("sandbox");
        Files.createDirectories(dataDir);
        String resource = "http://sandbox.test/mcp";
        Instant later = Instant.now().plus(1, ChronoUnit.DAYS);
        Instant earlier = Instant.now().minus(1, ChronoUnit.DAYS);
        String grant = """
                {"email": "alice@example.com", "clientId": "dcr_saved", "scopes": ["analytics:read"], "resource": "%s", "family": "%s"}""";
        Files.writeString(dataDir.resolve(STATE_FILE), """
                {"format": 1,
                 "clients": {"dcr_saved": {"secretSha256": null, "authMethod": "none", "redirectUris": ["%s"], "name": "Saved",
                                           "registeredAt": "2026-11-01T00:00:00Z"}},
                 "grants": {
                   "authorizationCodes": {},
                   "accessTokens": {"%s": {"grant": %s, "expiresAt": "%s"},
                                    "%s": {"grant": %s, "expiresAt": "%s"}},
                   "refreshTokens": {"%s": {"grant": %s, "expiresAt": "%s", "rotated": false}},
                   "revokedFamilies": {}}}
                """.formatted(SandboxPeer.REDIRECT_URI,
                sha256("live-access"), grant.formatted(resource, "f1"), later,
                sha256("expired-access"), grant.formatted(resource, "f2"), earlier,
                sha256("expired-refresh"), grant.formatted(resource, "f2"), earlier));
        try (ConfigurableApplicationContext sandbox = start(dataDir, 0, "http://sandbox.test")) {
            SandboxPeer peer = new SandboxPeer(port(sandbox));
            assertThat(peer.postJson("/mcp", initialize(), "live-access").statusCode()).isEqualTo(200);
            assertThat(peer.postJson("/mcp", initialize(), "expired-access").statusCode()).isEqualTo(401);
            HttpResponse<String> refresh = peer.postForm("/oauth/token", Map.of("grant_type", "refresh_token", "refresh_token", "expired-refresh",
                    "client_id", "dcr_saved"), null);
            assertThat(peer.json(refresh).path("error").asString()).isEqualTo("invalid_grant");
        }
    }

    /** A sandbox of its own, small, with tokens that outlive any stop and start in these tests. */
    private static ConfigurableApplicationContext start(Path dataDir, int port, String publicUrl) {
        return new SpringApplication(SandboxApplication.class).run("--server.port=" + port, "--sandbox.data-dir=" + dataDir,
                "--sandbox.public-url=" + (publicUrl == null ? "" : publicUrl), "--sandbox.now=" + SandboxTest.NOW,
                "--sandbox.requests-per-site=2000", "--sandbox.business-data-dir=target/test-business", "--sandbox.access-token-ttl=1h",
                "--logging.level.root=WARN");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static String basic(String clientId, String secret) {
        return Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes());
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String initialize() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    }
}
