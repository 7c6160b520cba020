package dev.sightline.testing;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Sightline's pages as a signed-in person uses them, over HTTP with the session cookie and the
 * forms' CSRF tokens: connect a custom MCP server without authorization, open an answer.
 */
public final class SignedInPages {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+(?:value|content)=\"([^\"]+)\"");
    private static final Pattern SOURCE = Pattern.compile("/sources/(\\d+)$");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    public SignedInPages(int port, String email, String password) throws Exception {
        this.base = "http://localhost:" + port;
        HttpResponse<String> signedIn = post("/login", Map.of("email", email, "password", password), csrf("/login"));
        if (signedIn.headers().firstValue("Location").orElse("").contains("error")) {
            throw new AssertionError("Sign-in failed for " + email);
        }
    }

    /** Connects an MCP server as "Custom MCP server" without authorization; returns the data source's id. */
    public long connectWithoutAuth(URI server, String name) throws Exception {
        HttpResponse<String> created = post("/sources/custom", Map.of("url", server.toString(), "name", name, "header", "", "apiKey", ""),
                csrf("/sources/new/custom-mcp"));
        Matcher id = SOURCE.matcher(created.headers().firstValue("Location").orElse(""));
        if (created.statusCode() != 302 || !id.find()) {
            throw new AssertionError("Connecting " + server + " failed: " + created.statusCode() + " " + created.headers().map());
        }
        return Long.parseLong(id.group(1));
    }

    /** The page at {@code path}, which must answer 200. */
    public String page(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** A form posted to {@code path} with the CSRF token of the page that shows it, {@code formPage}. */
    public HttpResponse<String> submit(String formPage, String path, Map<String, String> fields) throws Exception {
        return post(path, fields, csrf(formPage));
    }

    /** Any request in this signed-in session, answered as it is (redirects are not followed). */
    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** The CSRF token the page at {@code path} carries. */
    public String csrf(String path) throws Exception {
        Matcher token = CSRF.matcher(page(path));
        if (!token.find()) {
            throw new AssertionError("No CSRF token on " + path);
        }
        return token.group(1);
    }

    private HttpResponse<String> post(String path, Map<String, String> fields, String csrf) throws Exception {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("_csrf", csrf);
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
