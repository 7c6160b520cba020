package dev.sightline.account.internal;

import dev.sightline.account.SightlineUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page the signed-in user, for the sidebar. */
@ControllerAdvice(annotations = Controller.class)
class CurrentUserAdvice {

    @ModelAttribute("currentUser")
    SightlineUser currentUser(@AuthenticationPrincipal SightlineUser user) {
        return user;
    }
}
