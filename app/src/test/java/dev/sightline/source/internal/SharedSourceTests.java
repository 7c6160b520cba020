package dev.sightline.source.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A data source is its connector's alone until they share it: then every member may ask with it
 * (with that person's access), nobody else may change or disconnect it but admins, and viewers still
 * ask nothing. People and their tokens are written straight into the database here, as the
 * account module would store them.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:shared-source;DB_CLOSE_DELAY=-1")
class SharedSourceTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    final Map<String, String> tokens = new java.util.HashMap<>();

    @BeforeEach
    void fourPeople() throws Exception {
        jdbc.sql("DELETE FROM data_source").update();
        jdbc.sql("DELETE FROM api_token").update();
        jdbc.sql("UPDATE workspace SET owner_user_id = NULL").update();
        jdbc.sql("DELETE FROM user_account").update();
        for (String role : new String[] {"OWNER", "ADMIN", "MEMBER", "VIEWER"}) {
            var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
            jdbc.sql("INSERT INTO user_account (workspace_id, email, display_name, role, password_hash, created_at) VALUES (1, ?, ?, ?, '{noop}x', ?)")
                    .params(role.toLowerCase() + "@example.com", role.charAt(0) + role.substring(1).toLowerCase(), role, OffsetDateTime.now()).update(keys, "id");
            String token = "slt_" + role.toLowerCase() + "-token-0123456789abcdefghij";
            jdbc.sql("INSERT INTO api_token (workspace_id, user_id, name, token_hash, token_hint, created_at) VALUES (1, ?, 'test', ?, 'slt_', ?)")
                    .params(keys.getKeyAs(Long.class), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8))),
                            OffsetDateTime.now()).update();
            tokens.put(role, token);
        }
    }

    @Test
    void aSharedSourceIsAskedWithByEveryMemberAndManagedByItsOwnerAndAdmins() throws Exception {
        var csv = new MockMultipartFile("file", "signups.csv", "text/csv",
                "day,signups\n2026-11-01,5\n2026-11-02,7\n2026-11-03,9\n".getBytes(StandardCharsets.UTF_8));
        JsonNode created = json(as("MEMBER", multipart("/api/datasources/files").file(csv).param("name", "Sign-ups")), 201);
        long id = created.path("id").asLong();

        // Private: the others neither see it nor can ask with it.
        assertThat(json(as("OWNER", get("/api/datasources")), 200).toString()).doesNotContain("Sign-ups");
        status(as("OWNER", patch("/api/datasources/" + id).contentType(MediaType.APPLICATION_JSON).content("{\"shared\":true}")), 404);

        json(as("MEMBER", patch("/api/datasources/" + id).contentType(MediaType.APPLICATION_JSON).content("{\"shared\":true}")), 200);
        assertThat(json(as("OWNER", get("/api/datasources")), 200).toString()).contains("Sign-ups");
        JsonNode answer = json(as("OWNER", post("/api/analyses").contentType(MediaType.APPLICATION_JSON)
                .content("{\"question\":\"total signups\",\"dataSourceIds\":[" + id + "]}")), 200);
        assertThat(answer.path("figures").toString()).contains("21");

        // Only who connected it changes the sharing; an admin may disconnect it; a viewer asks nothing.
        status(as("OWNER", patch("/api/datasources/" + id).contentType(MediaType.APPLICATION_JSON).content("{\"shared\":false}")), 404);
        status(as("VIEWER", post("/api/analyses").contentType(MediaType.APPLICATION_JSON).content("{\"question\":\"total signups\"}")), 403);
        status(as("ADMIN", delete("/api/datasources/" + id)), 204);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM data_source").query(Long.class).single()).isZero();
    }

    private AbstractMockHttpServletRequestBuilder<?> as(String role, AbstractMockHttpServletRequestBuilder<?> request) {
        return request.header("Authorization", "Bearer " + tokens.get(role)).accept(MediaType.APPLICATION_JSON);
    }

    private void status(AbstractMockHttpServletRequestBuilder<?> request, int expected) throws Exception {
        var response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(expected);
    }

    private JsonNode json(AbstractMockHttpServletRequestBuilder<?> request, int expected) throws Exception {
        var response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(expected);
        return JsonMapper.shared().readTree(response.getContentAsString());
    }
}
