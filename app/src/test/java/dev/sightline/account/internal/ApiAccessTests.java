package dev.sightline.account.internal;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.sightline.account.Role;
import dev.sightline.account.SightlineUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** The REST API and actuator: JSON everywhere, tokens, roles, and one user kept out of another's tokens. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ApiAccessTests {

    @LocalServerPort
    int port;
    @Autowired
    MockMvc mvc;
    @Autowired
    UserAccounts users;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;

    SightlineUser owner;
    SightlineUser member;

    @BeforeEach
    void twoUsers() {
        jdbc.sql("DELETE FROM api_token").update();
        jdbc.sql("UPDATE workspace SET owner_user_id = NULL").update();
        jdbc.sql("DELETE FROM user_account").update();
        long workspace = users.defaultWorkspaceId();
        owner = users.findById(workspace, users.insert(workspace, "owner@example.com", "Owner", Role.OWNER, "{noop}unused")).orElseThrow();
        member = users.findById(workspace, users.insert(workspace, "member@example.com", "Member", Role.MEMBER, "{noop}unused")).orElseThrow();
    }

    @Test
    void unauthenticatedApiCallsGetJsonNotTheSignInPage() throws Exception {
        mvc.perform(get("/api/me").accept(MediaType.TEXT_HTML))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.error").value("unauthorized"))
                .andExpect(jsonPath("$.message").isNotEmpty());
        mvc.perform(get("/api/me").header("Authorization", "Bearer slt_not-a-real-token"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("invalid_token"));
        mvc.perform(get("/api/me").header("Authorization", "Bearer "))
                .andExpect(status().isUnauthorized());
    }

    /** Errors raised before any controller runs go through the servlet container's error dispatch: a real server. */
    @Test
    void unknownPathsAndWrongMethodsAnswerJsonOverRealHttp() throws Exception {
        String token = tokens.issue(owner, "test", null).token();
        HttpResponse<String> missing = http("GET", "/api/no-such-thing", token);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(missing.body()).contains("\"error\":\"not_found\"");

        HttpResponse<String> wrongMethod = http("DELETE", "/api/me", token);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).contains("\"error\":\"method_not_allowed\"");
    }

    @Test
    void aBrowserSessionNeedsItsCsrfTokenForApiWrites() throws Exception {
        mvc.perform(post("/api/me").with(user(owner)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("forbidden"));
    }

    private HttpResponse<String> http(String method, String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/html")
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsPublicAndMetricsAreForOwners() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("unauthorized"));

        String memberToken = tokens.issue(member, "member", null).token();
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + memberToken))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("forbidden"));

        String ownerToken = tokens.issue(owner, "prometheus", null).token();
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + ownerToken))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes")));
        mvc.perform(get("/actuator/prometheus").with(user(owner))).andExpect(status().isOk());
    }

    @Test
    void oneUserCannotSeeOrRevokeAnothersTokens() throws Exception {
        var ownersToken = tokens.issue(owner, "owner's CI", null);
        mvc.perform(get("/settings/api-tokens").with(user(member)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("owner&#39;s CI"))));
        mvc.perform(post("/settings/api-tokens/" + ownersToken.info().id() + "/revoke").with(user(member)).with(csrf()))
                .andExpect(status().isFound());
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + ownersToken.token()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.email").value("owner@example.com"));
    }

    @Test
    void tokenNamesAreRequired() throws Exception {
        mvc.perform(post("/settings/api-tokens").with(user(owner)).with(csrf()).param("name", "   "))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Give the token a name")));
        assertThat(tokens.listOf(owner)).isEmpty();
    }

    @Test
    void onlyTheOwnerChangesTheWorkspaceTimeZoneAndOnlyToARealZone() throws Exception {
        long workspace = users.defaultWorkspaceId();
        mvc.perform(post("/settings/workspace").with(user(member)).with(csrf()).param("timeZone", "Europe/Berlin"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/settings/workspace").with(user(owner)).param("timeZone", "Europe/Berlin"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/settings/workspace").with(user(owner)).with(csrf()).param("timeZone", "Mars/Olympus_Mons"))
                .andExpect(status().isFound());
        assertThat(jdbc.sql("SELECT time_zone FROM workspace WHERE id = ?").param(workspace).query(String.class).single()).isEqualTo("UTC");
        mvc.perform(post("/settings/workspace").with(user(owner)).with(csrf()).param("timeZone", "Europe/Berlin"))
                .andExpect(status().isFound());
        assertThat(jdbc.sql("SELECT time_zone FROM workspace WHERE id = ?").param(workspace).query(String.class).single()).isEqualTo("Europe/Berlin");
        jdbc.sql("UPDATE workspace SET time_zone = 'UTC' WHERE id = ?").param(workspace).update();
        // The same through the API: a member reads it, only the owner writes it, and only a real zone.
        mvc.perform(get("/api/workspace").with(user(member))).andExpect(status().isOk())
                .andExpect(content().json("{\"timeZone\":\"UTC\"}"));
        mvc.perform(put("/api/workspace").with(user(member)).with(csrf()).contentType("application/json").content("{\"timeZone\":\"Asia/Tokyo\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(put("/api/workspace").with(user(owner)).with(csrf()).contentType("application/json").content("{\"timeZone\":\"Mars/Olympus_Mons\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(put("/api/workspace").with(user(owner)).with(csrf()).contentType("application/json").content("{\"timeZone\":\"Asia/Tokyo\"}"))
                .andExpect(status().isOk()).andExpect(content().json("{\"timeZone\":\"Asia/Tokyo\"}"));
        assertThat(jdbc.sql("SELECT time_zone FROM workspace WHERE id = ?").param(workspace).query(String.class).single()).isEqualTo("Asia/Tokyo");
        jdbc.sql("UPDATE workspace SET time_zone = 'UTC' WHERE id = ?").param(workspace).update();
        mvc.perform(get("/settings/workspace").with(user(member)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("The workspace owner or an admin can change it")));
    }
}
