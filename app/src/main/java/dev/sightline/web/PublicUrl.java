package dev.sightline.web;

import java.net.URI;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where people and vendors reach Sightline: {@code SIGHTLINE_BASE_URL}, else
 * {@code http://localhost:<port>}. Never the Host header of a request: a forged one would end up in
 * links shown to colleagues and in redirect URIs registered at vendors.
 */
@Component
public class PublicUrl {

    private final String configured;
    private final Environment environment;

    PublicUrl(@Value("${sightline.base-url:}") String configured, Environment environment) {
        this.configured = configured.strip();
        this.environment = environment;
    }

    /** The base without a trailing slash, e.g. {@code https://sightline.example.com}. */
    public String base() {
        // The port the server really listens on (tests pick a free one), known once it has started.
        String base = configured.isEmpty()
                ? "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"))
                : configured;
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base).toString();
    }

    /** An absolute link to {@code path}, which starts with a slash. */
    public String to(String path) {
        return base() + path;
    }
}
