package dev.sightline.account.internal;

import dev.sightline.account.SightlineUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Unattended installs: {@code SIGHTLINE_ADMIN_EMAIL} and {@code SIGHTLINE_ADMIN_PASSWORD} create the
 * owner when no user exists yet; {@code SIGHTLINE_API_TOKEN} registers that value as the owner's API
 * token, so scripts and scrapers can call the API from the first second. A token revoked since stays
 * revoked: its value is remembered and never registered again.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String TOKEN_NAME = "SIGHTLINE_API_TOKEN";

    private final Accounts accounts;
    private final ApiTokens tokens;
    private final PasswordPolicy policy;
    private final String email;
    private final String password;
    private final String apiToken;

    AdminBootstrap(Accounts accounts, ApiTokens tokens, PasswordPolicy policy,
                   @Value("${sightline.bootstrap.admin-email:}") String email,
                   @Value("${sightline.bootstrap.admin-password:}") String password,
                   @Value("${sightline.bootstrap.api-token:}") String apiToken) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.policy = policy;
        this.email = email.strip();
        this.password = password;
        this.apiToken = apiToken.strip();
    }

    /**
     * Runs once every bean exists and before the web server takes its first request (it starts
     * after this), so nobody is ever offered "Create your account" on an unattended install.
     */
    @Override
    public void afterSingletonsInstantiated() {
        if (email.isEmpty() || password.isEmpty()) {
            if (!apiToken.isEmpty()) {
                log.warn("SIGHTLINE_API_TOKEN is set but ignored: it needs SIGHTLINE_ADMIN_EMAIL and SIGHTLINE_ADMIN_PASSWORD too");
            }
            return;
        }
        SightlineUser owner;
        if (!accounts.setupDone()) {
            policy.problem(password, email, "").ifPresent(problem -> {
                throw new IllegalStateException("SIGHTLINE_ADMIN_PASSWORD is refused: " + problem);
            });
            owner = accounts.createOwner(email, "", password);
        } else {
            // Existing users keep their password: the variables only seed a fresh installation.
            try {
                owner = accounts.loadUserByUsername(email);
            } catch (UsernameNotFoundException e) {
                log.warn("SIGHTLINE_ADMIN_EMAIL names no existing user and this installation already has an owner; nothing was created");
                return;
            }
        }
        if (!apiToken.isEmpty() && !tokens.isRegistered(apiToken)) {
            if (!owner.isOwner()) {
                throw new IllegalStateException("SIGHTLINE_API_TOKEN can only be registered for the workspace owner");
            }
            tokens.register(owner, TOKEN_NAME, apiToken, null);
            log.info("Registered the API token from SIGHTLINE_API_TOKEN for the workspace owner");
        }
    }
}
