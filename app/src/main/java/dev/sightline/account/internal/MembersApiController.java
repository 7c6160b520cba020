package dev.sightline.account.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.sightline.account.Role;
import dev.sightline.account.SightlineUser;
import dev.sightline.web.ApiError;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Members and invitations for scripts: the same rules as Settings → Members. */
@RestController
class MembersApiController {

    private final Members members;

    MembersApiController(Members members) {
        this.members = members;
    }

    record RoleRequest(String role) {
    }

    record MemberView(long id, String email, String displayName, String role, OffsetDateTime joinedAt) {
        static MemberView of(UserAccounts.Member m) {
            return new MemberView(m.id(), m.email(), m.displayName(), m.role().name().toLowerCase(java.util.Locale.ROOT), m.createdAt());
        }
    }

    record InvitationView(long id, String role, String invitedBy, OffsetDateTime createdAt, OffsetDateTime expiresAt) {
    }

    @PostMapping("/api/invitations")
    ResponseEntity<Map<String, Object>> invite(@AuthenticationPrincipal SightlineUser user, @RequestBody RoleRequest request) {
        Members.IssuedLink link = members.invite(user, Role.parse(request.role()));
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store")
                .body(Map.of("id", link.id(), "url", link.url(), "expiresAt", link.expiresAt()));
    }

    @GetMapping("/api/invitations")
    List<InvitationView> invitations(@AuthenticationPrincipal SightlineUser user) {
        if (!user.isAdmin()) {
            throw new Members.MemberException("Only the owner or an admin can manage members.", true);
        }
        return members.pendingInvitations(user).stream()
                .map(i -> new InvitationView(i.id(), i.role().name().toLowerCase(java.util.Locale.ROOT), i.invitedBy(), i.createdAt(), i.expiresAt())).toList();
    }

    @DeleteMapping("/api/invitations/{id}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal SightlineUser user, @PathVariable long id) {
        if (!members.revokeInvitation(user, id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No pending invitation " + id + ".");
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/members")
    List<MemberView> list(@AuthenticationPrincipal SightlineUser user) {
        return members.list(user).stream().map(MemberView::of).toList();
    }

    @PatchMapping("/api/members/{id}")
    MemberView change(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @RequestBody RoleRequest request) {
        members.changeRole(user, id, Role.parse(request.role()));
        return members.list(user).stream().filter(m -> m.id() == id).findFirst().map(MemberView::of).orElseThrow();
    }

    @DeleteMapping("/api/members/{id}")
    ResponseEntity<Void> remove(@AuthenticationPrincipal SightlineUser user, @PathVariable long id) {
        members.remove(user, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/members/{id}/password-reset")
    ResponseEntity<Map<String, Object>> resetLink(@AuthenticationPrincipal SightlineUser user, @PathVariable long id) {
        Members.IssuedLink link = members.resetLink(user, id);
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(Map.of("url", link.url(), "expiresAt", link.expiresAt()));
    }

    @ExceptionHandler(Members.MemberException.class)
    ResponseEntity<ApiError> refused(Members.MemberException e) {
        return ResponseEntity.status(e.forbidden() ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST)
                .body(new ApiError(e.forbidden() ? "forbidden" : "bad_request", e.getMessage()));
    }
}
