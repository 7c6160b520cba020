package dev.sightline.account.internal;

import dev.sightline.account.SightlineUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me}: who a token or session belongs to, the simplest check that API access works. */
@RestController
class MeApiController {

    record Me(long id, String email, String displayName, String role, long workspaceId) {
    }

    @GetMapping("/api/me")
    Me me(@AuthenticationPrincipal SightlineUser user) {
        return new Me(user.id(), user.email(), user.displayName(), user.role().name(), user.workspaceId());
    }
}
