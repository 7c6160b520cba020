package dev.sightline.sandbox.oauth;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * OAuth clients: registered dynamically (RFC 7591), or identified by the URL of their client ID
 * metadata document, which the sandbox fetches. Loopback http is allowed for documents because
 * the sandbox and its clients run locally; a real authorization server would insist on https.
 * Registrations are kept across restarts ({@link AuthorizationStore}); documents are fetched anew.
 */
@Component
public class Clients {

    private static final Logger log = LoggerFactory.getLogger(Clients.class);
    private static final int MAX_DOCUMENT_BYTES = 64 * 1024;
    private static final List<ClientAuthenticationMethod> SUPPORTED_METHODS = List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
            ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.NONE);

    /** A client the sandbox knows: how it authenticates and where it may be redirected. */
    public record Client(String clientId, String secretHash, ClientAuthenticationMethod authMethod, List<URI> redirectUris,
                         String name, boolean fromMetadataDocument) {

        boolean allowsRedirect(URI uri) {
            return uri != null && redirectUris.contains(uri);
        }
    }

    /**
     * A registered client as it is saved. Secrets issued here never expire
     * ({@code client_secret_expires_at} 0), so there is no expiry to keep.
     */
    record Registration(String secretSha256, String authMethod, List<URI> redirectUris, String name, Instant registeredAt) {

        Registration {
            if (!SUPPORTED_METHODS.contains(ClientAuthenticationMethod.parse(Objects.requireNonNull(authMethod, "authMethod")))) {
                throw new IllegalArgumentException("Unsupported token_endpoint_auth_method " + authMethod);
            }
            if (redirectUris == null || redirectUris.isEmpty()) {
                throw new IllegalArgumentException("A registration needs redirect URIs");
            }
            if (secretSha256 == null && !authMethod.equals(ClientAuthenticationMethod.NONE.getValue())) {
                throw new IllegalArgumentException("A confidential client needs a secret");
            }
            Objects.requireNonNull(registeredAt, "registeredAt");
            redirectUris = List.copyOf(redirectUris);
        }

        Client client(String clientId) {
            return new Client(clientId, secretSha256, ClientAuthenticationMethod.parse(authMethod), redirectUris, name, false);
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final AuthorizationStore store;
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    Clients(AuthorizationStore store) {
        this.store = store;
        registrations.putAll(store.clients());
    }

    /** Registers a client and returns what RFC 7591 answers: the id, and a secret unless it is public. */
    ClientInformation register(ClientMetadata metadata) {
        metadata.applyDefaults();
        ClientAuthenticationMethod method = metadata.getTokenEndpointAuthMethod();
        if (!SUPPORTED_METHODS.contains(method)) {
            throw new IllegalArgumentException("token_endpoint_auth_method must be client_secret_basic, client_secret_post or none");
        }
        if (metadata.getRedirectionURIs() == null || metadata.getRedirectionURIs().isEmpty()) {
            throw new IllegalArgumentException("redirect_uris is required");
        }
        ClientID id = new ClientID("dcr_" + randomString(16));
        Secret secret = method.equals(ClientAuthenticationMethod.NONE) ? null : new Secret(randomString(32));
        Registration registration = new Registration(secret == null ? null : Grants.hash(secret.getValue()), method.getValue(),
                List.copyOf(metadata.getRedirectionURIs()), metadata.getName(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        synchronized (this) {
            registrations.put(id.getValue(), registration);
            store.saveClients(registrations);
        }
        return new ClientInformation(id, Date.from(registration.registeredAt()), metadata, secret);
    }

    Optional<Client> find(String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        Registration registration = registrations.get(clientId);
        if (registration != null) {
            return Optional.of(registration.client(clientId));
        }
        if (clientId.startsWith("https://") || clientId.startsWith("http://")) {
            return fetchMetadataDocument(clientId);
        }
        return Optional.empty();
    }

    boolean secretMatches(Client client, String secret) {
        return client.secretHash() != null && secret != null
                && MessageDigest.isEqual(client.secretHash().getBytes(StandardCharsets.UTF_8), Grants.hash(secret).getBytes(StandardCharsets.UTF_8));
    }

    /** Client ID metadata documents: the client_id is a URL; its JSON names the client and its redirect URIs. */
    private Optional<Client> fetchMetadataDocument(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getFragment() != null) {
                return Optional.empty();
            }
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                log.info("Client metadata document {} answered {}", url, response.statusCode());
                return Optional.empty();
            }
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
            }
            if (body.length > MAX_DOCUMENT_BYTES) {
                return Optional.empty();
            }
            var json = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
            if (!url.equals(JSONObjectUtils.getString(json, "client_id", null))) {
                log.info("Client metadata document {} names another client_id", url);
                return Optional.empty();
            }
            ClientMetadata metadata = ClientMetadata.parse(json);
            if (metadata.getRedirectionURIs() == null || metadata.getRedirectionURIs().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Client(url, null, ClientAuthenticationMethod.NONE, List.copyOf(metadata.getRedirectionURIs()),
                    metadata.getName(), true));
        } catch (IOException | ParseException | IllegalArgumentException e) {
            log.info("Could not use client metadata document {}: {}", url, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private String randomString(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
