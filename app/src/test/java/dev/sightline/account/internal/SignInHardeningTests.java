package dev.sightline.account.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import jakarta.servlet.http.Cookie;
import dev.sightline.account.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Sign-in as an attacker meets it: guessing passwords and tokens, filling the session table
 * anonymously, and using a session id read from the database. The throttle runs on a clock the
 * test moves, so nothing depends on how fast the machine is.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:signin;DB_CLOSE_DELAY=-1")
class SignInHardeningTests {

    static final String EMAIL = "ada@example.com";
    static final String PASSWORD = "a-sound-sign-in-passphrase";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserAccounts users;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    SignInThrottle throttle;

    Instant now = Instant.parse("2026-12-01T09:00:00Z");

    @BeforeEach
    void oneAccount() {
        jdbc.sql("DELETE FROM SPRING_SESSION").update();
        jdbc.sql("DELETE FROM sign_in_throttle").update();
        jdbc.sql("UPDATE workspace SET owner_user_id = NULL").update();
        jdbc.sql("DELETE FROM user_account").update();
        users.insert(users.defaultWorkspaceId(), EMAIL, "Ada", Role.OWNER, passwords.encode(PASSWORD));
        throttle.clock = Clock.fixed(now, ZoneOffset.UTC);
    }

    @AfterEach
    void realClockAndNobodySignedIn() {
        throttle.clock = Clock.systemUTC();
        // The test harness keeps the last request's sign-in for the thread; the next test starts as nobody.
        org.springframework.security.test.context.TestSecurityContextHolder.clearContext();
    }

    @Test
    void fiftyWrongPasswordsReachThePasswordCheckOnlyFiveTimes() throws Exception {
        int checked = 0;
        int turnedAway = 0;
        for (int i = 0; i < 50; i++) {
            String outcome = signIn(EMAIL, "wrong-guess-" + i, "203.0.113.7");
            checked += outcome.endsWith("/login?error") ? 1 : 0;
            turnedAway += outcome.endsWith("/login?locked") ? 1 : 0;
        }
        assertThat(checked).isEqualTo(SignInThrottle.FREE_PER_ACCOUNT);
        assertThat(turnedAway).isEqualTo(50 - SignInThrottle.FREE_PER_ACCOUNT);

        // Locked means locked: even the right password waits, from any address, whichever way the path is spelled.
        assertThat(signIn(EMAIL, PASSWORD, "198.51.100.9")).endsWith("/login?locked");
        var encoded = mvc.perform(post(java.net.URI.create("/%6Cogin")).with(csrf()).with(from("198.51.100.9")).param("email", EMAIL).param("password", PASSWORD))
                .andReturn().getResponse();
        assertThat(String.valueOf(encoded.getRedirectedUrl())).isNotEqualTo("/");

        // The lock backs off: after the first failure beyond the free ones 1 s, then 2 s, 4 s ...
        assertThat(SignInThrottle.backOff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SignInThrottle.backOff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(SignInThrottle.backOff(45)).isEqualTo(Duration.ofMinutes(15));

        // Once the lock has passed, the right password signs in and clears the account's count.
        throttle.clock = Clock.fixed(now.plus(Duration.ofMinutes(16)), ZoneOffset.UTC);
        assertThat(signIn(EMAIL, PASSWORD, "198.51.100.9")).isEqualTo("/");
        assertThat(signIn(EMAIL, "one-more-wrong-guess", "198.51.100.9")).endsWith("/login?error");

        // An hour later the old counts are gone from the table (its scheduled job), not just ignored; new ones stay.
        throttle.clock = Clock.fixed(now.plus(Duration.ofHours(3)), ZoneOffset.UTC);
        signIn("someone-else@example.com", "wrong", "192.0.2.1");
        throttle.forgetOld();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sign_in_throttle").query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void anUnknownEmailIsTreatedExactlyLikeAKnownOne() throws Exception {
        StringBuilder known = new StringBuilder();
        StringBuilder unknown = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            known.append(signIn(EMAIL, "wrong-" + i, "203.0.113." + i)).append(' ');
            unknown.append(signIn("nobody@example.com", "wrong-" + i, "203.0.114." + i)).append(' ');
        }
        assertThat(unknown.toString()).isEqualTo(known.toString());
    }

    @Test
    void oneAddressGuessingManyAccountsIsThrottledToo() throws Exception {
        for (int i = 0; i < SignInThrottle.FREE_PER_ADDRESS; i++) {
            assertThat(signIn("person" + i + "@example.com", "wrong", "203.0.113.50")).endsWith("/login?error");
        }
        assertThat(signIn("fresh@example.com", "wrong", "203.0.113.50")).endsWith("/login?locked");
        // The same account from elsewhere is not affected by that address.
        assertThat(signIn(EMAIL, PASSWORD, "203.0.113.51")).isEqualTo("/");
    }

    @Test
    void wrongApiTokensFromOneAddressAreThrottled() throws Exception {
        int unauthorized = 0;
        int throttled = 0;
        for (int i = 0; i < 30; i++) {
            int status = mvc.perform(get("/api/me").header("Authorization", "Bearer slt_guess" + i).with(from("203.0.113.99")))
                    .andReturn().getResponse().getStatus();
            unauthorized += status == 401 ? 1 : 0;
            throttled += status == 429 ? 1 : 0;
        }
        assertThat(unauthorized).isEqualTo(SignInThrottle.FREE_PER_ADDRESS);
        assertThat(throttled).isEqualTo(30 - SignInThrottle.FREE_PER_ADDRESS);
    }

    @Test
    void oneAccountKeepsAtMostTenSessions() throws Exception {
        for (int i = 0; i < 14; i++) {
            assertThat(signIn(EMAIL, PASSWORD, "203.0.113.2")).isEqualTo("/");
        }
        assertThat(sessions()).isEqualTo(SignInHandlers.SESSIONS_PER_USER);
    }

    @Test
    void aSessionIdReadFromTheDatabaseIsNotACookieTheServerAccepts() throws Exception {
        MockHttpServletResponse signedIn = mvc.perform(post("/login").with(csrf()).param("email", EMAIL).param("password", PASSWORD))
                .andReturn().getResponse();
        Cookie cookie = signedIn.getCookie("SIGHTLINE_SESSION");
        assertThat(mvc.perform(get("/sources").cookie(cookie)).andReturn().getResponse().getStatus()).isEqualTo(200);

        String storedId = jdbc.sql("SELECT SESSION_ID FROM SPRING_SESSION").query(String.class).single();
        assertThat(cookie.getValue()).doesNotContain(storedId).isNotEqualTo(base64(storedId));
        for (String forged : new String[] {storedId, base64(storedId)}) {
            var response = mvc.perform(get("/sources").cookie(new Cookie("SIGHTLINE_SESSION", forged))).andReturn().getResponse();
            assertThat(response.getStatus()).as("a cookie made from the stored id").isEqualTo(302);
            assertThat(response.getRedirectedUrl()).endsWith("/login");
        }
    }

    private String signIn(String email, String password, String address) throws Exception {
        var response = mvc.perform(post("/login").with(csrf()).with(from(address)).param("email", email).param("password", password))
                .andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(302);
        return String.valueOf(response.getRedirectedUrl());
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private long sessions() {
        return jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION").query(Long.class).single();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
