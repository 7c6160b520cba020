package dev.sightline.account.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The whole life of an installation's accounts, run against each supported database: first visit,
 * "Create your account", sign in, the shell, an API token used and revoked, sign out. Subclasses
 * choose the database; everything else is real (Flyway, Spring Session JDBC, security filters).
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AccountLifecycleTests {

    static final String EMAIL = "Owner@Example.com";
    static final String PASSWORD = "correct-horse-battery-staple";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anInstallationGoesFromFirstVisitToApiAccessAndBack(CapturedOutput output) throws Exception {
        // A fresh database sends the first visitor to "Create your account".
        mvc.perform(get("/sources")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/login")).andExpect(redirectedUrl("/setup"));
        mvc.perform(get("/setup")).andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("Create your account")));

        // Forms need their CSRF token.
        mvc.perform(post("/setup").param("email", EMAIL).param("password", PASSWORD).param("confirmPassword", PASSWORD))
                .andExpect(status().isForbidden());

        // Mistakes come back as field errors and create nothing.
        mvc.perform(post("/setup").with(csrf()).param("email", "not-an-email").param("password", "short").param("confirmPassword", "other"))
                .andExpect(status().isOk())
                .andExpect(view().name("account/setup"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Enter a valid email address")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Use at least 12 characters")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("The two passwords don&#39;t match")));
        assertThat(userCount()).isZero();

        mvc.perform(post("/setup").with(csrf()).param("email", EMAIL).param("displayName", "Olivia Owner")
                        .param("password", PASSWORD).param("confirmPassword", PASSWORD))
                .andExpect(redirectedUrl("/login?created"));

        // The first user owns the default workspace; the password is stored only as an Argon2 hash.
        Map<String, Object> owner = jdbc.sql("""
                SELECT u.email, u.role, u.password_hash, w.name, w.owner_user_id, u.id
                FROM user_account u JOIN workspace w ON w.id = u.workspace_id""").query().singleRow();
        assertThat(owner.values()).extracting(String::valueOf)
                .contains("owner@example.com", "OWNER", "General");
        assertThat(String.valueOf(owner.get("password_hash"))).startsWith("{argon2}$argon2id$").doesNotContain(PASSWORD);
        assertThat(owner.get("owner_user_id")).isEqualTo(owner.get("id"));

        // Set-up is closed once an owner exists.
        mvc.perform(get("/setup")).andExpect(redirectedUrl("/login"));
        mvc.perform(post("/setup").with(csrf()).param("email", "second@example.com")
                        .param("password", PASSWORD).param("confirmPassword", PASSWORD))
                .andExpect(redirectedUrl("/login"));
        assertThat(userCount()).isEqualTo(1);

        mvc.perform(post("/login").with(csrf()).param("email", EMAIL).param("password", "wrong-password-123"))
                .andExpect(redirectedUrl("/login?error"));

        MvcResult signedIn = mvc.perform(post("/login").with(csrf()).param("email", "owner@example.com").param("password", PASSWORD))
                .andExpect(redirectedUrl("/")).andReturn();
        Cookie session = signedIn.getResponse().getCookie("SIGHTLINE_SESSION");
        assertThat(session).as("the session cookie").isNotNull();
        assertThat(session.isHttpOnly()).isTrue();

        // Sessions live in the database, so any app node can serve the next request.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?").param("owner@example.com")
                .query(Long.class).single()).isEqualTo(1);

        mvc.perform(get("/sources").cookie(session))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("Data Sources"),
                        org.hamcrest.Matchers.containsString("Olivia Owner"),
                        org.hamcrest.Matchers.containsString("Sign out"))));

        // A personal API token: shown once, stored as a hash, accepted as a bearer token.
        String page = mvc.perform(post("/settings/api-tokens").cookie(session).with(csrf()).param("name", "CI"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        var matcher = Pattern.compile("(slt_[A-Za-z0-9_-]{43})").matcher(page);
        assertThat(matcher.find()).as("the new token is on the page").isTrue();
        String token = matcher.group(1);

        List<String> stored = jdbc.sql("SELECT token_hash FROM api_token").query(String.class).list();
        assertThat(stored).containsExactly(ApiTokens.hash(token));

        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.email").value("owner@example.com"))
                .andExpect(jsonPath("$.role").value("OWNER"));
        mvc.perform(get("/settings/api-tokens").cookie(session))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(token))));

        long tokenId = jdbc.sql("SELECT id FROM api_token").query(Long.class).single();
        mvc.perform(post("/settings/api-tokens/" + tokenId + "/revoke").cookie(session).with(csrf()))
                .andExpect(redirectedUrl("/settings/api-tokens"));
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("invalid_token"));

        mvc.perform(post("/logout").cookie(session).with(csrf())).andExpect(redirectedUrl("/login?signedOut"));
        mvc.perform(get("/sources").cookie(session)).andExpect(status().isFound());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?").param("owner@example.com")
                .query(Long.class).single()).isZero();

        // Neither the password nor the token ever reached the logs.
        assertThat(output.getAll()).doesNotContain(PASSWORD).doesNotContain(token);
    }

    private long userCount() {
        return jdbc.sql("SELECT COUNT(*) FROM user_account").query(Long.class).single();
    }
}
