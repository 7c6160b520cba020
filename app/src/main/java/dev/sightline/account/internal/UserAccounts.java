package dev.sightline.account.internal;

import java.time.OffsetDateTime;
import java.util.Optional;

import dev.sightline.account.Role;
import dev.sightline.account.SightlineUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Users and their workspace. Emails are compared lower-cased. */
@Repository
class UserAccounts {

    private static final String SELECT_USER =
            "SELECT id, workspace_id, email, display_name, role, password_hash FROM user_account ";

    private final JdbcClient jdbc;

    UserAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean anyExist() {
        return jdbc.sql("SELECT COUNT(*) FROM user_account").query(Long.class).single() > 0;
    }

    Optional<SightlineUser> findByEmail(String email) {
        return jdbc.sql(SELECT_USER + "WHERE email = ?").param(normalize(email)).query(UserAccounts::map).optional();
    }

    Optional<SightlineUser> findById(long workspaceId, long id) {
        return jdbc.sql(SELECT_USER + "WHERE workspace_id = ? AND id = ?")
                .params(workspaceId, id).query(UserAccounts::map).optional();
    }

    long insert(long workspaceId, String email, String displayName, Role role, String passwordHash) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO user_account (workspace_id, email, display_name, role, password_hash, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(workspaceId, normalize(email), displayName, role.name(), passwordHash, OffsetDateTime.now())
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /** The one default workspace, "General", created by the first migration. */
    long defaultWorkspaceId() {
        return jdbc.sql("SELECT MIN(id) FROM workspace").query(Long.class).single();
    }

    /**
     * Makes {@code userId} the workspace's owner unless it already has one. The conditional update
     * is atomic on every database, so two first sign-ups at once cannot both become owner.
     */
    boolean claimOwnership(long workspaceId, long userId) {
        return jdbc.sql("UPDATE workspace SET owner_user_id = ? WHERE id = ? AND owner_user_id IS NULL")
                .params(userId, workspaceId).update() == 1;
    }

    static String normalize(String email) {
        return email.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static SightlineUser map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new SightlineUser(rs.getLong("id"), rs.getLong("workspace_id"), rs.getString("email"),
                rs.getString("display_name"), Role.valueOf(rs.getString("role")), rs.getString("password_hash"));
    }
}
