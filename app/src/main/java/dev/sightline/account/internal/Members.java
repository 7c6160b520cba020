package dev.sightline.account.internal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import dev.sightline.account.Role;
import dev.sightline.account.SightlineUser;
import dev.sightline.web.PublicUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people of a workspace: invitations by single-use, expiring links, roles, removal, password
 * changes and one-time reset links. Admins manage members; only the owner hands the workspace over,
 * and nobody changes the owner's role or removes them.
 */
@Service
class Members {

    private static final Logger log = LoggerFactory.getLogger(Members.class);
    static final Duration INVITATION_LIFETIME = Duration.ofDays(7);
    static final Duration RESET_LIFETIME = Duration.ofHours(24);

    private final JdbcClient jdbc;
    private final UserAccounts users;
    private final PasswordEncoder passwords;
    private final PasswordPolicy policy;
    private final PublicUrl publicUrl;
    private final SignInThrottle throttle;
    private final org.springframework.context.ApplicationEventPublisher events;

    Members(JdbcClient jdbc, UserAccounts users, PasswordEncoder passwords, PasswordPolicy policy, PublicUrl publicUrl, SignInThrottle throttle,
            org.springframework.context.ApplicationEventPublisher events) {
        this.throttle = throttle;
        this.events = events;
        this.jdbc = jdbc;
        this.users = users;
        this.passwords = passwords;
        this.policy = policy;
        this.publicUrl = publicUrl;
    }

    /** Why a change to members was refused, in words for the page or the API (400, or 403 when {@code forbidden}). */
    static final class MemberException extends RuntimeException {
        private final boolean forbidden;

        MemberException(String message, boolean forbidden) {
            super(message, null, false, false);
            this.forbidden = forbidden;
        }

        boolean forbidden() {
            return forbidden;
        }
    }

    /** A pending invitation as listed: never its link. */
    record Invitation(long id, Role role, String invitedBy, OffsetDateTime createdAt, OffsetDateTime expiresAt) {
    }

    /** The one moment an invitation's (or reset's) link exists: right after it was made. */
    record IssuedLink(long id, String url, OffsetDateTime expiresAt) {
    }

    List<UserAccounts.Member> list(SightlineUser actor) {
        return users.members(actor.workspaceId());
    }

    IssuedLink invite(SightlineUser actor, Role role) {
        requireAdmin(actor);
        if (role == null || role == Role.OWNER) {
            throw new MemberException("Invite as admin, member or viewer; ownership is handed over, not invited.", false);
        }
        String secret = TokenLinks.newSecret();
        OffsetDateTime now = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO invitation (workspace_id, role, token_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(actor.workspaceId(), role.name(), TokenLinks.hash(secret), actor.id(), now, now.plus(INVITATION_LIFETIME))
                .update(keys, "id");
        long id = keys.getKeyAs(Long.class);
        log.info("User {} invited a new {} (invitation {})", actor.id(), role, id);
        return new IssuedLink(id, publicUrl.to("/join/" + secret), now.plus(INVITATION_LIFETIME));
    }

    List<Invitation> pendingInvitations(SightlineUser actor) {
        return jdbc.sql("""
                SELECT i.id, i.role, u.display_name, i.created_at, i.expires_at FROM invitation i JOIN user_account u ON u.id = i.created_by
                WHERE i.workspace_id = ? AND i.accepted_at IS NULL AND i.expires_at > ? ORDER BY i.created_at DESC, i.id DESC""")
                .params(actor.workspaceId(), OffsetDateTime.now())
                .query((rs, n) -> new Invitation(rs.getLong(1), Role.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class)))
                .list();
    }

    boolean revokeInvitation(SightlineUser actor, long id) {
        requireAdmin(actor);
        return jdbc.sql("DELETE FROM invitation WHERE id = ? AND workspace_id = ? AND accepted_at IS NULL").params(id, actor.workspaceId()).update() == 1;
    }

    /** The role a still-usable invitation link offers, or empty when it is unknown, used or expired. */
    Optional<Role> invitationRole(String secret) {
        if (!TokenLinks.plausible(secret)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT role FROM invitation WHERE token_hash = ? AND accepted_at IS NULL AND expires_at > ?")
                .params(TokenLinks.hash(secret), OffsetDateTime.now()).query(String.class).optional().map(Role::valueOf);
    }

    private record Usable(long id, long workspaceId, Role role) {
    }

    /**
     * Joins the workspace through an invitation link. The link is claimed by a conditional update
     * before the account exists, so two people using one link at once cannot both join.
     */
    @Transactional
    SightlineUser join(String secret, String email, String displayName, String password) {
        if (!TokenLinks.plausible(secret)) {
            throw new MemberException("This invitation link is not valid.", false);
        }
        var invitation = jdbc.sql("SELECT id, workspace_id, role FROM invitation WHERE token_hash = ? AND accepted_at IS NULL AND expires_at > ?")
                .params(TokenLinks.hash(secret), OffsetDateTime.now())
                .query((rs, n) -> new Usable(rs.getLong(1), rs.getLong(2), Role.valueOf(rs.getString(3)))).optional()
                .orElseThrow(() -> new MemberException("This invitation link has expired or was already used. Ask for a new one.", false));
        long invitationId = invitation.id();
        long workspaceId = invitation.workspaceId();
        Role role = invitation.role();
        checkPassword(password, email, displayName);
        if (users.emailTaken(email)) {
            throw new MemberException("An account with this email already exists. Sign in instead, or use another address.", false);
        }
        if (jdbc.sql("UPDATE invitation SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL").params(OffsetDateTime.now(), invitationId).update() != 1) {
            throw new MemberException("This invitation link has expired or was already used. Ask for a new one.", false);
        }
        String name = UserAccounts.nameOf(displayName, email);
        long id = users.insert(workspaceId, email, name, role, passwords.encode(password));
        jdbc.sql("UPDATE invitation SET accepted_by = ? WHERE id = ?").params(id, invitationId).update();
        log.info("User {} joined workspace {} as {} (invitation {})", id, workspaceId, role, invitationId);
        return users.findById(workspaceId, id).orElseThrow();
    }

    /** Gives a member another role; their next request already runs with it. */
    @Transactional
    void changeRole(SightlineUser actor, long memberId, Role role) {
        requireAdmin(actor);
        SightlineUser member = member(actor, memberId);
        if (role == null) {
            throw new MemberException("A role is one of admin, member or viewer.", false);
        }
        if (role == Role.OWNER) {
            transferOwnership(actor, memberId);
            return;
        }
        if (member.role() == Role.OWNER) {
            throw new MemberException("The owner's role cannot be changed; the owner can hand the workspace to someone else.", true);
        }
        if (memberId == actor.id()) {
            throw new MemberException("You cannot change your own role; ask another admin or the owner.", true);
        }
        if (!actor.mayManage(member.id(), member.role())) {
            throw new MemberException("Only the owner can change an admin's role.", true);
        }
        users.changeRole(actor.workspaceId(), memberId, role);
        if (!role.atLeast(Role.ADMIN)) {
            withdrawLinks(memberId);
        }
        log.info("User {} made user {} {}", actor.id(), memberId, role);
    }

    /** The owner makes another member owner and becomes an admin. */
    @Transactional
    void transferOwnership(SightlineUser actor, long memberId) {
        if (!actor.isOwner()) {
            throw new MemberException("Only the owner can hand the workspace to someone else.", true);
        }
        member(actor, memberId);
        if (memberId == actor.id()) {
            throw new MemberException("You already own this workspace.", false);
        }
        if (!users.transferOwnership(actor.workspaceId(), actor.id(), memberId)) {
            throw new MemberException("You no longer own this workspace.", true);
        }
        users.changeRole(actor.workspaceId(), memberId, Role.OWNER);
        users.changeRole(actor.workspaceId(), actor.id(), Role.ADMIN);
        log.info("User {} handed the workspace to user {}", actor.id(), memberId);
    }

    /**
     * Removes a member: their account, sessions, API tokens, data sources (the stored vendor access
     * with them), answers and dashboards end at once.
     */
    @Transactional
    void remove(SightlineUser actor, long memberId) {
        requireAdmin(actor);
        SightlineUser member = member(actor, memberId);
        if (member.role() == Role.OWNER) {
            throw new MemberException("The owner cannot be removed; the owner can hand the workspace to someone else first.", true);
        }
        if (memberId == actor.id()) {
            throw new MemberException("You cannot remove yourself; ask another admin or the owner.", true);
        }
        if (!actor.mayManage(member.id(), member.role())) {
            throw new MemberException("Only the owner can remove an admin.", true);
        }
        // Their connections are disconnected properly (vendor access revoked, files deleted) before the account goes.
        events.publishEvent(new dev.sightline.account.MemberRemoved(actor.workspaceId(), memberId));
        jdbc.sql("DELETE FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?").param(member.email()).update();
        withdrawLinks(memberId);
        users.delete(actor.workspaceId(), memberId);
        log.info("User {} removed user {}", actor.id(), memberId);
    }

    /** A one-time link for a member to choose a new password; earlier unused links of theirs stop working. */
    IssuedLink resetLink(SightlineUser actor, long memberId) {
        requireAdmin(actor);
        SightlineUser member = member(actor, memberId);
        if (memberId != actor.id() && !actor.mayManage(member.id(), member.role())) {
            // A reset link hands its issuer the account: an admin may not take over another admin's (or the owner's).
            throw new MemberException("Only the owner can reset an admin's password.", true);
        }
        String secret = TokenLinks.newSecret();
        OffsetDateTime now = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        jdbc.sql("DELETE FROM password_reset WHERE user_id = ? AND used_at IS NULL").param(memberId).update();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO password_reset (workspace_id, user_id, token_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(actor.workspaceId(), memberId, TokenLinks.hash(secret), actor.id(), now, now.plus(RESET_LIFETIME))
                .update(keys, "id");
        log.info("User {} issued a password reset link for user {}", actor.id(), memberId);
        return new IssuedLink(keys.getKeyAs(Long.class), publicUrl.to("/reset-password/" + secret), now.plus(RESET_LIFETIME));
    }

    /** The account a still-usable reset link is for. */
    Optional<UserAccounts.Member> resetFor(String secret) {
        if (!TokenLinks.plausible(secret)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT u.id, u.email, u.display_name, u.role, u.created_at FROM password_reset r JOIN user_account u ON u.id = r.user_id
                WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ?""")
                .params(TokenLinks.hash(secret), OffsetDateTime.now())
                .query((rs, n) -> new UserAccounts.Member(rs.getLong(1), rs.getString(2), rs.getString(3), Role.valueOf(rs.getString(4)),
                        rs.getObject(5, OffsetDateTime.class)))
                .optional();
    }

    /** Sets a new password through a reset link (used once) and signs the account out everywhere. */
    @Transactional
    void resetPassword(String secret, String password) {
        UserAccounts.Member member = resetFor(secret)
                .orElseThrow(() -> new MemberException("This link has expired or was already used. Ask an admin for a new one.", false));
        checkPassword(password, member.email(), member.displayName());
        if (jdbc.sql("UPDATE password_reset SET used_at = ? WHERE token_hash = ? AND used_at IS NULL").params(OffsetDateTime.now(), TokenLinks.hash(secret))
                .update() != 1) {
            throw new MemberException("This link has expired or was already used. Ask an admin for a new one.", false);
        }
        setPassword(member.id(), member.email(), password);
        // Reset after a suspected compromise: whatever the old password gave out stops working too.
        jdbc.sql("UPDATE api_token SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL").params(OffsetDateTime.now(), member.id()).update();
        throttle.succeeded(member.email());
    }

    /** Changes one's own password, given the current one; other sessions of the account end. */
    void changePassword(SightlineUser user, String current, String password) {
        String hash = users.passwordHash(user.id()).orElseThrow(() -> new MemberException("Your account no longer exists.", true));
        // Guessing the current password from a borrowed session meets the same throttle as the sign-in form.
        if (throttle.lockedFor(user.email(), null).isPresent()) {
            throw new MemberException("Too many wrong passwords. Wait a few minutes, then try again.", false);
        }
        if (current == null || !passwords.matches(current, hash)) {
            throttle.failed(user.email(), null);
            throw new MemberException("Your current password is not right.", false);
        }
        checkPassword(password, user.email(), user.displayName());
        setPassword(user.id(), user.email(), password);
    }

    private void setPassword(long userId, String email, String password) {
        users.changePasswordById(userId, passwords.encode(password));
        // Anyone signed in with the old password is signed out; the person signs in again with the new one.
        jdbc.sql("DELETE FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?").param(email).update();
        log.info("User {} has a new password", userId);
    }

    /** Invitations and reset links someone issued stop working once they may no longer issue them. */
    private void withdrawLinks(long issuer) {
        jdbc.sql("DELETE FROM invitation WHERE created_by = ? AND accepted_at IS NULL").param(issuer).update();
        jdbc.sql("DELETE FROM password_reset WHERE created_by = ? AND used_at IS NULL").param(issuer).update();
    }

    void checkPassword(String password, String email, String displayName) {
        policy.problem(password, email, displayName).ifPresent(problem -> {
            throw new MemberException(problem, false);
        });
    }

    private SightlineUser member(SightlineUser actor, long memberId) {
        return users.findById(actor.workspaceId(), memberId).orElseThrow(() -> new MemberException("No such member.", false));
    }

    private static void requireAdmin(SightlineUser actor) {
        if (!actor.isAdmin()) {
            throw new MemberException("Only the owner or an admin can manage members.", true);
        }
    }
}
