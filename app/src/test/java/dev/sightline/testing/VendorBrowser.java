package dev.sightline.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A person at the vendor's sign-in and consent pages, as plain HTTP with cookies; returns where the vendor redirects. */
public final class VendorBrowser {

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();

    public URI signInAndDecide(URI authorizationUrl, String email, boolean approve) throws IOException, InterruptedException {
        String page = http.send(HttpRequest.newBuilder(authorizationUrl).build(), HttpResponse.BodyHandlers.ofString()).body();
        URI origin = URI.create(authorizationUrl.getScheme() + "://" + authorizationUrl.getRawAuthority());
        if (page.contains("Sign in to Arcjet")) {
            page = post(origin.resolve("/oauth/sign-in"), Map.of("txn", field(page, "txn"), "_csrf", field(page, "_csrf"), "email", email,
                    "password", "sandbox")).body();
        }
        HttpResponse<String> decision = post(origin.resolve("/oauth/consent"), Map.of("txn", field(page, "txn"), "_csrf", field(page, "_csrf"),
                "decision", approve ? "approve" : "deny"));
        return URI.create(decision.headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> post(URI uri, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("No field " + name + " on the vendor's page:\n" + html);
        }
        return m.group(1);
    }
}
