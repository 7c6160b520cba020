package dev.sightline.account.internal;

import dev.sightline.vault.CredentialVault;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The cookie of the database-stored session. Spring Session writes its own cookie and does not
 * read Boot's {@code server.servlet.session.cookie.*} settings, so they are applied here; its value
 * is the session id sealed by the vault (see {@link SealedSessionCookie}).
 */
@Configuration(proxyBeanMethods = false)
class SessionCookieConfiguration {

    @Bean
    CookieSerializer sessionCookie(@Value("${server.servlet.session.cookie.name:SIGHTLINE_SESSION}") String name,
                                   @Value("${server.servlet.session.cookie.secure:false}") boolean secure, CredentialVault vault) {
        var cookie = new DefaultCookieSerializer();
        cookie.setCookieName(name);
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        cookie.setUseSecureCookie(secure);
        return new SealedSessionCookie(cookie, vault);
    }
}
