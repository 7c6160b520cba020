package dev.sightline.account.internal;

import jakarta.servlet.http.HttpServletResponse;
import dev.sightline.account.Role;
import dev.sightline.account.SightlineUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings → Members (owners and admins): invite by a link shown once, pending invitations, roles,
 * password reset links, removal, and (the owner) handing the workspace over.
 */
@Controller
class MembersController {

    private static final String VIEW = "settings/members";
    private static final String BACK = "redirect:/settings/members";

    private final Members members;

    MembersController(Members members) {
        this.members = members;
    }

    @GetMapping("/settings/members")
    String list(@AuthenticationPrincipal SightlineUser user, Model model) {
        model.addAttribute("members", members.list(user));
        model.addAttribute("invitations", members.pendingInvitations(user));
        model.addAttribute("roles", new Role[] {Role.ADMIN, Role.MEMBER, Role.VIEWER});
        return VIEW;
    }

    /** Renders the link on the page instead of redirecting: a redirect would park it in the session. */
    @PostMapping("/settings/members/invitations")
    String invite(@AuthenticationPrincipal SightlineUser user, @RequestParam(defaultValue = "") String role, Model model, HttpServletResponse response) {
        try {
            model.addAttribute("issuedInvitation", members.invite(user, Role.parse(role)));
            response.setHeader("Cache-Control", "no-store");
        } catch (Members.MemberException e) {
            model.addAttribute("error", e.getMessage());
        }
        return list(user, model);
    }

    @PostMapping("/settings/members/invitations/{id}/revoke")
    String revoke(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, RedirectAttributes redirect) {
        redirect.addFlashAttribute("notice", members.revokeInvitation(user, id)
                ? "Invitation revoked: its link no longer works." : "That invitation was already used or revoked.");
        return BACK;
    }

    @PostMapping("/settings/members/{id}/role")
    String role(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @RequestParam(defaultValue = "") String role, RedirectAttributes redirect) {
        return change(redirect, () -> {
            Role to = Role.parse(role);
            members.changeRole(user, id, to);
            return to == Role.OWNER ? "You handed the workspace over and are now an admin." : "Role changed to " + to.label() + ".";
        });
    }

    @PostMapping("/settings/members/{id}/remove")
    String remove(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, RedirectAttributes redirect) {
        return change(redirect, () -> {
            members.remove(user, id);
            return "Member removed: their sessions, API tokens and connections ended.";
        });
    }

    @PostMapping("/settings/members/{id}/reset-link")
    String resetLink(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, Model model, HttpServletResponse response) {
        try {
            model.addAttribute("issuedReset", members.resetLink(user, id));
            model.addAttribute("resetFor", members.list(user).stream().filter(m -> m.id() == id).findFirst().map(UserAccounts.Member::displayName).orElse(""));
            response.setHeader("Cache-Control", "no-store");
        } catch (Members.MemberException e) {
            model.addAttribute("error", e.getMessage());
        }
        return list(user, model);
    }

    private static String change(RedirectAttributes redirect, java.util.function.Supplier<String> action) {
        try {
            redirect.addFlashAttribute("notice", action.get());
        } catch (Members.MemberException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return BACK;
    }
}
