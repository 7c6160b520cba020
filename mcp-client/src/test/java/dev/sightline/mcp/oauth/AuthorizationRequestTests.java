package dev.sightline.mcp.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import org.junit.jupiter.api.Test;

/**
 * The authorization request a person's browser is sent with: its address comes from metadata the
 * server writes, so only an https page (or http on this machine) is ever handed to a browser.
 */
class AuthorizationRequestTests {

    private static final ClientRegistration CLIENT = new ClientRegistration("https://as.example", "client-1", null, "none", "https://sightline.example/callback");

    @Test
    void anHttpsSignInPageGetsTheRequestWithPkceAndTheResource() throws Exception {
        PendingAuthorization pending = start("https://as.example/authorize");
        assertThat(pending.authorizationUrl().toString()).startsWith("https://as.example/authorize?")
                .contains("code_challenge_method=S256").contains("resource=https%3A%2F%2Fmcp.example%2Fmcp").contains("client_id=client-1");
        assertThat(start("http://localhost:8081/authorize").authorizationUrl().getHost()).isEqualTo("localhost");
        assertThat(start("http://127.0.0.1:8081/authorize").authorizationUrl().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void scriptsDataAndPlainHttpElsewhereAreNeverHandedToABrowser() {
        for (String endpoint : new String[] {"javascript:alert(document.domain)//", "data:text/html,%3Cscript%3Ealert(1)%3C/script%3E", "http://as.example/authorize",
                "https://user:pass@as.example/authorize", "/authorize", "file:///etc/passwd"}) {
            assertThatThrownBy(() -> start(endpoint)).as(endpoint).isInstanceOf(OAuthException.class).hasMessageContaining("not an https address");
        }
    }

    private static PendingAuthorization start(String endpoint) throws Exception {
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse("{\"issuer\":\"https://as.example\",\"authorization_endpoint\":\""
                + endpoint.replace("\"", "\\\"") + "\",\"token_endpoint\":\"https://as.example/token\",\"response_types_supported\":[\"code\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"]}");
        return McpAuthorization.startAuthorization(metadata, CLIENT, Optional.empty(), URI.create("https://mcp.example/mcp"));
    }
}
