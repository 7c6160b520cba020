package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.sightline.testing.SandboxClock;
import dev.sightline.testing.SandboxProcess;
import dev.sightline.testing.SightlineApi;
import dev.sightline.testing.SignedInPages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asking with progress and refreshing dashboards over real HTTP, with a real API token or a
 * signed-in session: the events arrive after the async dispatch with nothing logged as an error,
 * and whatever calls the sources or stores an answer is a POST, never a GET.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:ask-over-http;DB_CLOSE_DELAY=-1",
        "sightline.allow-loopback-http=true",
        "sightline.bootstrap.admin-email=owner@example.com",
        "sightline.bootstrap.admin-password=owner-password-123",
        "sightline.bootstrap.api-token=" + AskOverHttpTests.TOKEN})
@ActiveProfiles("test")
@Import(SandboxClock.class)
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AskOverHttpTests {

    static final String TOKEN = "stream-token-0123456789abcdefghijklm";
    static final String QUESTION = "How many requests did we deny for rate limiting this week?";
    private static final Pattern ERROR_LINE = Pattern.compile("(?m)^.*\\bERROR\\b.*$");

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("sightline.connectors.arcjet-url", () -> SandboxProcess.shared().mcpUrl());
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    SightlineApi api;
    SignedInPages pages;
    long source;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void connect() throws Exception {
        api = new SightlineApi(port, TOKEN);
        source = api.connectArcjet("alice@example.com", "Arcjet");
        pages = new SignedInPages(port, "owner@example.com", "owner-password-123");
    }

    record Event(String name, String data) {
    }

    @Test
    void aTokenStreamsEveryStageAndTheResultWithoutAnErrorLogged(CapturedOutput output) throws Exception {
        int logged = output.getAll().length();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/analyses/stream"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "text/event-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"" + QUESTION + "\",\"dataSourceIds\":[" + source + "]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<Event> events = events(response.body());
        assertThat(events).extracting(Event::name).contains("planning", "tool-start", "tool-end", "composing").last().isEqualTo("result");
        String id = JsonMapper.shared().readTree(events.get(events.size() - 1).data()).path("id").asString();
        JsonNode stored = api.json("GET", "/api/analyses/" + id, null);
        assertThat(stored.path("question").asString()).isEqualTo(QUESTION);
        assertThat(stored.path("chart").path("kind").asString()).isEqualTo("metric");

        // The async dispatch finishes after the body is read; give its logging a moment before looking.
        Thread.sleep(500);
        assertThat(ERROR_LINE.matcher(output.getAll().substring(logged)).results().map(m -> m.group()).toList()).isEmpty();
    }

    @Test
    void aGetAsksNothingAndStoresNothing() throws Exception {
        long analyses = count("analysis");
        long calls = count("tool_call_audit");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/analyses/stream?question="
                        + URLEncoder.encode(QUESTION, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(response.body()).doesNotContain("event:");
        Thread.sleep(500);
        assertThat(count("analysis")).isEqualTo(analyses);
        assertThat(count("tool_call_audit")).isEqualTo(calls);
    }

    @Test
    void aBadQuestionIsRefusedBeforeTheStreamStarts() throws Exception {
        long analyses = count("analysis");
        for (String question : List.of("   ", "x".repeat(2_500))) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/analyses/stream"))
                    .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"" + question + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(JsonMapper.shared().readTree(response.body()).path("message").asString()).isNotBlank();
        }
        assertThat(count("analysis")).isEqualTo(analyses);
    }

    @Test
    void thePageStreamsOnAPostWithItsCsrfTokenAndNeverOnAGet() throws Exception {
        long analyses = count("analysis");
        String form = "question=" + URLEncoder.encode(QUESTION, StandardCharsets.UTF_8) + "&dataSourceId=" + source;
        HttpResponse<String> forged = pages.send(HttpRequest.newBuilder(pages.uri("/ask/stream")).header("Accept", "text/event-stream")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> get = pages.send(HttpRequest.newBuilder(pages.uri("/ask/stream?" + form)).header("Accept", "text/event-stream"));
        assertThat(get.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(get.body()).doesNotContain("event:");
        Thread.sleep(500);
        assertThat(count("analysis")).isEqualTo(analyses);

        // As the page's script sends it: the form's fields, the token from the page's meta tag in the header.
        HttpResponse<String> streamed = pages.send(HttpRequest.newBuilder(pages.uri("/ask/stream")).header("Accept", "text/event-stream")
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-CSRF-TOKEN", pages.csrf("/ask"))
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(streamed.statusCode()).isEqualTo(200);
        List<Event> events = events(streamed.body());
        assertThat(events).extracting(Event::name).contains("planning", "tool-start", "composing").last().isEqualTo("result");
        String id = JsonMapper.shared().readTree(events.get(events.size() - 1).data()).path("id").asString();
        assertThat(pages.page("/ask?id=" + id)).contains("denied requests for <strong>rate limiting</strong>");
        assertThat(count("analysis")).isEqualTo(analyses + 1);

        HttpResponse<String> blank = pages.send(HttpRequest.newBuilder(pages.uri("/ask/stream")).header("Accept", "text/event-stream")
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-CSRF-TOKEN", pages.csrf("/ask"))
                .POST(HttpRequest.BodyPublishers.ofString("question=+++")));
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(JsonMapper.shared().readTree(blank.body()).path("message").asString()).startsWith("Type a question");
        assertThat(count("analysis")).isEqualTo(analyses + 1);
    }

    @Test
    void viewingADashboardNeverBypassesTheCacheOnlyItsRefreshButtonDoes() throws Exception {
        JsonNode asked = api.json("POST", "/api/analyses", "{\"question\":\"" + QUESTION + "\",\"dataSourceIds\":[" + source + "]}");
        long dashboard = api.json("POST", "/api/dashboards", "{\"name\":\"Security\"}").path("id").asLong();
        api.json("POST", "/api/dashboards/" + dashboard + "/tiles", "{\"analysisId\":\"" + asked.path("id").asString() + "\",\"title\":\"Rate limits\"}");
        String path = "/dashboards/" + dashboard;
        assertThat(pages.page(path)).contains("Rate limits").doesNotContainPattern("[?&;]fresh=");

        long uncached = uncachedCalls();
        assertThat(pages.page(path + "?fresh=true")).contains("Rate limits");
        assertThat(uncachedCalls()).isEqualTo(uncached);

        HttpResponse<String> refreshed = pages.submit(path, path + "/refresh", Map.of());
        assertThat(refreshed.statusCode()).isEqualTo(302);
        assertThat(refreshed.headers().firstValue("Location").orElse("")).endsWith(path);
        assertThat(uncachedCalls()).isGreaterThan(uncached);
        long afterRefresh = uncachedCalls();
        assertThat(pages.page(path)).contains("Rate limits");
        assertThat(uncachedCalls()).isEqualTo(afterRefresh);

        // A tile says when its figures were read: shown again from the cache, the time of the call that read them, not of the showing.
        String read = api.json("POST", "/api/dashboards/" + dashboard + "/refresh", null).path("tiles").get(0).path("updatedAt").asString();
        JsonNode again = api.json("GET", "/api/dashboards/" + dashboard, null).path("tiles").get(0);
        assertThat(again.path("analysis").path("steps").get(0).path("cached").asBoolean()).isTrue();
        assertThat(again.path("updatedAt").asString()).isEqualTo(read);
        assertThat(again.path("analysis").path("steps").get(0).path("readAt").asString()).isEqualTo(read);
    }

    private long uncachedCalls() {
        return jdbc.sql("SELECT COUNT(*) FROM tool_call_audit WHERE cached = FALSE").query(Long.class).single();
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Reads a text/event-stream body: blocks separated by a blank line, "event:" and "data:" fields. */
    static List<Event> events(String body) {
        List<Event> events = new ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            boolean any = false;
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                    any = true;
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
                    any = true;
                }
            }
            if (any) {
                events.add(new Event(name, data.toString()));
            }
        }
        return events;
    }
}
