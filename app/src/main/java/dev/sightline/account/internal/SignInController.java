package dev.sightline.account.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security handles the POST. A fresh installation sends people to set-up. */
@Controller
class SignInController {

    private final Accounts accounts;

    SignInController(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/login")
    String signIn() {
        return accounts.setupDone() ? "account/login" : "redirect:/setup";
    }
}
