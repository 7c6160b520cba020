package dev.sightline.account.internal;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import dev.sightline.vault.CredentialSlot;
import dev.sightline.vault.CredentialVault;
import org.springframework.session.web.http.CookieSerializer;

/**
 * The session cookie carries the session id sealed by the vault, not the id itself. Sessions live
 * in the database with their ids in clear (Spring Session looks them up by id), so a reader of the
 * database file could otherwise sign in as anyone signed in; without the master key, an id read
 * from the table is not a cookie the server accepts.
 */
final class SealedSessionCookie implements CookieSerializer {

    private static final CredentialSlot SLOT = new CredentialSlot("session", "cookie");

    private final CookieSerializer cookies;
    private final CredentialVault vault;

    SealedSessionCookie(CookieSerializer cookies, CredentialVault vault) {
        this.cookies = cookies;
        this.vault = vault;
    }

    @Override
    public void writeCookieValue(CookieValue value) {
        String id = value.getCookieValue();
        if (id == null || id.isEmpty()) {
            // Expiring the cookie (sign-out) writes an empty value: nothing to seal.
            cookies.writeCookieValue(value);
            return;
        }
        CookieValue sealed = new CookieValue(value.getRequest(), value.getResponse(), vault.seal(id, SLOT));
        sealed.setCookieMaxAge(value.getCookieMaxAge());
        cookies.writeCookieValue(sealed);
    }

    @Override
    public List<String> readCookieValues(HttpServletRequest request) {
        return cookies.readCookieValues(request).stream().map(this::open).filter(id -> !id.isEmpty()).toList();
    }

    /** The session id in a cookie, or empty when the cookie was not sealed by this installation. */
    private String open(String cookie) {
        try {
            return vault.open(cookie, SLOT);
        } catch (RuntimeException notOurs) {
            return "";
        }
    }
}
