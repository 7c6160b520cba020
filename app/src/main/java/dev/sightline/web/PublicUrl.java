package dev.sightline.web;

import java.net.URI;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Where people and vendors reach Sightline: {@code SIGHTLINE_BASE_URL} (required in production),
 * else {@code http://localhost:<port>}. Never the request's Host header: whoever sends the request
 * chooses that, and it would become the redirect URI registered at a vendor or the invitation link
 * shown to a colleague.
 */
@Component
public class PublicUrl {

    private final String baseUrl;
    private final Environment environment;

    PublicUrl(@Value("${sightline.base-url:}") String baseUrl, Environment environment) {
        this.environment = environment;
        String trimmed = baseUrl.strip();
        if (trimmed.isEmpty() && environment.acceptsProfiles(Profiles.of("production"))) {
            throw new MissingSetting("SIGHTLINE_BASE_URL is required in production: the OAuth redirect URI registered with vendors is built "
                    + "from it, never from the Host header of a request.", "Set SIGHTLINE_BASE_URL to the address people open Sightline at, "
                    + "such as https://analytics.example.com.");
        }
        if (!trimmed.isEmpty()) {
            URI uri = null;
            try {
                uri = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                // Reported below, with what is expected.
            }
            if (uri == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new MissingSetting("SIGHTLINE_BASE_URL is not an http or https address: " + trimmed,
                        "Set SIGHTLINE_BASE_URL to the address people open Sightline at, without query or fragment, such as https://analytics.example.com.");
            }
        }
        this.baseUrl = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /** The base without a trailing slash, e.g. {@code https://analytics.example.com}. */
    public String base() {
        if (!baseUrl.isEmpty()) {
            return baseUrl;
        }
        // The port the server really listens on (a random one in tests), known once it has started.
        return "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    }

    /** An absolute link to {@code path}, which starts with a slash. */
    public String to(String path) {
        return base() + path;
    }
}
