package dev.sightline.account.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import dev.sightline.account.Role;
import dev.sightline.account.SightlineUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Users and their workspace. Emails are compared lower-cased. */
@Repository
class UserAccounts {

    /** A user's columns, from {@code user_account} as {@code u}, as {@link #map} reads them. */
    static final String SELECT_USER_COLUMNS = "SELECT u.id, u.workspace_id, u.email, u.display_name, u.role, u.password_hash";
    private static final String SELECT_USER = SELECT_USER_COLUMNS + " FROM user_account u ";

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

    /** A member as the members page lists them. */
    record Member(long id, String email, String displayName, Role role, OffsetDateTime createdAt) {
    }

    /** The name a person is shown by: the one they gave, or else their email, cut to the 100 characters a name may have. */
    static String nameOf(String displayName, String email) {
        String name = displayName == null || displayName.isBlank() ? email.strip() : displayName.strip();
        return name.length() <= 100 ? name : name.substring(0, 99) + "…";
    }

    List<Member> members(long workspaceId) {
        return jdbc.sql("SELECT id, email, display_name, role, created_at FROM user_account WHERE workspace_id = ? ORDER BY created_at, id")
                .param(workspaceId)
                .query((rs, n) -> new Member(rs.getLong(1), rs.getString(2), rs.getString(3), Role.valueOf(rs.getString(4)),
                        rs.getObject(5, OffsetDateTime.class)))
                .list();
    }

    boolean emailTaken(String email) {
        return jdbc.sql("SELECT COUNT(*) FROM user_account WHERE email = ?").param(normalize(email)).query(Long.class).single() > 0;
    }

    void changeRole(long workspaceId, long id, Role role) {
        jdbc.sql("UPDATE user_account SET role = ? WHERE workspace_id = ? AND id = ?").params(role.name(), workspaceId, id).update();
    }

    void changePasswordById(long id, String passwordHash) {
        jdbc.sql("UPDATE user_account SET password_hash = ? WHERE id = ?").params(passwordHash, id).update();
    }

    /** The stored hash, for checking the current password: sessions carry users without it. */
    Optional<String> passwordHash(long id) {
        return jdbc.sql("SELECT password_hash FROM user_account WHERE id = ?").param(id).query(String.class).optional();
    }

    /** The user as stored now, for re-checking a signed-in session's role on each request. */
    Optional<SightlineUser> findById(long id) {
        return jdbc.sql(SELECT_USER + "WHERE id = ?").param(id).query(UserAccounts::map).optional();
    }

    /** Deletes the account; its data sources, dashboards, answers and API tokens go with it (foreign keys cascade). */
    boolean delete(long workspaceId, long id) {
        return jdbc.sql("DELETE FROM user_account WHERE workspace_id = ? AND id = ?").params(workspaceId, id).update() == 1;
    }

    /** Hands the workspace to {@code to}; only the current owner's id matches, so two transfers at once cannot both win. */
    boolean transferOwnership(long workspaceId, long from, long to) {
        return jdbc.sql("UPDATE workspace SET owner_user_id = ? WHERE id = ? AND owner_user_id = ?").params(to, workspaceId, from).update() == 1;
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

    static SightlineUser map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new SightlineUser(rs.getLong("id"), rs.getLong("workspace_id"), rs.getString("email"),
                rs.getString("display_name"), Role.valueOf(rs.getString("role")), rs.getString("password_hash"));
    }
}
