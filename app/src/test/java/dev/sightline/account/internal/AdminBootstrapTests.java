package dev.sightline.account.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** SIGHTLINE_ADMIN_EMAIL / _PASSWORD / SIGHTLINE_API_TOKEN prepare an installation without a browser. */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:bootstrap;DB_CLOSE_DELAY=-1",
        "sightline.bootstrap.admin-email=ops@example.com",
        "sightline.bootstrap.admin-password=a-long-admin-password",
        "sightline.bootstrap.api-token=" + AdminBootstrapTests.TOKEN})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class AdminBootstrapTests {

    static final String TOKEN = "automation-token-0123456789abcdef";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AdminBootstrap bootstrap;

    @Test
    void createsTheOwnerAndRegistersTheTokenOnce() throws Exception {
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.email").value("ops@example.com"))
                .andExpect(jsonPath("$.role").value("OWNER"));

        // A restart with the same variables changes nothing.
        bootstrap.run(null);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM user_account").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_token").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT token_hash FROM api_token").query(String.class).single()).isNotEqualTo(TOKEN);
    }
}
