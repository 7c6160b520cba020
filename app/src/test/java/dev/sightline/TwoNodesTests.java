package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.sightline.jobs.ClusterJobs;
import dev.sightline.testing.SandboxClock;
import dev.sightline.testing.SandboxProcess;
import dev.sightline.testing.SightlineApi;
import dev.sightline.testing.VendorBrowser;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two Sightline nodes on one PostgreSQL, as behind a load balancer: everything a request leaves
 * behind lives in the database, so an OAuth flow started on one node completes on the other, a
 * session made on one is good on the other, both answer the same question the same, and a second
 * person is never served the first one's cached answers. Both nodes hold the same master key, as
 * production gives every node the same SIGHTLINE_MASTER_KEY.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesTests {

    static final String TOKEN = "two-nodes-token-0123456789abcdefgh";
    static final String PASSWORD = "two-nodes-owner-passphrase";

    EmbeddedPostgres postgres;
    ConfigurableApplicationContext first;
    ConfigurableApplicationContext second;

    @BeforeAll
    void startTwoNodes() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        AeadConfig.register();
        String key = TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        first = node(key, null);
        // The second node is reached through the same public address as the first, as behind one proxy.
        second = node(key, "http://localhost:" + port(first));
    }

    private ConfigurableApplicationContext node(String masterKey, String baseUrl) throws Exception {
        // Command-line arguments: they outrank application.yaml, as a node's environment would.
        var arguments = new java.util.ArrayList<>(java.util.List.of(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--sightline.data-dir=" + Files.createTempDirectory("sightline-node"),
                "--sightline.master-key=" + masterKey.replace("\n", ""),
                "--sightline.allow-loopback-http=true",
                "--sightline.connectors.arcjet-url=" + SandboxProcess.shared().mcpUrl(),
                "--sightline.bootstrap.admin-email=owner@example.com",
                "--sightline.bootstrap.admin-password=" + PASSWORD,
                "--sightline.bootstrap.api-token=" + TOKEN));
        if (baseUrl != null) {
            arguments.add("--sightline.base-url=" + baseUrl);
        }
        return new SpringApplicationBuilder(SightlineApplication.class, SandboxClock.class).profiles("test").run(arguments.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    @AfterAll
    void stop() throws Exception {
        for (var node : new ConfigurableApplicationContext[] {second, first}) {
            if (node != null) {
                node.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aDueScheduledJobRunsOnceWhenBothNodesReachForItAtOnce() throws Exception {
        ClusterJobs onFirst = first.getBean(ClusterJobs.class);
        ClusterJobs onSecond = second.getBean(ClusterJobs.class);
        assertThat(onFirst.names()).containsExactlyInAnyOrderElementsOf(onSecond.names()).contains("expired-sessions", "old-sign-in-failures");
        JdbcClient jdbc = first.getBean(JdbcClient.class);
        OffsetDateTime now = OffsetDateTime.ofInstant(SandboxProcess.NOW, ZoneOffset.UTC);
        onFirst.runIfDue("old-sign-in-failures");
        // A failed sign-in count from two hours ago, which the job forgets; and the job made due.
        jdbc.sql("INSERT INTO sign_in_throttle (throttle_key, failures, locked_until, updated_at) VALUES (?, 3, NULL, ?)")
                .params("0".repeat(64), now.minusHours(2)).update();
        jdbc.sql("UPDATE scheduled_job SET next_run_at = ? WHERE name = 'old-sign-in-failures'").params(now.minusMinutes(1)).update();
        long runsBefore = runs(jdbc);

        // Eight threads, four on each node, reach for it at the same moment.
        CyclicBarrier together = new CyclicBarrier(8);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ClusterJobs node = i % 2 == 0 ? onFirst : onSecond;
            claims.add(threads.submit(() -> {
                together.await(60, TimeUnit.SECONDS);
                return node.runIfDue("old-sign-in-failures");
            }));
        }
        int ran = 0;
        for (Future<Boolean> claim : claims) {
            ran += claim.get() ? 1 : 0;
        }
        threads.shutdown();

        // Once in all (a node's own schedule may have been the one), and the work was done.
        assertThat(runs(jdbc) - runsBefore).isEqualTo(1);
        assertThat(ran).isLessThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sign_in_throttle WHERE throttle_key = ?").param("0".repeat(64)).query(Integer.class).single()).isZero();
        assertThat(onSecond.runIfDue("old-sign-in-failures")).as("not due again within its period").isFalse();
    }

    private static long runs(JdbcClient jdbc) {
        return jdbc.sql("SELECT runs FROM scheduled_job WHERE name = 'old-sign-in-failures'").query(Long.class).single();
    }

    @Test
    void aFlowStartedOnOneNodeCompletesOnTheOtherAndBothAnswerAlike() throws Exception {
        SightlineApi onFirst = new SightlineApi(port(first), TOKEN);
        SightlineApi onSecond = new SightlineApi(port(second), TOKEN);

        // Authorize at the vendor from node one; the vendor's redirect lands on node two.
        JsonNode started = onFirst.json("POST", "/api/connections/authorize", "{\"connector\":\"arcjet\"}");
        URI callback = new VendorBrowser().signInAndDecide(URI.create(started.path("authorizationUrl").asString()), "alice@example.com", true);
        var landed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port(second) + callback.getRawPath() + "?" + callback.getRawQuery())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(landed.statusCode()).isLessThan(400);
        long source = onFirst.json("POST", "/api/datasources", "{\"pendingId\":\"" + started.path("pendingId").asString() + "\",\"name\":\"Arcjet\"}")
                .path("id").asLong();
        assertThat(onSecond.json("GET", "/api/datasources/" + source, null).path("status").asString()).isEqualTo("CONNECTED");

        String question = "{\"question\":\"How many requests did we deny for rate limiting this week?\"}";
        JsonNode one = onFirst.json("POST", "/api/analyses", question);
        JsonNode two = onSecond.json("POST", "/api/analyses", question);
        assertThat(one.path("figures").path(0).path("value").asDouble()).isPositive();
        assertThat(two.path("figures").path(0).path("value")).isEqualTo(one.path("figures").path(0).path("value"));
        // An answer stored on one node is read on the other.
        assertThat(onSecond.json("GET", "/api/analyses/" + one.path("id").asString(), null).path("question").asString()).contains("rate limiting");

        // A session made on node one is good on node two (sessions live in the database, the cookie opens with the shared key).
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).followRedirects(HttpClient.Redirect.NEVER).build();
        String login = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(first) + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        var csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).isTrue();
        var signedIn = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(first) + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=owner%40example.com&password=" + PASSWORD + "&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/");
        var page = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(second) + "/sources")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Arcjet");

        // A second person on node two, with no source of their own, is not served the owner's (cached) answer.
        String invitation = onFirst.json("POST", "/api/invitations", "{\"role\":\"member\"}").path("url").asString();
        String joinPath = invitation.substring(invitation.indexOf("/join/"));
        HttpClient other = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).followRedirects(HttpClient.Redirect.NEVER).build();
        String joinPage = other.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(second) + joinPath)).build(), HttpResponse.BodyHandlers.ofString()).body();
        var joinCsrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(joinPage);
        assertThat(joinCsrf.find()).isTrue();
        var joined = other.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(second) + joinPath))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=bea%40example.com&displayName=Bea&password=quiet-harbor-lantern-19&confirmPassword=quiet-harbor-lantern-19&_csrf="
                        + URLEncoder.encode(joinCsrf.group(1), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(joined.headers().firstValue("Location").orElse("")).endsWith("/login?joined");
        String beaToken = new SightlineApi(port(first), TOKEN).json("GET", "/api/members", null).toString().contains("bea@example.com") ? issueTokenFor(other) : null;
        assertThat(beaToken).isNotNull();
        var beaAnswer = new SightlineApi(port(second), beaToken).send("POST", "/api/analyses", question);
        assertThat(beaAnswer.body()).doesNotContain(one.path("id").asString());
        assertThat(beaAnswer.body()).doesNotContain("\"value\":" + one.path("figures").path(0).path("value").asString());
    }

    /** Signs Bea in on node two and creates an API token on its page, as she would. */
    private String issueTokenFor(HttpClient bea) throws Exception {
        String base = "http://localhost:" + port(second);
        String login = bea.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        var csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).isTrue();
        bea.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=bea%40example.com&password=quiet-harbor-lantern-19&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.discarding());
        String tokens = bea.send(HttpRequest.newBuilder(URI.create(base + "/settings/api-tokens")).build(), HttpResponse.BodyHandlers.ofString()).body();
        var pageCsrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(tokens);
        assertThat(pageCsrf.find()).isTrue();
        String issued = bea.send(HttpRequest.newBuilder(URI.create(base + "/settings/api-tokens")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=cli&expiresInDays=30&_csrf=" + URLEncoder.encode(pageCsrf.group(1), StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        var token = Pattern.compile("(slt_[A-Za-z0-9_-]{43})").matcher(issued);
        return token.find() ? token.group(1) : null;
    }
}
