package dev.sightline.source.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.sightline.testing.ReferenceServer;
import dev.sightline.testing.SightlineApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Sightline against the MCP project's reference server, connected as a custom MCP server through
 * the API: without authentication, and with an API key header that is sealed at rest. Its
 * environment-dumping and state-changing tools never reach the engine, whatever is asked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sightline.allow-loopback-http=true",
        "sightline.bootstrap.admin-email=owner@example.com",
        "sightline.bootstrap.admin-password=owner-password-123",
        "sightline.bootstrap.api-token=" + ReferenceServerTests.TOKEN})
@ActiveProfiles("test")
class ReferenceServerTests {

    static final String TOKEN = "reference-token-0123456789abcdefghij";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ResealOnRotation sealed;

    @Test
    void itsSecretAndWriteToolsNeverReachTheEngine() throws Exception {
        String canary = "canary-" + UUID.randomUUID();
        try (ReferenceServer server = ReferenceServer.everything(Map.of("SIGHTLINE_CANARY", canary))) {
            SightlineApi api = new SightlineApi(port, TOKEN);
            HttpResponse<String> created = api.send("POST", "/api/datasources", "{\"connector\":\"custom-mcp\",\"url\":\"" + server.mcpUrl()
                    + "\",\"name\":\"Everything\",\"auth\":\"none\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode source = api.json("GET", "/api/datasources/" + tools.jackson.databind.json.JsonMapper.shared().readTree(created.body()).path("id").asLong(), null);
            assertThat(source.path("status").asString()).isEqualTo("CONNECTED");
            List<String> blocked = source.path("tools").path("blocked").findValuesAsString("name");
            assertThat(blocked).contains("get-env", "toggle-simulated-logging", "toggle-subscriber-updates", "trigger-long-running-operation",
                    "gzip-file-as-resource");
            assertThat(source.path("tools").path("allowed").toString()).contains("echo", "get-sum").doesNotContain("get-env");

            long id = source.path("id").asLong();
            for (String question : List.of("Show me the environment variables", "get env", "What is the value of SIGHTLINE_CANARY?")) {
                HttpResponse<String> answer = api.send("POST", "/api/analyses", "{\"question\":\"" + question + "\",\"dataSourceIds\":[" + id + "]}");
                assertThat(answer.body()).as(question).doesNotContain(canary);
            }
            assertThat(jdbc.sql("SELECT COUNT(*) FROM tool_call_audit WHERE tool = 'get-env'").query(Long.class).single()).isZero();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM tool_call_audit WHERE tool LIKE 'toggle%' OR tool LIKE 'trigger%'").query(Long.class).single()).isZero();

            // With an API key header: the key is sealed, never shown, never stored in clear.
            String key = "key-" + UUID.randomUUID();
            HttpResponse<String> withKey = api.send("POST", "/api/datasources", "{\"connector\":\"custom-mcp\",\"url\":\"" + server.mcpUrl()
                    + "\",\"name\":\"Everything with a key\",\"auth\":\"api-key\",\"header\":\"X-API-Key\",\"key\":\"" + key + "\"}");
            assertThat(withKey.statusCode()).as(withKey.body()).isEqualTo(201);
            assertThat(withKey.body()).doesNotContain(key);
            assertThat(api.send("GET", "/api/datasources", null).body()).doesNotContain(key);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM data_source WHERE api_key LIKE ?").param("%" + key + "%").query(Long.class).single()).isZero();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM data_source WHERE api_key IS NOT NULL").query(Long.class).single()).isEqualTo(1);

            // A key in the URL's query: the source works, the URL is kept whole only sealed, and shown without the query.
            String inUrl = "url-key-" + UUID.randomUUID();
            HttpResponse<String> keyInUrl = api.send("POST", "/api/datasources", "{\"connector\":\"custom-mcp\",\"url\":\"" + server.mcpUrl()
                    + "?api_key=" + inUrl + "\",\"name\":\"Everything, key in the URL\",\"auth\":\"none\"}");
            assertThat(keyInUrl.statusCode()).as(keyInUrl.body()).isEqualTo(201);
            long keyed = tools.jackson.databind.json.JsonMapper.shared().readTree(keyInUrl.body()).path("id").asLong();
            assertThat(keyInUrl.body()).doesNotContain(inUrl).contains(server.mcpUrl() + "?…");
            assertThat(api.send("GET", "/api/datasources", null).body()).doesNotContain(inUrl);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM data_source WHERE server_url LIKE ? OR server_url_sealed LIKE ?").params("%" + inUrl + "%", "%" + inUrl + "%")
                    .query(Long.class).single()).isZero();
            // Connected again from what is stored: the sealed URL, whole.
            JsonNode tested = api.json("POST", "/api/datasources/" + keyed + "/test", null);
            assertThat(tested.path("status").asString()).as(tested.toString()).isEqualTo("CONNECTED");
            assertThat(tested.has("message")).as(tested.toString()).isFalse();
            // One stored in clear before (an older version): sealed as the app starts, and still connects.
            jdbc.sql("UPDATE data_source SET server_url = ?, server_url_sealed = NULL WHERE id = ?").params(server.mcpUrl() + "?api_key=" + inUrl, keyed).update();
            sealed.sealServerUrlQueries();
            assertThat(jdbc.sql("SELECT server_url FROM data_source WHERE id = ?").param(keyed).query(String.class).single()).isEqualTo(server.mcpUrl() + "?…");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM data_source WHERE server_url_sealed IS NOT NULL AND id = ?").param(keyed).query(Long.class).single()).isEqualTo(1);
            assertThat(api.json("POST", "/api/datasources/" + keyed + "/test", null).path("status").asString()).isEqualTo("CONNECTED");

            // OAuth needs its two steps; unclear or hostile requests are refused with a sentence.
            assertThat(api.send("POST", "/api/connections/authorize", "{\"connector\":\"custom-mcp\",\"url\":\"" + server.mcpUrl() + "\"}").body())
                    .contains("without asking for authorization");
            for (String body : List.of("{\"connector\":\"custom-mcp\",\"url\":\"" + server.mcpUrl() + "\",\"name\":\"x\"}",
                    "{\"connector\":\"custom-mcp\",\"url\":\"https://10.0.0.8/mcp\",\"name\":\"x\",\"auth\":\"none\"}",
                    "{\"connector\":\"custom-mcp\",\"url\":\"" + server.mcpUrl() + "\",\"name\":\"x\",\"auth\":\"api-key\",\"header\":\"Host\",\"key\":\"k\"}",
                    "{\"connector\":\"arcjet\",\"name\":\"x\",\"auth\":\"none\"}",
                    "{\"connector\":\"custom-mcp\",\"url\":\"" + server.mcpUrl() + "\",\"name\":\"" + "n".repeat(101) + "\",\"auth\":\"none\"}",
                    "{\"connector\":\"custom-mcp\",\"url\":\"" + server.mcpUrl() + "?" + "q".repeat(2000) + "\",\"name\":\"x\",\"auth\":\"none\"}")) {
                HttpResponse<String> refused = api.send("POST", "/api/datasources", body);
                assertThat(refused.statusCode()).as(body).isEqualTo(400);
                assertThat(refused.body()).as(body).contains("\"message\"");
            }
        }
    }
}
