package dev.sightline.account.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** SIGHTLINE_ADMIN_EMAIL / _PASSWORD / SIGHTLINE_API_TOKEN prepare an installation without a browser. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:bootstrap;DB_CLOSE_DELAY=-1",
        "sightline.bootstrap.admin-email=ops@example.com",
        "sightline.bootstrap.admin-password=a-long-admin-password",
        "sightline.bootstrap.api-token=" + AdminBootstrapTests.TOKEN})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class AdminBootstrapTests {

    static final String TOKEN = "automation-token-0123456789abcdef";

    /** How many users existed when the web server began taking requests. */
    static final AtomicLong usersWhenServing = new AtomicLong(-1);

    @TestConfiguration
    static class WatchTheServerStart {
        @Bean
        ApplicationListener<WebServerInitializedEvent> countUsersWhenServing(JdbcClient jdbc) {
            return event -> usersWhenServing.set(jdbc.sql("SELECT COUNT(*) FROM user_account").query(Long.class).single());
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AdminBootstrap bootstrap;
    @Autowired
    ApiTokens tokens;
    @Autowired
    UserAccounts users;

    @Test
    void theOwnerExistsBeforeTheFirstRequestIsServed() {
        // Otherwise "Create your account" is offered to whoever comes first, for as long as start-up takes.
        assertThat(usersWhenServing.get()).isEqualTo(1);
    }

    @Test
    void createsTheOwnerAndRegistersTheTokenOnceAndARevokedTokenStaysRevoked() throws Exception {
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.email").value("ops@example.com"))
                .andExpect(jsonPath("$.role").value("OWNER"));

        // A restart with the same variables changes nothing.
        bootstrap.afterSingletonsInstantiated();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM user_account").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_token").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT token_hash FROM api_token").query(String.class).single()).isNotEqualTo(TOKEN);

        // The owner revokes the token; a restart with the variable still set does not bring it back.
        long tokenId = jdbc.sql("SELECT id FROM api_token").query(Long.class).single();
        assertThat(tokens.revoke(users.findByEmail("ops@example.com").orElseThrow(), tokenId)).isTrue();
        bootstrap.afterSingletonsInstantiated();
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + TOKEN)).andExpect(status().isUnauthorized());
    }
}
