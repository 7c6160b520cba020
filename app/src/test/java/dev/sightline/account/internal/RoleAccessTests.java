package dev.sightline.account.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sightline.account.Role;
import dev.sightline.account.SightlineUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every page and API endpoint the application maps, called by each role and by nobody: a role
 * below the endpoint's is refused (403), a role at or above it is let through, nobody is sent to
 * sign in. The expectations below are the product's access rules written out independently of the
 * security configuration; an endpoint added later falls under "members and up" unless listed, so a
 * new admin page left open to members fails here.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:roles;DB_CLOSE_DELAY=-1")
class RoleAccessTests {

    /** Open to anyone, signed in or not. */
    private static final Set<String> PUBLIC = Set.of("/login", "/setup", "/join/{secret}", "/reset-password/{secret}", "/oauth/callback",
            "/oauth/client-metadata.json", "/error");
    /** Viewers and up: reading dashboards, one's own settings. "METHOD path" or "path" for every method. */
    private static final Set<String> VIEWER = Set.of("GET /", "GET /settings", "GET /settings/integrations", "GET /settings/workspace",
            "GET /dashboards", "GET /dashboards/{id}", "POST /dashboards/{id}/refresh", "/settings/api-tokens", "/settings/api-tokens/{id}/revoke",
            "/settings/password", "GET /api/me", "GET /api/workspace", "GET /api/dashboards", "GET /api/dashboards/{id}",
            "POST /api/dashboards/{id}/refresh", "GET /api/openapi.json", "GET /api/openapi.json/{group}", "GET /api/openapi.json.yaml",
            "GET /api/openapi.json.yaml/{group}");
    /** Admins and the owner: members, invitations, the audit log, workspace settings. */
    private static final Set<String> ADMIN = Set.of("/settings/members", "/settings/members/invitations", "/settings/members/invitations/{id}/revoke",
            "/settings/members/{id}/remove", "/settings/members/{id}/reset-link", "/settings/members/{id}/role", "/settings/audit",
            "POST /settings/workspace", "/api/members", "/api/members/{id}", "/api/members/{id}/password-reset", "/api/invitations",
            "/api/invitations/{id}", "PUT /api/workspace");
    /** The owner alone: the vault's keys. */
    private static final Set<String> OWNER = Set.of("/api/vault/rotate", "/api/vault/retire");

    @Autowired
    MockMvc mvc;
    @Autowired
    UserAccounts users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final Map<Role, SightlineUser> people = new EnumMap<>(Role.class);

    @BeforeEach
    void onePersonPerRole() {
        jdbc.sql("UPDATE workspace SET owner_user_id = NULL").update();
        jdbc.sql("DELETE FROM user_account").update();
        long workspace = users.defaultWorkspaceId();
        for (Role role : Role.values()) {
            long id = users.insert(workspace, role.name().toLowerCase() + "@example.com", role.label(), role, "{noop}unused");
            SightlineUser user = users.findById(workspace, id).orElseThrow();
            user.eraseCredentials();
            people.put(role, user);
        }
    }

    @Test
    void everyEndpointAdmitsExactlyTheRolesItShould() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (var entry : mappings.getHandlerMethods().entrySet()) {
            Set<String> patterns = entry.getKey().getPatternValues();
            Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
            for (String pattern : patterns) {
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    Role needed = needed(method.name(), pattern);
                    String path = concrete(pattern);
                    for (Role role : Role.values()) {
                        int status = statusOf(as(method.name(), path, role));
                        boolean allowed = needed == null || role.atLeast(needed);
                        if (allowed && (status == 401 || status == 403)) {
                            wrong.add(method + " " + pattern + " as " + role + ": " + status + ", expected to be let through");
                        } else if (!allowed && status != 403) {
                            wrong.add(method + " " + pattern + " as " + role + ": " + status + ", expected 403");
                        }
                        checked++;
                    }
                    var anonymous = mvc.perform(anonymous(method.name(), path)).andReturn().getResponse();
                    boolean refused = anonymous.getStatus() == 401 || anonymous.getStatus() == 302 && String.valueOf(anonymous.getRedirectedUrl()).endsWith("/login");
                    if (needed != null && !refused) {
                        wrong.add(method + " " + pattern + " without signing in: " + anonymous.getStatus() + ", expected sign-in");
                    }
                }
            }
        }
        assertThat(checked).as("requests made").isGreaterThan(300);
        assertThat(wrong).isEmpty();
    }

    /** The role an endpoint needs, or null when it is public. */
    private static Role needed(String method, String pattern) {
        if (PUBLIC.contains(pattern)) {
            return null;
        }
        for (var rule : List.of(Map.entry(OWNER, Role.OWNER), Map.entry(ADMIN, Role.ADMIN), Map.entry(VIEWER, Role.VIEWER))) {
            if (rule.getKey().contains(pattern) || rule.getKey().contains(method + " " + pattern)) {
                return rule.getValue();
            }
        }
        return Role.MEMBER;
    }

    /** The status of a request; one that failed past the security filters (a body the endpoint cannot read) was let through. */
    private int statusOf(MockHttpServletRequestBuilder request) throws Exception {
        try {
            return mvc.perform(request).andReturn().getResponse().getStatus();
        } catch (jakarta.servlet.ServletException failedInTheHandler) {
            return 500;
        }
    }

    private static String concrete(String pattern) {
        return pattern.replace("{action:block|unblock}", "block").replace("{connector}", "custom-mcp").replace("{secret}", "not-a-secret")
                .replace("{table}", "t").replace("{tool}", "t").replaceAll("\\{[A-Za-z]+}", "999999");
    }

    private MockHttpServletRequestBuilder as(String method, String path, Role role) {
        SightlineUser user = people.get(role);
        return anonymous(method, path).with(authentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities())));
    }

    private static MockHttpServletRequestBuilder anonymous(String method, String path) {
        var builder = request(HttpMethod.valueOf(method), path).with(csrf()).accept(MediaType.APPLICATION_JSON, MediaType.TEXT_HTML);
        if (!method.equals("GET")) {
            builder.contentType(MediaType.APPLICATION_JSON).content("{}");
        }
        return builder;
    }
}
