package dev.sightline.ask.internal;

import java.time.OffsetDateTime;

import dev.sightline.account.SightlineUser;
import dev.sightline.account.Workspaces;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;

/** Settings → Audit log (owners): every tool call the engine made in the workspace. */
@Controller
class AuditLogController {

    record Entry(OffsetDateTime createdAt, String email, String dataSource, String tool, String arguments, String status, long durationMs,
                 long resultBytes, boolean cached) {
    }

    private final JdbcClient jdbc;
    private final Workspaces workspaces;

    AuditLogController(JdbcClient jdbc, Workspaces workspaces) {
        this.jdbc = jdbc;
        this.workspaces = workspaces;
    }

    @GetMapping("/settings/audit")
    String audit(@AuthenticationPrincipal SightlineUser user, Model model) {
        if (!user.isAdmin()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only a workspace owner or admin can read the audit log.");
        }
        model.addAttribute("zone", workspaces.timeZone(user.workspaceId()));
        model.addAttribute("entries", jdbc.sql("""
                SELECT a.created_at, u.email, COALESCE(d.name, CAST(a.data_source_id AS VARCHAR(20))) AS source, a.tool, a.arguments, a.status,
                       a.duration_ms, a.result_bytes, a.cached
                FROM tool_call_audit a
                LEFT JOIN user_account u ON u.id = a.user_id
                LEFT JOIN data_source d ON d.id = a.data_source_id
                WHERE a.workspace_id = ? ORDER BY a.created_at DESC, a.id DESC LIMIT 200""")
                .param(user.workspaceId())
                .query((rs, n) -> new Entry(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getBoolean(9)))
                .list());
        return "settings/audit";
    }
}
