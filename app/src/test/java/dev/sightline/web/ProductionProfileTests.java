package dev.sightline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.sightline.SightlineApplication;
import dev.sightline.testing.RawHttp;
import dev.sightline.testing.SandboxProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The production profile behind a reverse proxy on this machine: the proxy (and only it) marks
 * requests https with X-Forwarded-Proto, and those answers carry HSTS; the public address comes
 * from SIGHTLINE_BASE_URL, without which production does not start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "SIGHTLINE_BASE_URL=https://sightline.example.com/",
        "SIGHTLINE_TRUSTED_PROXIES=10.9.9.9/32, 127.0.0.1/32",
        "sightline.bootstrap.admin-email=owner@example.com",
        "sightline.bootstrap.admin-password=owner-password-123",
        "sightline.bootstrap.api-token=" + ProductionProfileTests.TOKEN})
@ActiveProfiles({"test", "production"})
@Import(RequestEcho.class)
@ExtendWith(OutputCaptureExtension.class)
class ProductionProfileTests {

    static final String TOKEN = "production-token-0123456789abcdef";
    /** SIGHTLINE_MASTER_KEY, as production requires: a keyset's JSON, base64-encoded. */
    static final String KEY = newKeyset();

    @DynamicPropertySource
    static void masterKey(DynamicPropertyRegistry registry) {
        registry.add("sightline.master-key", () -> KEY);
    }

    @LocalServerPort
    int port;

    @Test
    void behindTheTrustedProxyRequestsAreHttpsWithHstsAndTheBaseUrlStays() throws Exception {
        Map<String, String> proxied = new LinkedHashMap<>();
        proxied.put("Host", "localhost:" + port);
        proxied.put("Authorization", "Bearer " + TOKEN);
        proxied.put("X-Forwarded-Proto", "https");
        proxied.put("X-Forwarded-Host", "sightline.example.com");
        proxied.put("X-Forwarded-For", "203.0.113.9");
        RawHttp.Response response = RawHttp.send(port, "GET", "/api/test/request", proxied, null);
        assertThat(response.status()).isEqualTo(200);
        JsonNode seen = JsonMapper.shared().readTree(response.body());
        assertThat(seen.path("secure").asBoolean()).isTrue();
        assertThat(seen.path("remoteAddr").asString()).isEqualTo("203.0.113.9");
        assertThat(seen.path("serverName").asString()).isEqualTo("sightline.example.com");
        assertThat(response.header("Strict-Transport-Security")).contains("max-age=31536000", "includeSubDomains");

        // Pages too.
        RawHttp.Response login = RawHttp.send(port, "GET", "/login", Map.of("Host", "localhost:" + port, "X-Forwarded-Proto", "https"), null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Strict-Transport-Security")).contains("max-age=31536000");

        // Plain http (the proxy did not say https) gets none: HSTS only counts over TLS.
        RawHttp.Response plain = RawHttp.send(port, "GET", "/login", Map.of("Host", "localhost:" + port), null);
        assertThat(plain.header("Strict-Transport-Security")).isNull();

        // Even the trusted proxy's X-Forwarded-Host (or a forged Host behind it) does not move the redirect URI: SIGHTLINE_BASE_URL names it.
        RawHttp.Response metadata = RawHttp.send(port, "GET", "/oauth/client-metadata.json",
                Map.of("Host", "evil.example", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"), null);
        JsonNode document = JsonMapper.shared().readTree(metadata.body());
        assertThat(document.path("redirect_uris").get(0).asString()).isEqualTo("https://sightline.example.com/oauth/callback");
        assertThat(metadata.body()).doesNotContain("evil.example");
    }

    @Test
    void keysFromTheEnvironmentAreNotRotatedHereAndSaySo() throws Exception {
        for (String action : new String[] {"rotate", "retire"}) {
            RawHttp.Response refused = RawHttp.send(port, "POST", "/api/vault/" + action, Map.of("Host", "localhost:" + port, "Authorization", "Bearer " + TOKEN), null);
            assertThat(refused.status()).as(action).isEqualTo(409);
            assertThat(refused.body()).as(action).contains("comes from SIGHTLINE_MASTER_KEY");
        }
    }

    @Test
    void productionWithoutABaseUrlDoesNotStart(CapturedOutput output) throws Exception {
        Path data = SandboxProcess.emptyDirectory(Path.of("target", "production-without-base-url")).toAbsolutePath();
        assertThatThrownBy(() -> new SpringApplicationBuilder(SightlineApplication.class).run(
                "--server.port=0",
                "--spring.profiles.active=test,production",
                "--spring.datasource.url=jdbc:h2:file:" + data + "/sightline;DB_CLOSE_ON_EXIT=FALSE",
                "--sightline.data-dir=" + data,
                "--sightline.base-url=",
                "--sightline.master-key=" + KEY,
                "--logging.file.name=" + data + "/logs/sightline.log").close())
                .satisfies(e -> assertThat(causes(e)).contains("SIGHTLINE_BASE_URL is required in production"));
        // Said as what to do, not only as a stack trace.
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "Set SIGHTLINE_BASE_URL to the address people open Sightline at");
        // The database H2 created before the start stopped is not left readable to others.
        try (Stream<Path> all = Files.walk(data)) {
            assertThat(all.filter(Files::isRegularFile).toList()).isNotEmpty().allSatisfy(file ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------"));
        }
    }

    private static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static String newKeyset() {
        try {
            AeadConfig.register();
            String json = TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
            return java.util.Base64.getEncoder().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
