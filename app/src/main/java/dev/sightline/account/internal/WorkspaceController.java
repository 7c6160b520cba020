package dev.sightline.account.internal;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

import dev.sightline.account.SightlineUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings → Workspace: the time zone "today" and "this week" mean, which only an owner changes;
 * {@link WorkspaceApiController} is the same for scripts.
 */
@Controller
class WorkspaceController {

    /** Region zones only ("Europe/Berlin"), sorted: the aliases and "Etc/GMT+3" style names confuse more than they help. */
    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/") && Character.isUpperCase(z.charAt(0)))
            .sorted().toList();

    private final WorkspaceSettings settings;

    WorkspaceController(WorkspaceSettings settings) {
        this.settings = settings;
    }

    @GetMapping("/settings/workspace")
    String show(@AuthenticationPrincipal SightlineUser user, Model model) {
        model.addAttribute("timeZone", settings.timeZone(user.workspaceId()).getId());
        model.addAttribute("zones", ZONES);
        return "settings/workspace";
    }

    /** The zone an owner asked for: one of the listed region zones or UTC; null when it is none. Anyone else is refused. */
    static ZoneId ownersZone(SightlineUser user, String timeZone) {
        if (!user.isAdmin()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only a workspace owner or admin can change the workspace's time zone.");
        }
        String name = timeZone == null ? "" : timeZone.strip();
        if (!name.equals("UTC") && !ZONES.contains(name)) {
            return null;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return null;
        }
    }

    @PostMapping("/settings/workspace")
    String change(@AuthenticationPrincipal SightlineUser user, @RequestParam String timeZone, RedirectAttributes redirect) {
        ZoneId zone = ownersZone(user, timeZone);
        if (zone == null) {
            redirect.addFlashAttribute("error", "\"" + timeZone + "\" is not a time zone. Pick one from the list, such as Europe/Berlin or America/New_York.");
            return "redirect:/settings/workspace";
        }
        settings.changeTimeZone(user.workspaceId(), zone);
        redirect.addFlashAttribute("notice", "Time zone set to " + zone.getId() + ". Questions about \"today\" or \"this week\" now use it.");
        return "redirect:/settings/workspace";
    }
}
