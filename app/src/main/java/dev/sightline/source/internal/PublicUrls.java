package dev.sightline.source.internal;

import java.net.URI;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Sightline's own addresses that vendors see: the configured public URL, else the address the current request came to. */
@Component
class PublicUrls {

    private final String baseUrl;

    PublicUrls(@Value("${sightline.base-url:}") String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String base() {
        String base = baseUrl.isBlank() ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString() : baseUrl;
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base).toString();
    }

    /** The redirect URI registered with vendors. */
    String callback() {
        return base() + "/oauth/callback";
    }

    /** Sightline's client ID metadata document, which doubles as its client_id. */
    String clientMetadata() {
        return base() + "/oauth/client-metadata.json";
    }
}
