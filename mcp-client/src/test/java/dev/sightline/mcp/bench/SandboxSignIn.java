package dev.sightline.mcp.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.sightline.mcp.oauth.OAuthException;
import dev.sightline.mcp.oauth.OAuthSession;

/**
 * A person at the Arcjet sandbox's sign-in and consent pages, as plain HTTP with cookies: signs in
 * with the sandbox's demo password, approves, and hands back the redirect's query (code and state).
 */
final class SandboxSignIn implements OAuthSession.Authorizer {

    private final String email;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    SandboxSignIn(String email) {
        this.email = email;
    }

    @Override
    public Map<String, String> authorize(dev.sightline.mcp.oauth.PendingAuthorization pending) throws OAuthException {
        try {
            URI url = pending.authorizationUrl();
            String page = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (page.contains("Sign in to Arcjet")) {
                page = post(url.resolve("/oauth/sign-in"), Map.of("txn", field(page, "txn"), "_csrf", field(page, "_csrf"),
                        "email", email, "password", "sandbox")).body();
            }
            HttpResponse<String> decision = post(url.resolve("/oauth/consent"), Map.of("txn", field(page, "txn"),
                    "_csrf", field(page, "_csrf"), "decision", "approve"));
            String location = decision.headers().firstValue("Location")
                    .orElseThrow(() -> new OAuthException("access_denied", "The sandbox did not redirect back (HTTP " + decision.statusCode() + ")."));
            return query(URI.create(location));
        } catch (IOException e) {
            throw new OAuthException("network_error", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException("interrupted", "Interrupted");
        }
    }

    private HttpResponse<String> post(URI uri, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (String pair : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String field(String html, String name) throws OAuthException {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new OAuthException("access_denied", "No field " + name + " on the sandbox's page");
        }
        return m.group(1);
    }
}
