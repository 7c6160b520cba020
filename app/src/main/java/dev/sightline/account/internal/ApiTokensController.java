package dev.sightline.account.internal;

import java.time.Duration;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import dev.sightline.account.SightlineUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings → API tokens: create (shown once), list, revoke. */
@Controller
class ApiTokensController {

    private static final String VIEW = "settings/api-tokens";
    /** The lifetimes offered; "never" lasts until revoked. */
    private static final Map<String, Duration> LIFETIMES = Map.of("30", Duration.ofDays(30), "90", Duration.ofDays(90), "365", Duration.ofDays(365));

    private final ApiTokens tokens;

    ApiTokensController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/settings/api-tokens")
    String list(@AuthenticationPrincipal SightlineUser user, Model model) {
        model.addAttribute("tokens", tokens.listOf(user));
        return VIEW;
    }

    /**
     * Renders the new token directly instead of redirecting: a redirect would have to park the
     * token in the session, and sessions are stored in the database in clear.
     */
    @PostMapping("/settings/api-tokens")
    String create(@AuthenticationPrincipal SightlineUser user, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "90") String expiresInDays, Model model, HttpServletResponse response) {
        String trimmed = name.strip();
        Duration lifetime = LIFETIMES.get(expiresInDays);
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            model.addAttribute("nameError", "Give the token a name of 1 to 100 characters, such as \"CI\" or \"Prometheus\".");
        } else if (lifetime == null && !"never".equals(expiresInDays)) {
            model.addAttribute("nameError", "Choose when the token expires: in 30, 90 or 365 days, or never.");
        } else {
            model.addAttribute("issued", tokens.issue(user, trimmed, lifetime));
            response.setHeader("Cache-Control", "no-store");
        }
        return list(user, model);
    }

    @PostMapping("/settings/api-tokens/{id}/revoke")
    String revoke(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, RedirectAttributes redirect) {
        redirect.addFlashAttribute("notice", tokens.revoke(user, id) ? "Token revoked. Anything using it can no longer call the API." : "That token no longer exists.");
        return "redirect:/settings/api-tokens";
    }
}
