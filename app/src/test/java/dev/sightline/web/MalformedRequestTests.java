package dev.sightline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.sightline.testing.SightlineApi;
import dev.sightline.testing.SignedInPages;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Malformed input is the caller's mistake: the API answers 400 with a JSON error saying what is
 * wrong, pages answer with a message a person can act on, and nothing is stored either way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:malformed-requests;DB_CLOSE_DELAY=-1",
        "sightline.bootstrap.admin-email=owner@example.com",
        "sightline.bootstrap.admin-password=owner-password-123",
        "sightline.bootstrap.api-token=" + MalformedRequestTests.TOKEN})
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestTests {

    static final String TOKEN = "malformed-token-0123456789abcdefghij";
    static final String TOO_LONG = "How many requests were denied " + "x".repeat(2_500);
    static final String LONGER_THAN_ASKABLE = "How many requests were denied " + "x".repeat(1_200);
    static final List<String> TABLES = List.of("analysis", "dashboard", "dashboard_tile", "data_source", "business_table", "tool_call_audit", "pending_connection");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    SightlineApi api;
    SignedInPages pages;

    @BeforeAll
    void signIn() throws Exception {
        api = new SightlineApi(port, TOKEN);
        pages = new SignedInPages(port, "owner@example.com", "owner-password-123");
    }

    record Call(String method, String path, String body) {
    }

    static final List<Call> MALFORMED_API_CALLS = List.of(
            // Path ids that are not numbers, or too large for one, on every endpoint with a numeric id.
            new Call("GET", "/api/datasources/abc", null),
            new Call("GET", "/api/datasources/99999999999999999999", null),
            new Call("DELETE", "/api/datasources/abc", null),
            new Call("POST", "/api/datasources/abc/test", null),
            new Call("POST", "/api/datasources/abc/file", null),
            new Call("PATCH", "/api/datasources/abc/tables/orders", "{\"timeColumn\":\"day\"}"),
            new Call("GET", "/api/dashboards/abc", null),
            new Call("GET", "/api/dashboards/1.5", null),
            new Call("POST", "/api/dashboards/abc/refresh", null),
            new Call("POST", "/api/dashboards/abc/tiles", "{\"analysisId\":\"x\"}"),
            new Call("DELETE", "/api/dashboards/abc/tiles/1", null),
            new Call("DELETE", "/api/dashboards/1/tiles/abc", null),
            // Bodies that are not JSON, or not of the expected shape.
            new Call("POST", "/api/analyses", "{\"question\":"),
            new Call("POST", "/api/analyses", "[\"How many requests were denied?\"]"),
            new Call("POST", "/api/analyses", "{\"question\":\"How many requests were denied?\",\"dataSourceIds\":\"abc\"}"),
            new Call("POST", "/api/analyses", "{\"question\":\"How many requests were denied?\",\"fresh\":\"perhaps\"}"),
            new Call("POST", "/api/analyses/stream", "{\"question\":"),
            new Call("POST", "/api/analyses/stream", "{\"question\":\"How many requests were denied?\",\"dataSourceIds\":[\"abc\"]}"),
            new Call("POST", "/api/dashboards", "not json"),
            new Call("POST", "/api/dashboards/1/tiles", "{\"analysisId\":"),
            new Call("POST", "/api/datasources", "{"),
            new Call("POST", "/api/connections/authorize", "{\"connector\":"),
            new Call("POST", "/api/datasources/files/folder", "{\"file\":[}"),
            new Call("POST", "/api/datasources/databases", "{\"name\":\"Shop\",\"host\":\"db.example.com\",\"port\":\"abc\"}"),
            new Call("PUT", "/api/workspace", "{\"timeZone\":"),
            // Missing input.
            new Call("PUT", "/api/workspace", "{}"),
            new Call("POST", "/api/dashboards", "{}"),
            new Call("POST", "/api/datasources/files", null),
            new Call("POST", "/api/analyses", "{}"),
            new Call("POST", "/api/analyses/stream", "{}"),
            new Call("POST", "/api/analyses/stream", null),
            // Questions that are blank or longer than a question can be.
            new Call("POST", "/api/analyses", "{\"question\":\"   \"}"),
            new Call("POST", "/api/analyses", "{\"question\":\"\\t\\n \"}"),
            new Call("POST", "/api/analyses", "{\"question\":\"" + TOO_LONG + "\"}"),
            new Call("POST", "/api/analyses", "{\"question\":\"" + LONGER_THAN_ASKABLE + "\"}"),
            new Call("POST", "/api/analyses/stream", "{\"question\":\"   \"}"),
            new Call("POST", "/api/analyses/stream", "{\"question\":\"" + TOO_LONG + "\"}"));

    @Test
    void everyMalformedApiCallAnswers400WithAJsonMessageAndStoresNothing() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (Call call : MALFORMED_API_CALLS) {
            Map<String, Long> before = counts();
            HttpResponse<String> response = api.send(call.method(), call.path(), call.body());
            String what = call.method() + " " + call.path() + " " + abbreviated(call.body()) + " → " + response.statusCode() + " " + abbreviated(response.body());
            softly.assertThat(response.statusCode()).as(what).isEqualTo(400);
            softly.assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/json");
            JsonNode body = json(response.body());
            softly.assertThat(body.path("error").asString()).as(what).isNotBlank();
            softly.assertThat(body.path("message").asString()).as(what).isNotBlank();
            softly.assertThat(counts()).as(what).isEqualTo(before);
        }
        softly.assertAll();
    }

    @Test
    void aJsonBodyOverOneMegabyteIsRefusedBeforeItIsRead() throws Exception {
        Map<String, Long> before = counts();
        String huge = "{\"question\":\"How many requests were denied?\",\"dataSourceIds\":[" + "0,".repeat(600_000) + "0]}";
        HttpResponse<String> refused = api.send("POST", "/api/analyses", huge);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(json(refused.body()).path("message").asString()).isEqualTo("A request body is at most 1 MB.");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void theMessageSaysWhatIsWrong() throws Exception {
        assertThat(message(api.send("POST", "/api/analyses", "{\"question\":\"" + TOO_LONG + "\"}"))).startsWith("Questions are at most 1,000 characters");
        assertThat(message(api.send("POST", "/api/analyses/stream", "{\"question\":\"" + LONGER_THAN_ASKABLE + "\"}")))
                .startsWith("Questions are at most 1,000 characters");
        assertThat(message(api.send("POST", "/api/analyses", "{\"question\":\"  \"}"))).startsWith("Type a question");
        assertThat(message(api.send("GET", "/api/datasources/abc", null))).isEqualTo("'id' must be a whole number.");
        assertThat(message(api.send("DELETE", "/api/dashboards/1/tiles/abc", null))).isEqualTo("'tileId' must be a whole number.");
        assertThat(message(api.send("PUT", "/api/workspace", "{\"timeZone\":\"Mars/Olympus\"}"))).contains("is not a time zone");
        assertThat(message(api.send("POST", "/api/datasources/files", null))).contains("multipart/form-data");
    }

    @Test
    void pagesRefuseMalformedFormsWithAMessageAPersonCanActOnAndStoreNothing() throws Exception {
        for (String question : List.of("   ", TOO_LONG, LONGER_THAN_ASKABLE)) {
            Map<String, Long> before = counts();
            HttpResponse<String> posted = pages.submit("/ask", "/ask", Map.of("question", question));
            assertThat(posted.statusCode()).isEqualTo(302);
            String location = posted.headers().firstValue("Location").orElse("");
            assertThat(location).doesNotContain("id=");
            String page = pages.page(location.replaceFirst("^https?://[^/]+", ""));
            assertThat(page).contains(question.isBlank() ? "Type a question" : "Questions are at most 1,000 characters");
            assertThat(counts()).isEqualTo(before);
        }

        long dashboard = api.json("POST", "/api/dashboards", "{\"name\":\"Security\"}").path("id").asLong();
        HttpResponse<String> interval = pages.submit("/dashboards/" + dashboard, "/dashboards/" + dashboard + "/auto-refresh", Map.of("interval", "sometimes"));
        assertThat(interval.statusCode()).isEqualTo(302);
        assertThat(pages.page("/dashboards/" + dashboard)).contains("Auto-refresh is one of");

        // A refused custom server comes back with what was typed, but the key.
        HttpResponse<String> custom = pages.submit("/sources/new/custom-mcp", "/sources/custom",
                Map.of("url", "https://10.0.0.8/mcp", "name", "Mine", "header", "X-Key", "apiKey", "secret-key-typed"));
        assertThat(custom.statusCode()).isEqualTo(302);
        assertThat(pages.page("/sources/new/custom-mcp")).contains("value=\"https://10.0.0.8/mcp\"", "value=\"Mine\"", "value=\"X-Key\"")
                .doesNotContain("secret-key-typed");

        // Text that goes back into a redirect's address is encoded, not read as a URI template.
        HttpResponse<String> braces = pages.submit("/sources/new", "/sources/authorize", Map.of("connector", "{x}"));
        assertThat(braces.statusCode()).isEqualTo(302);
        assertThat(braces.headers().firstValue("Location").orElse("")).endsWith("/sources/new/%7Bx%7D");
        long dashboards = counts().get("dashboard");
        HttpResponse<String> pin = pages.submit("/dashboards", "/dashboards/pin", Map.of("analysisId", "{x}", "newDashboard", "Security"));
        assertThat(pin.statusCode()).isEqualTo(302);
        assertThat(counts().get("dashboard")).as("no empty dashboard is left by a pin that was refused").isEqualTo(dashboards);

        Map<String, Long> before = counts();
        for (HttpRequest.Builder request : List.of(
                HttpRequest.newBuilder(pages.uri("/dashboards/abc")).header("Accept", "text/html"),
                HttpRequest.newBuilder(pages.uri("/ask")).header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("question=How+many+requests+were+denied%3F&dataSourceId=abc&_csrf=" + pages.csrf("/ask"))))) {
            HttpResponse<String> response = pages.send(request);
            assertThat(response.statusCode()).as(request.build().uri().toString()).isEqualTo(400);
            assertThat(response.body()).contains("didn&#39;t make sense").doesNotContain("Exception", "Whitelabel");
        }
        assertThat(counts()).isEqualTo(before);
    }

    private Map<String, Long> counts() {
        return TABLES.stream().collect(java.util.stream.Collectors.toMap(t -> t, t -> jdbc.sql("SELECT COUNT(*) FROM " + t).query(Long.class).single(),
                (a, b) -> a, java.util.TreeMap::new));
    }

    private static String message(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return json(response.body()).path("message").asString();
    }

    private static JsonNode json(String body) {
        try {
            return JsonMapper.shared().readTree(body);
        } catch (RuntimeException e) {
            return JsonMapper.shared().createObjectNode();
        }
    }

    private static String abbreviated(String text) {
        return text == null ? "" : text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
