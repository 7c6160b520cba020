package dev.sightline.web;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.sightline.account.Role;
import dev.sightline.account.SightlineUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ErrorPageTests {

    @LocalServerPort
    int port;
    @Autowired
    MockMvc mvc;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    SightlineUser someone;

    /** A member as stored: every request checks the account still exists with that role. */
    @org.junit.jupiter.api.BeforeEach
    void aMember() {
        jdbc.sql("DELETE FROM user_account WHERE email = 'someone@example.com'").update();
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("INSERT INTO user_account (workspace_id, email, display_name, role, password_hash, created_at) VALUES (1, 'someone@example.com', 'Someone', 'MEMBER', '{noop}x', CURRENT_TIMESTAMP)")
                .update(keys, "id");
        someone = new SightlineUser(keys.getKeyAs(Long.class), 1, "someone@example.com", "Someone", Role.MEMBER, null);
    }

    /** The error page is rendered by the container's error dispatch, so this needs a real server. */
    @Test
    void aMissingPageExplainsAndOffersAWayBack() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/css/no-such-file.css"))
                .header("Accept", "text/html").build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body())
                .contains("We couldn&#39;t find that page", "Go to Sightline")
                .doesNotContain("Whitelabel", "Exception", "trace");
    }

    @Test
    void theShellPagesRenderWithTheSidebar() throws Exception {
        for (String page : new String[] {"/sources", "/ask", "/dashboards", "/settings/integrations", "/settings/api-tokens"}) {
            mvc.perform(get(page).with(user(someone)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(allOf(
                            containsString("Data Sources"), containsString("Ask"), containsString("Dashboards"),
                            containsString("Settings"), containsString("htmx.min.js"))));
        }
    }

    @Test
    void webjarsAreServed() throws Exception {
        mvc.perform(get("/webjars/htmx.org/dist/htmx.min.js")).andExpect(status().isOk());
        mvc.perform(get("/webjars/echarts/echarts.min.js")).andExpect(status().isOk());
    }
}
