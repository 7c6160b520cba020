package dev.sightline.dashboard.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sightline.account.SightlineUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The dashboards API: create, list, read with fresh tile data, pin, refresh, remove a tile. */
@RestController
class DashboardApiController {

    private final DashboardService dashboards;

    DashboardApiController(DashboardService dashboards) {
        this.dashboards = dashboards;
    }

    record CreateRequest(String name) {
    }

    record PinRequest(String analysisId, String title) {
    }

    record ChangeRequest(Boolean shared) {
    }

    @PostMapping("/api/dashboards")
    ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal SightlineUser user, @RequestBody CreateRequest request) {
        long id = run(() -> dashboards.create(user, request.name()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id, "name", request.name().strip()));
    }

    @GetMapping("/api/dashboards")
    List<DashboardService.Dashboard> list(@AuthenticationPrincipal SightlineUser user) {
        return dashboards.list(user);
    }

    @GetMapping("/api/dashboards/{id}")
    Map<String, Object> get(@AuthenticationPrincipal SightlineUser user, @PathVariable long id) {
        return view(user, id, false);
    }

    @PostMapping("/api/dashboards/{id}/refresh")
    Map<String, Object> refresh(@AuthenticationPrincipal SightlineUser user, @PathVariable long id) {
        return view(user, id, true);
    }

    /** {@code {"shared": true}} shares the creator's dashboard with the workspace; false makes it private again. */
    @PatchMapping("/api/dashboards/{id}")
    Map<String, Object> change(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @RequestBody ChangeRequest request) {
        dashboards.findOwn(user, id).orElseThrow(DashboardApiController::notFound);
        if (request.shared() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Send {\"shared\": true} or {\"shared\": false}.");
        }
        dashboards.setShared(user, id, request.shared());
        var dashboard = dashboards.find(user, id).orElseThrow(DashboardApiController::notFound);
        return Map.of("id", id, "name", dashboard.name(), "shared", dashboard.shared());
    }

    @PostMapping("/api/dashboards/{id}/tiles")
    ResponseEntity<Map<String, Object>> pin(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @RequestBody PinRequest request) {
        dashboards.findOwn(user, id).orElseThrow(DashboardApiController::notFound);
        long tile = run(() -> dashboards.pin(user, id, request.analysisId(), request.title()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", tile, "dashboardId", id));
    }

    @DeleteMapping("/api/dashboards/{id}/tiles/{tileId}")
    ResponseEntity<Void> remove(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @PathVariable long tileId) {
        if (!dashboards.removeTile(user, id, tileId)) {
            throw notFound();
        }
        return ResponseEntity.noContent().build();
    }

    private Map<String, Object> view(SightlineUser user, long id, boolean fresh) {
        var dashboard = dashboards.find(user, id).orElseThrow(DashboardApiController::notFound);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", dashboard.id());
        json.put("name", dashboard.name());
        json.put("refreshInterval", dashboard.refreshInterval());
        json.put("shared", dashboard.shared());
        // Whose connections the tiles ran with: the creator's, also for everyone the dashboard is shared with.
        json.put("runsAs", dashboard.owner());
        json.put("tiles", dashboards.run(user, id, fresh));
        return json;
    }

    private static <T> T run(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such dashboard.");
    }
}
