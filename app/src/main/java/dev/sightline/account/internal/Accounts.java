package dev.sightline.account.internal;

import dev.sightline.account.Role;
import dev.sightline.account.SightlineUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating accounts and looking them up for sign-in. */
@Service
class Accounts implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    private final UserAccounts users;
    private final PasswordEncoder passwords;

    Accounts(UserAccounts users, PasswordEncoder passwords) {
        this.users = users;
        this.passwords = passwords;
    }

    boolean setupDone() {
        return users.anyExist();
    }

    /**
     * Creates the first user of a fresh installation as owner of the default workspace.
     *
     * @throws SetupClosedException when an owner already exists
     */
    @Transactional
    SightlineUser createOwner(String email, String displayName, String password) {
        if (users.anyExist()) {
            throw new SetupClosedException();
        }
        long workspaceId = users.defaultWorkspaceId();
        String name = UserAccounts.nameOf(displayName, email);
        long id = users.insert(workspaceId, email, name, Role.OWNER, passwords.encode(password));
        if (!users.claimOwnership(workspaceId, id)) {
            throw new SetupClosedException();
        }
        log.info("Created the workspace owner account (user id {})", id);
        return users.findById(workspaceId, id).orElseThrow();
    }

    @Override
    public SightlineUser loadUserByUsername(String email) {
        return users.findByEmail(email).orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }

    /** Someone tried to create a first account when the installation already has an owner. */
    static final class SetupClosedException extends RuntimeException {
        SetupClosedException() {
            super("This Sightline already has an owner; ask them for an account.");
        }
    }
}
