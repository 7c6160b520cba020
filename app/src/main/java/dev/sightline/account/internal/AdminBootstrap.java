package dev.sightline.account.internal;

import dev.sightline.account.SightlineUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Unattended installs: {@code SIGHTLINE_ADMIN_EMAIL} and {@code SIGHTLINE_ADMIN_PASSWORD} create the
 * owner when no user exists yet; {@code SIGHTLINE_API_TOKEN} registers that value as the owner's API
 * token, so scripts and scrapers can call the API from the first second.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String TOKEN_NAME = "SIGHTLINE_API_TOKEN";

    private final Accounts accounts;
    private final ApiTokens tokens;
    private final String email;
    private final String password;
    private final String apiToken;

    AdminBootstrap(Accounts accounts, ApiTokens tokens,
                   @Value("${sightline.bootstrap.admin-email:}") String email,
                   @Value("${sightline.bootstrap.admin-password:}") String password,
                   @Value("${sightline.bootstrap.api-token:}") String apiToken) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.email = email.strip();
        this.password = password;
        this.apiToken = apiToken.strip();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (email.isEmpty() || password.isEmpty()) {
            if (!apiToken.isEmpty()) {
                log.warn("SIGHTLINE_API_TOKEN is set but ignored: it needs SIGHTLINE_ADMIN_EMAIL and SIGHTLINE_ADMIN_PASSWORD too");
            }
            return;
        }
        SightlineUser owner;
        if (!accounts.setupDone()) {
            if (password.length() < 12) {
                throw new IllegalStateException("SIGHTLINE_ADMIN_PASSWORD must have at least 12 characters");
            }
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
            tokens.register(owner, TOKEN_NAME, apiToken);
            log.info("Registered the API token from SIGHTLINE_API_TOKEN for the workspace owner");
        }
    }
}
