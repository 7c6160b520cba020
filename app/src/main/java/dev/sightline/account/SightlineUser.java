package dev.sightline.account;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in person, as every module sees them. It travels in the (database-stored) HTTP
 * session, so the password hash is erased as soon as sign-in has checked it.
 */
public final class SightlineUser implements UserDetails, CredentialsContainer {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final long workspaceId;
    private final String email;
    private final String displayName;
    private final Role role;
    private String passwordHash;

    public SightlineUser(long id, long workspaceId, String email, String displayName, Role role, String passwordHash) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.email = Objects.requireNonNull(email);
        this.displayName = Objects.requireNonNull(displayName);
        this.role = Objects.requireNonNull(role);
        this.passwordHash = passwordHash;
    }

    public long id() {
        return id;
    }

    /** Every record this user reads or writes belongs to this workspace. */
    public long workspaceId() {
        return workspaceId;
    }

    public String email() {
        return email;
    }

    public String displayName() {
        return displayName;
    }

    public Role role() {
        return role;
    }

    public boolean isOwner() {
        return role == Role.OWNER;
    }

    /** Owners and admins: they manage members and every connection of the workspace. */
    public boolean isAdmin() {
        return role.atLeast(Role.ADMIN);
    }

    /**
     * Whether this user may change another member's role, hand out a link to reset their password or
     * remove them: the owner manages everyone else, an admin only members and viewers. Otherwise one
     * admin could take over another's account (demote, then reset), with their connections, or end it.
     */
    public boolean mayManage(long memberId, Role memberRole) {
        return memberId != id && memberRole != Role.OWNER && (isOwner() || isAdmin() && !memberRole.atLeast(Role.ADMIN));
    }

    /** Everyone but viewers: they connect sources, ask, and build dashboards. */
    public boolean canAsk() {
        return role.atLeast(Role.MEMBER);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SightlineUser other && other.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "SightlineUser[id=" + id + ", workspaceId=" + workspaceId + ", role=" + role + "]";
    }
}
