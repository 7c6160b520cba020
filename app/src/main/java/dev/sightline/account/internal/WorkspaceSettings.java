package dev.sightline.account.internal;

import java.time.ZoneId;

import dev.sightline.account.Workspaces;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

@Service
class WorkspaceSettings implements Workspaces {

    private final JdbcClient jdbc;
    private final UserAccounts users;

    WorkspaceSettings(JdbcClient jdbc, UserAccounts users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    @Override
    public java.util.Optional<dev.sightline.account.SightlineUser> member(long workspaceId, long userId) {
        return users.findById(workspaceId, userId).map(u -> {
            u.eraseCredentials();
            return u;
        });
    }

    @Override
    public ZoneId timeZone(long workspaceId) {
        return jdbc.sql("SELECT time_zone FROM workspace WHERE id = ?").param(workspaceId).query(String.class).optional()
                .map(ZoneId::of).orElse(ZoneId.of("UTC"));
    }

    @Override
    public java.util.Map<Long, String> memberNames(long workspaceId) {
        return users.members(workspaceId).stream()
                .collect(java.util.stream.Collectors.toMap(UserAccounts.Member::id, UserAccounts.Member::displayName));
    }

    void changeTimeZone(long workspaceId, ZoneId zone) {
        jdbc.sql("UPDATE workspace SET time_zone = ? WHERE id = ?").param(zone.getId()).param(workspaceId).update();
    }
}
