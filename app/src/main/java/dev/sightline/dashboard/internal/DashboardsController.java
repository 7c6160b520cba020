package dev.sightline.dashboard.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sightline.account.SightlineUser;
import dev.sightline.account.Workspaces;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/** Dashboards: the list, one dashboard's tiles (run live), pinning an answer, refresh and auto-refresh. */
@Controller
class DashboardsController {

    private final DashboardService dashboards;
    private final Workspaces workspaces;

    DashboardsController(DashboardService dashboards, Workspaces workspaces) {
        this.dashboards = dashboards;
        this.workspaces = workspaces;
    }

    @GetMapping("/dashboards")
    String list(@AuthenticationPrincipal SightlineUser user, Model model) {
        model.addAttribute("dashboards", dashboards.list(user));
        return "dashboards/list";
    }

    @PostMapping("/dashboards")
    String create(@AuthenticationPrincipal SightlineUser user, @RequestParam(defaultValue = "") String name, RedirectAttributes redirect) {
        try {
            return "redirect:/dashboards/" + dashboards.create(user, name);
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/dashboards";
        }
    }

    /** Viewing reads through the cache of recent calls; only the Refresh button (a POST) makes fresh ones. */
    @GetMapping("/dashboards/{id}")
    String show(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, Model model) {
        var dashboard = dashboards.find(user, id);
        if (dashboard.isEmpty()) {
            return "redirect:/dashboards";
        }
        var tiles = dashboards.run(user, id, false);
        Map<Long, String> charts = new LinkedHashMap<>();
        tiles.forEach(t -> charts.put(t.id(), JsonMapper.shared().writeValueAsString(t.analysis().chart().option())));
        model.addAttribute("dashboard", dashboard.get());
        model.addAttribute("tiles", tiles);
        model.addAttribute("zone", workspaces.timeZone(user.workspaceId()));
        model.addAttribute("charts", charts);
        model.addAttribute("intervals", DashboardService.INTERVALS);
        return "dashboards/show";
    }

    /** Calls every tile's tools again; the page it redirects to shows those results from the cache they were just put in. */
    @PostMapping("/dashboards/{id}/refresh")
    String refresh(@AuthenticationPrincipal SightlineUser user, @PathVariable long id) {
        if (dashboards.find(user, id).isPresent()) {
            dashboards.run(user, id, true);
        }
        return "redirect:/dashboards/" + id;
    }

    @PostMapping("/dashboards/{id}/share")
    String share(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @RequestParam(defaultValue = "false") boolean shared,
                 RedirectAttributes redirect) {
        if (dashboards.setShared(user, id, shared)) {
            redirect.addFlashAttribute("notice", shared
                    ? "Shared with the workspace. Everyone in it can open this dashboard; its tiles run with your connections."
                    : "This dashboard is private again.");
        }
        return "redirect:/dashboards/" + id;
    }

    @PostMapping("/dashboards/{id}/auto-refresh")
    String autoRefresh(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @RequestParam String interval, RedirectAttributes redirect) {
        try {
            dashboards.setRefresh(user, id, interval);
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/dashboards/" + id;
    }

    @PostMapping("/dashboards/{id}/tiles/{tileId}/remove")
    String remove(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @PathVariable long tileId) {
        dashboards.removeTile(user, id, tileId);
        return "redirect:/dashboards/" + id;
    }

    @GetMapping("/dashboards/pin")
    String pinForm(@AuthenticationPrincipal SightlineUser user, @RequestParam String analysis, Model model) {
        model.addAttribute("analysisId", analysis);
        model.addAttribute("dashboards", dashboards.list(user).stream().filter(d -> d.ownedBy(user)).toList());
        return "dashboards/pin";
    }

    @PostMapping("/dashboards/pin")
    String pin(@AuthenticationPrincipal SightlineUser user, @RequestParam String analysisId, @RequestParam(required = false) Long dashboardId,
               @RequestParam(defaultValue = "") String newDashboard, @RequestParam(defaultValue = "") String title, RedirectAttributes redirect) {
        try {
            long target;
            if (dashboardId != null) {
                dashboards.pin(user, dashboardId, analysisId, title);
                target = dashboardId;
            } else {
                target = dashboards.pinToNew(user, newDashboard, analysisId, title);
            }
            redirect.addFlashAttribute("notice", "Pinned. The tile runs its question again every time the dashboard opens.");
            return "redirect:/dashboards/" + target;
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            // As a redirect attribute, encoded: text put into a redirect's URL would be read as a URI template ({x}).
            redirect.addAttribute("analysis", analysisId);
            return "redirect:/dashboards/pin";
        }
    }
}
