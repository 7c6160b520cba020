package dev.sightline.account.internal;

import java.time.ZoneId;

import dev.sightline.account.SightlineUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET/PUT /api/workspace}: the workspace's time zone for scripts. A REST controller of its
 * own, so its errors are JSON with their own message like the rest of the API.
 */
@RestController
class WorkspaceApiController {

    private final WorkspaceSettings settings;

    WorkspaceApiController(WorkspaceSettings settings) {
        this.settings = settings;
    }

    /** The workspace's settings as the API shows them. */
    record WorkspaceView(String timeZone) {
    }

    @GetMapping("/api/workspace")
    WorkspaceView get(@AuthenticationPrincipal SightlineUser user) {
        return new WorkspaceView(settings.timeZone(user.workspaceId()).getId());
    }

    @PutMapping("/api/workspace")
    WorkspaceView put(@AuthenticationPrincipal SightlineUser user, @RequestBody WorkspaceView change) {
        ZoneId zone = WorkspaceController.ownersZone(user, change.timeZone());
        if (zone == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, change.timeZone() == null
                    ? "Give the time zone as \"timeZone\", such as Europe/Berlin or America/New_York."
                    : "\"" + change.timeZone() + "\" is not a time zone, such as Europe/Berlin or America/New_York.");
        }
        settings.changeTimeZone(user.workspaceId(), zone);
        return get(user);
    }
}
