package dev.sightline.account.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.OffsetDateTime;

import jakarta.servlet.http.Cookie;
import dev.sightline.account.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A team forms and changes: the owner invites with a link shown once, the invitee joins, roles
 * change and apply on the next request, a removed member's sessions and tokens end at once,
 * passwords are changed and reset, ownership is handed over. Through the API with a token and
 * through the pages with sessions, as people use them.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:team;DB_CLOSE_DELAY=-1")
class TeamTests {

    static final String OWNER_EMAIL = "olivia@example.com";
    static final String OWNER_PASSWORD = "olivia-owns-the-workspace";
    static final String NEW_PASSWORD = "maple-river-lantern-quietly";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserAccounts users;
    @Autowired
    ApiTokens tokens;
    @Autowired
    PasswordEncoder passwords;

    String ownerToken;

    @BeforeEach
    void anOwner() {
        jdbc.sql("DELETE FROM SPRING_SESSION").update();
        jdbc.sql("DELETE FROM sign_in_throttle").update();
        jdbc.sql("DELETE FROM invitation").update();
        jdbc.sql("UPDATE workspace SET owner_user_id = NULL").update();
        jdbc.sql("DELETE FROM user_account").update();
        long workspace = users.defaultWorkspaceId();
        long id = users.insert(workspace, OWNER_EMAIL, "Olivia", Role.OWNER, passwords.encode(OWNER_PASSWORD));
        users.claimOwnership(workspace, id);
        ownerToken = tokens.issue(users.findById(workspace, id).orElseThrow(), "ops", null).token();
    }

    @Test
    void anInvitedMemberJoinsChangesRoleAndIsRemoved() throws Exception {
        JsonNode invitation = api("POST", "/api/invitations", "{\"role\":\"member\"}", ownerToken, 201);
        String url = invitation.path("url").asString();
        assertThat(url).matches("http://localhost:\\d+/join/[A-Za-z0-9_-]{43}");
        String path = url.substring(url.indexOf("/join/"));
        // Only a fingerprint of the link is stored, and the listing never shows it.
        assertThat(jdbc.sql("SELECT token_hash FROM invitation").query(String.class).single()).isEqualTo(TokenLinks.hash(path.substring(6)));
        assertThat(api("GET", "/api/invitations", null, ownerToken, 200).toString()).doesNotContain(path.substring(6)).contains("\"role\":\"member\"");

        assertThat(mvc.perform(get(path)).andReturn().getResponse().getContentAsString()).contains("Join the workspace").contains("Member");
        // A common password is refused with a reason, and nothing is created.
        String weak = join(path, "ben@example.com", "Ben", "password1234");
        assertThat(weak).contains("too easy to guess");
        assertThat(users.emailTaken("ben@example.com")).isFalse();

        assertThat(join(path, "ben@example.com", "Ben", NEW_PASSWORD)).isEqualTo("redirect /login?joined");
        // The link works once.
        assertThat(mvc.perform(get(path)).andReturn().getResponse().getContentAsString()).contains("This invitation cannot be used");
        assertThat(join(path, "eve@example.com", "Eve", NEW_PASSWORD)).contains("This invitation cannot be used");

        Cookie ben = signIn("ben@example.com", NEW_PASSWORD);
        long benId = users.findByEmail("ben@example.com").orElseThrow().id();
        assertThat(mvc.perform(get("/ask").cookie(ben)).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(mvc.perform(get("/settings/members").cookie(ben)).andReturn().getResponse().getStatus()).isEqualTo(403);
        String benToken = tokens.issue(users.findByEmail("ben@example.com").orElseThrow(), "ben's script", null).token();

        // Made a viewer: the very next request runs with the new role, in the session and with the token.
        assertThat(api("PATCH", "/api/members/" + benId, "{\"role\":\"viewer\"}", ownerToken, 200).path("role").asString()).isEqualTo("viewer");
        assertThat(mvc.perform(get("/ask").cookie(ben)).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(mvc.perform(get("/dashboards").cookie(ben)).andReturn().getResponse().getStatus()).isEqualTo(200);
        api("POST", "/api/analyses", "{\"question\":\"How many requests were denied today?\"}", benToken, 403);

        // Nobody changes the owner's role or removes them; only the owner hands the workspace over.
        long ownerId = users.findByEmail(OWNER_EMAIL).orElseThrow().id();
        api("PATCH", "/api/members/" + benId, "{\"role\":\"admin\"}", ownerToken, 200);
        String benAdminToken = benToken;
        api("DELETE", "/api/members/" + ownerId, null, benAdminToken, 403);
        api("PATCH", "/api/members/" + ownerId, "{\"role\":\"member\"}", benAdminToken, 403);
        api("PATCH", "/api/members/" + benId, "{\"role\":\"owner\"}", benAdminToken, 403);
        api("PATCH", "/api/members/" + benId, "{\"role\":\"chief\"}", ownerToken, 400);

        // Removed: sessions and API tokens end at once, and so does the account.
        api("DELETE", "/api/members/" + benId, null, ownerToken, 204);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = 'ben@example.com'").query(Long.class).single()).isZero();
        var gone = mvc.perform(get("/dashboards").cookie(ben)).andReturn().getResponse();
        assertThat(gone.getStatus()).isEqualTo(302);
        assertThat(gone.getRedirectedUrl()).endsWith("/login");
        api("GET", "/api/me", null, benToken, 401);
        assertThat(signInOutcome("ben@example.com", NEW_PASSWORD)).endsWith("/login?error");
    }

    @Test
    void invitationsExpireAndCanBeRevoked() throws Exception {
        String expiring = path(api("POST", "/api/invitations", "{\"role\":\"viewer\"}", ownerToken, 201));
        jdbc.sql("UPDATE invitation SET expires_at = ?").param(OffsetDateTime.now().minusMinutes(1)).update();
        assertThat(join(expiring, "late@example.com", "Late", NEW_PASSWORD)).contains("This invitation cannot be used");

        JsonNode revoked = api("POST", "/api/invitations", "{\"role\":\"admin\"}", ownerToken, 201);
        api("DELETE", "/api/invitations/" + revoked.path("id").asLong(), null, ownerToken, 204);
        assertThat(join(path(revoked), "rex@example.com", "Rex", NEW_PASSWORD)).contains("This invitation cannot be used");
        assertThat(users.emailTaken("late@example.com") || users.emailTaken("rex@example.com")).isFalse();

        // Ownership is handed over, never invited.
        api("POST", "/api/invitations", "{\"role\":\"owner\"}", ownerToken, 400);
    }

    @Test
    void passwordsAreChangedAndResetAndEveryOldSessionEnds() throws Exception {
        Cookie first = signIn(OWNER_EMAIL, OWNER_PASSWORD);
        Cookie second = signIn(OWNER_EMAIL, OWNER_PASSWORD);
        String refused = mvc.perform(post("/settings/password").cookie(first).with(csrf()).param("currentPassword", "not-my-password")
                .param("password", NEW_PASSWORD).param("confirmPassword", NEW_PASSWORD)).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("current password is not right");
        String common = mvc.perform(post("/settings/password").cookie(first).with(csrf()).param("currentPassword", OWNER_PASSWORD)
                .param("password", "qwertyuiop12").param("confirmPassword", "qwertyuiop12")).andReturn().getResponse().getContentAsString();
        assertThat(common).contains("too easy to guess");

        var changed = mvc.perform(post("/settings/password").cookie(first).with(csrf()).param("currentPassword", OWNER_PASSWORD)
                .param("password", NEW_PASSWORD).param("confirmPassword", NEW_PASSWORD)).andReturn().getResponse();
        assertThat(changed.getRedirectedUrl()).isEqualTo("/login?passwordChanged");
        assertThat(mvc.perform(get("/sources").cookie(second)).andReturn().getResponse().getStatus()).isEqualTo(302);
        assertThat(signInOutcome(OWNER_EMAIL, OWNER_PASSWORD)).endsWith("/login?error");

        // An admin's one-time reset link for a member.
        users.insert(users.defaultWorkspaceId(), "cy@example.com", "Cy", Role.MEMBER, passwords.encode("cy-forgot-this-one-long-ago"));
        long cy = users.findByEmail("cy@example.com").orElseThrow().id();
        String reset = api("POST", "/api/members/" + cy + "/password-reset", null, ownerToken, 201).path("url").asString();
        String resetPath = reset.substring(reset.indexOf("/reset-password/"));
        var done = mvc.perform(post(resetPath).with(csrf()).param("password", NEW_PASSWORD).param("confirmPassword", NEW_PASSWORD)).andReturn().getResponse();
        assertThat(done.getRedirectedUrl()).isEqualTo("/login?passwordChanged");
        assertThat(signInOutcome("cy@example.com", NEW_PASSWORD)).isEqualTo("/");
        assertThat(mvc.perform(get(resetPath)).andReturn().getResponse().getContentAsString()).contains("This link cannot be used");
    }

    @Test
    void theOwnerHandsTheWorkspaceOver() throws Exception {
        users.insert(users.defaultWorkspaceId(), "dee@example.com", "Dee", Role.ADMIN, passwords.encode(NEW_PASSWORD));
        long dee = users.findByEmail("dee@example.com").orElseThrow().id();
        api("PATCH", "/api/members/" + dee, "{\"role\":\"owner\"}", ownerToken, 200);
        assertThat(users.findByEmail("dee@example.com").orElseThrow().role()).isEqualTo(Role.OWNER);
        assertThat(users.findByEmail(OWNER_EMAIL).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(jdbc.sql("SELECT owner_user_id FROM workspace").query(Long.class).single()).isEqualTo(dee);
        // The former owner is an admin now: no more vault keys, and no second hand-over.
        api("POST", "/api/vault/rotate", null, ownerToken, 403);
        api("PATCH", "/api/members/" + dee, "{\"role\":\"member\"}", ownerToken, 403);
    }

    @Test
    void anApiTokenStopsWorkingWhenItExpires() throws Exception {
        var olivia = users.findByEmail(OWNER_EMAIL).orElseThrow();
        var issued = tokens.issue(olivia, "a month", java.time.Duration.ofDays(30));
        assertThat(issued.info().expiresAt()).isAfter(OffsetDateTime.now().plusDays(29));
        api("GET", "/api/me", null, issued.token(), 200);
        jdbc.sql("UPDATE api_token SET expires_at = ? WHERE id = ?").params(OffsetDateTime.now().minusSeconds(1), issued.info().id()).update();
        api("GET", "/api/me", null, issued.token(), 401);
        // It is listed as expired, with when it was last used.
        var listed = tokens.listOf(olivia).stream().filter(t -> t.id() == issued.info().id()).findFirst().orElseThrow();
        assertThat(listed.expired()).isTrue();
        assertThat(listed.lastUsedAt()).isNotNull();
    }

    @Test
    void linksStopWorkingWhenTheirIssuerMayNoLongerIssueThem() throws Exception {
        users.insert(users.defaultWorkspaceId(), "ari@example.com", "Ari", Role.ADMIN, passwords.encode(NEW_PASSWORD));
        users.insert(users.defaultWorkspaceId(), "abe@example.com", "Abe", Role.ADMIN, passwords.encode(NEW_PASSWORD));
        long ari = users.findByEmail("ari@example.com").orElseThrow().id();
        long abe = users.findByEmail("abe@example.com").orElseThrow().id();
        String ariToken = tokens.issue(users.findByEmail("ari@example.com").orElseThrow(), "ari", null).token();
        // An admin may not take over another admin's account with a reset link, nor by demoting them first.
        api("POST", "/api/members/" + abe + "/password-reset", null, ariToken, 403);
        api("PATCH", "/api/members/" + abe, "{\"role\":\"member\"}", ariToken, 403);
        api("DELETE", "/api/members/" + abe, null, ariToken, 403);
        api("POST", "/api/members/" + abe + "/password-reset", null, ariToken, 403);
        assertThat(users.findById(users.defaultWorkspaceId(), abe).orElseThrow().role()).isEqualTo(Role.ADMIN);
        // The page offers neither to Ari, and both to the owner.
        String ariPage = mvc.perform(get("/settings/members").cookie(signIn("ari@example.com", NEW_PASSWORD))).andReturn().getResponse().getContentAsString();
        assertThat(ariPage).doesNotContain("/settings/members/" + abe + "/role").doesNotContain("/settings/members/" + abe + "/reset-link")
                .doesNotContain("/settings/members/" + abe + "/remove");
        String ownerPage = mvc.perform(get("/settings/members").cookie(signIn(OWNER_EMAIL, OWNER_PASSWORD))).andReturn().getResponse().getContentAsString();
        assertThat(ownerPage).contains("/settings/members/" + abe + "/role").contains("/settings/members/" + abe + "/reset-link")
                .contains("/settings/members/" + abe + "/remove");
        String invitation = path(api("POST", "/api/invitations", "{\"role\":\"admin\"}", ariToken, 201));
        // Demoted, Ari's pending invitation no longer works.
        api("PATCH", "/api/members/" + ari, "{\"role\":\"member\"}", ownerToken, 200);
        assertThat(join(invitation, "mallory@example.com", "Mallory", NEW_PASSWORD)).contains("This invitation cannot be used");
    }

    @Test
    void aResetRevokesTokensAndGuessingTheCurrentPasswordIsThrottled() throws Exception {
        users.insert(users.defaultWorkspaceId(), "cy@example.com", "Cy", Role.MEMBER, passwords.encode("cy-forgot-this-one-long-ago"));
        var cy = users.findByEmail("cy@example.com").orElseThrow();
        String cyToken = tokens.issue(cy, "cy", null).token();
        String reset = api("POST", "/api/members/" + cy.id() + "/password-reset", null, ownerToken, 201).path("url").asString();
        mvc.perform(post(reset.substring(reset.indexOf("/reset-password/"))).with(csrf()).param("password", NEW_PASSWORD).param("confirmPassword", NEW_PASSWORD));
        api("GET", "/api/me", null, cyToken, 401);

        Cookie session = signIn("cy@example.com", NEW_PASSWORD);
        String last = "";
        for (int i = 0; i < SignInThrottle.FREE_PER_ACCOUNT + 1; i++) {
            last = mvc.perform(post("/settings/password").cookie(session).with(csrf()).param("currentPassword", "guess-" + i)
                    .param("password", "another-long-passphrase-9").param("confirmPassword", "another-long-passphrase-9")).andReturn().getResponse().getContentAsString();
        }
        assertThat(last).contains("Too many wrong passwords");
    }

    @Test
    void aLongEmailSignsIn() throws Exception {
        String email = "a".repeat(110) + "@example.com";
        String path = path(api("POST", "/api/invitations", "{\"role\":\"member\"}", ownerToken, 201));
        assertThat(join(path, email, "Long", NEW_PASSWORD)).isEqualTo("redirect /login?joined");
        signIn(email, NEW_PASSWORD);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?").param(email).query(Long.class).single()).isEqualTo(1);
        // Without a name, the email stands for it, cut to the 100 characters a name may have.
        String nameless = "b".repeat(110) + "@example.com";
        String again = path(api("POST", "/api/invitations", "{\"role\":\"member\"}", ownerToken, 201));
        assertThat(join(again, nameless, "", NEW_PASSWORD)).isEqualTo("redirect /login?joined");
        assertThat(users.findByEmail(nameless).orElseThrow().displayName()).hasSize(100).startsWith("bbbb").endsWith("…");
    }

    private String join(String path, String email, String name, String password) throws Exception {
        MockHttpServletResponse response = mvc.perform(post(path).with(csrf()).param("email", email).param("displayName", name)
                .param("password", password).param("confirmPassword", password)).andReturn().getResponse();
        return response.getStatus() == 302 ? "redirect " + response.getRedirectedUrl() : response.getContentAsString();
    }

    private Cookie signIn(String email, String password) throws Exception {
        var response = mvc.perform(post("/login").with(csrf()).param("email", email).param("password", password)).andReturn().getResponse();
        assertThat(response.getRedirectedUrl()).isEqualTo("/");
        return response.getCookie("SIGHTLINE_SESSION");
    }

    private String signInOutcome(String email, String password) throws Exception {
        return String.valueOf(mvc.perform(post("/login").with(csrf()).param("email", email).param("password", password)).andReturn().getResponse()
                .getRedirectedUrl());
    }

    private static String path(JsonNode invitation) {
        String url = invitation.path("url").asString();
        return url.substring(url.indexOf("/join/"));
    }

    private JsonNode api(String method, String path, String body, String token, int expected) throws Exception {
        var request = switch (method) {
            case "POST" -> post(path);
            case "PATCH" -> patch(path);
            case "DELETE" -> delete(path);
            default -> get(path);
        };
        request.header("Authorization", "Bearer " + token).accept(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        var response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(method + " " + path + ": " + response.getContentAsString()).isEqualTo(expected);
        String text = response.getContentAsString();
        return text.isBlank() ? JsonMapper.shared().createObjectNode() : JsonMapper.shared().readTree(text);
    }
}
