package dev.sightline.account.internal;

import dev.sightline.account.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages behind links shown once: an invitation ("Join the workspace": email, name, password)
 * and a password reset. Both are open without signing in; the link's secret is the authorization.
 */
@Controller
class JoinController {

    private final Members members;

    JoinController(Members members) {
        this.members = members;
    }

    @GetMapping("/join/{secret}")
    String join(@PathVariable String secret, Model model) {
        invitation(secret, model);
        return "account/join";
    }

    /** What the page says about the invitation behind the link; empty when it cannot be used. */
    private java.util.Optional<Role> invitation(String secret, Model model) {
        model.addAttribute("secret", secret);
        var role = members.invitationRole(secret);
        model.addAttribute("valid", role.isPresent());
        role.ifPresent(r -> {
            model.addAttribute("role", r);
            model.addAttribute("roleWords", roleWords(r));
        });
        return role;
    }

    @PostMapping("/join/{secret}")
    String accept(@PathVariable String secret, @RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String displayName,
                  @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String confirmPassword, Model model) {
        var role = invitation(secret, model);
        model.addAttribute("email", email);
        model.addAttribute("displayName", displayName);
        String problem = null;
        if (!email.strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || email.length() > 254) {
            problem = "Enter a valid email address.";
        } else if (displayName.length() > 100) {
            problem = "Use at most 100 characters for your name.";
        } else if (!password.equals(confirmPassword)) {
            problem = "The two passwords don't match.";
        }
        if (problem == null && role.isPresent()) {
            try {
                members.join(secret, email, displayName, password);
                return "redirect:/login?joined";
            } catch (Members.MemberException e) {
                problem = e.getMessage();
            }
        }
        model.addAttribute("error", problem);
        return "account/join";
    }

    @GetMapping("/reset-password/{secret}")
    String reset(@PathVariable String secret, Model model) {
        model.addAttribute("secret", secret);
        model.addAttribute("valid", members.resetFor(secret).isPresent());
        return "account/reset";
    }

    @PostMapping("/reset-password/{secret}")
    String choose(@PathVariable String secret, @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String confirmPassword,
                  Model model) {
        model.addAttribute("secret", secret);
        model.addAttribute("valid", members.resetFor(secret).isPresent());
        if (!password.equals(confirmPassword)) {
            model.addAttribute("error", "The two passwords don't match.");
            return "account/reset";
        }
        try {
            members.resetPassword(secret, password);
            return "redirect:/login?passwordChanged";
        } catch (Members.MemberException e) {
            model.addAttribute("error", e.getMessage());
            return "account/reset";
        }
    }

    static String roleWords(Role role) {
        return switch (role) {
            case ADMIN -> "manage members and settings, connect data sources, ask and build dashboards";
            case MEMBER -> "connect your own data sources, ask questions and build dashboards";
            case VIEWER -> "read the dashboards shared with the workspace";
            case OWNER -> "own the workspace";
        };
    }
}
