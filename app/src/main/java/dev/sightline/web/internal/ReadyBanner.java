package dev.sightline.web.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells whoever started Sightline where to open it, once it really accepts requests. */
@Component
class ReadyBanner {

    private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);

    private final String configuredBaseUrl;

    ReadyBanner(@Value("${sightline.base-url:}") String configuredBaseUrl) {
        this.configuredBaseUrl = configuredBaseUrl;
    }

    @EventListener
    void announce(ApplicationReadyEvent event) {
        String url = configuredBaseUrl;
        if (url.isBlank() && event.getApplicationContext() instanceof WebServerApplicationContext web) {
            url = "http://localhost:" + web.getWebServer().getPort();
        }
        log.info("Sightline is ready. Open {} in your browser.", url);
    }
}
