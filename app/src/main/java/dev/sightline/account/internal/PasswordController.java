package dev.sightline.account.internal;

import dev.sightline.account.SightlineUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Settings → Password: change one's own password; every session of the account ends with it. */
@Controller
class PasswordController {

    private final Members members;

    PasswordController(Members members) {
        this.members = members;
    }

    @GetMapping("/settings/password")
    String form() {
        return "settings/password";
    }

    @PostMapping("/settings/password")
    String change(@AuthenticationPrincipal SightlineUser user, @RequestParam(defaultValue = "") String currentPassword,
                  @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String confirmPassword, Model model) {
        if (!password.equals(confirmPassword)) {
            model.addAttribute("error", "The two new passwords don't match.");
            return "settings/password";
        }
        try {
            members.changePassword(user, currentPassword, password);
        } catch (Members.MemberException e) {
            model.addAttribute("error", e.getMessage());
            return "settings/password";
        }
        return "redirect:/login?passwordChanged";
    }
}
