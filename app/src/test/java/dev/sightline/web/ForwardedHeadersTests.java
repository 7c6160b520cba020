package dev.sightline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.sightline.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that is no configured proxy cannot say where the request went or where it came from:
 * X-Forwarded-* is ignored and the Host header never becomes Sightline's address. Run as on
 * Kubernetes, where Spring Boot on its own trusts every private network, loopback included.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.main.cloud-platform=kubernetes",
        "sightline.bootstrap.admin-email=owner@example.com",
        "sightline.bootstrap.admin-password=owner-password-123",
        "sightline.bootstrap.api-token=" + ForwardedHeadersTests.TOKEN})
@ActiveProfiles("test")
@Import(RequestEcho.class)
class ForwardedHeadersTests {

    static final String TOKEN = "forwarded-token-0123456789abcdef";

    static final Map<String, String> FORWARDED = Map.of("X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https",
            "X-Forwarded-Port", "443", "X-Forwarded-For", "203.0.113.9");

    @LocalServerPort
    int port;

    @Test
    void forwardedHeadersFromAClientAreIgnored() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>(FORWARDED);
        headers.put("Host", "localhost:" + port);
        headers.put("Authorization", "Bearer " + TOKEN);
        RawHttp.Response response = RawHttp.send(port, "GET", "/api/test/request", headers, null);
        assertThat(response.status()).isEqualTo(200);
        JsonNode seen = JsonMapper.shared().readTree(response.body());
        assertThat(seen.path("remoteAddr").asString()).isEqualTo("127.0.0.1");
        assertThat(seen.path("secure").asBoolean()).isFalse();
        assertThat(seen.path("scheme").asString()).isEqualTo("http");
        assertThat(seen.path("serverPort").asInt()).isEqualTo(port);
        assertThat(seen.path("serverName").asString()).isEqualTo("localhost");
        assertThat(response.header("Strict-Transport-Security")).isNull();
    }

    @Test
    void theRedirectUriIsLocalhostWhateverTheRequestSays() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>(FORWARDED);
        headers.put("Host", "evil.example");
        RawHttp.Response metadata = RawHttp.send(port, "GET", "/oauth/client-metadata.json", headers, null);
        assertThat(metadata.status()).isEqualTo(200);
        JsonNode document = JsonMapper.shared().readTree(metadata.body());
        assertThat(document.path("redirect_uris").get(0).asString()).isEqualTo("http://localhost:" + port + "/oauth/callback");
        assertThat(document.path("client_id").asString()).isEqualTo("http://localhost:" + port + "/oauth/client-metadata.json");
        assertThat(metadata.body()).doesNotContain("evil.example");
    }
}
