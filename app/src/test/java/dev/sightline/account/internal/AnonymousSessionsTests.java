package dev.sightline.account.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.sightline.account.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * Anonymous visitors get no session: 500 visits to the sign-in page once made 500 rows that lived
 * eight hours. Over real HTTP, in a context of its own: the test harness's CSRF support keeps its
 * tokens in sessions once any test in a context used it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:anonymous;DB_CLOSE_DELAY=-1")
class AnonymousSessionsTests {

    static final String EMAIL = "ada@example.com";
    static final String PASSWORD = "a-sound-sign-in-passphrase";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserAccounts users;
    @Autowired
    PasswordEncoder passwords;

    @Test
    void anonymousVisitorsCreateNoSessions() throws Exception {
        users.insert(users.defaultWorkspaceId(), EMAIL, "Ada", Role.OWNER, passwords.encode(PASSWORD));
        var http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).followRedirects(HttpClient.Redirect.NEVER).build();
        String login = "";
        for (int i = 0; i < 50; i++) {
            login = http.send(HttpRequest.newBuilder(URI.create(base() + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
            http.send(HttpRequest.newBuilder(URI.create(base() + "/sources")).build(), HttpResponse.BodyHandlers.discarding());
            http.send(HttpRequest.newBuilder(URI.create(base() + "/join/" + "x".repeat(43))).build(), HttpResponse.BodyHandlers.discarding());
        }
        var token = java.util.regex.Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(login);
        assertThat(token.find()).as("the sign-in form carries its CSRF token").isTrue();
        String form = "email=" + EMAIL + "&password=wrong-password-here&_csrf=" + java.net.URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        var failed = http.send(HttpRequest.newBuilder(URI.create(base() + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(failed.headers().firstValue("Location").orElse("")).endsWith("/login?error");
        assertThat(sessions()).isZero();

        // Without its token the form is refused.
        var forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=" + EMAIL + "&password=" + PASSWORD)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(sessions()).isZero();
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private long sessions() {
        return jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION").query(Long.class).single();
    }
}
