package dev.sightline.web.internal;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    /** Viewers only read dashboards; everyone else starts at their data sources. */
    @GetMapping("/")
    String home(Authentication authentication) {
        // A person holds one role; the other authorities of a sign-in (how they proved it) say nothing about it.
        boolean viewer = authentication != null && authentication.getAuthorities().stream().anyMatch(a -> "ROLE_VIEWER".equals(a.getAuthority()));
        return viewer ? "redirect:/dashboards" : "redirect:/sources";
    }

    @GetMapping("/settings")
    String settings() {
        return "redirect:/settings/integrations";
    }
}
