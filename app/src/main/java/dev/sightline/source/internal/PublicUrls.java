package dev.sightline.source.internal;

import dev.sightline.web.PublicUrl;
import org.springframework.stereotype.Component;

/** Sightline's own addresses that vendors see, on the one public URL (never a request's Host header). */
@Component
class PublicUrls {

    private final PublicUrl publicUrl;

    PublicUrls(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    String base() {
        return publicUrl.base();
    }

    /** The redirect URI registered with vendors. */
    String callback() {
        return publicUrl.to("/oauth/callback");
    }

    /** Sightline's client ID metadata document, which doubles as its client_id. */
    String clientMetadata() {
        return publicUrl.to("/oauth/client-metadata.json");
    }
}
