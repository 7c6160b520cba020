package dev.sightline.account.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/** "Create your account": the first visit to a fresh installation creates its owner. */
@Controller
class SetupController {

    private static final String VIEW = "account/setup";

    private final Accounts accounts;
    private final PasswordPolicy policy;

    SetupController(Accounts accounts, PasswordPolicy policy) {
        this.accounts = accounts;
        this.policy = policy;
    }

    record SetupForm(
            @NotBlank(message = "Enter your email address") @Email(message = "Enter a valid email address") @Size(max = 254) String email,
            @Size(max = 100, message = "Use at most 100 characters") String displayName,
            @NotBlank(message = "Choose a password") @Size(min = 12, max = 200, message = "Use at least 12 characters") String password,
            String confirmPassword) {
    }

    @GetMapping("/setup")
    String form(Model model) {
        if (accounts.setupDone()) {
            return "redirect:/login";
        }
        model.addAttribute("form", new SetupForm("", "", "", ""));
        return VIEW;
    }

    @PostMapping("/setup")
    String create(@Valid @ModelAttribute("form") SetupForm form, BindingResult errors) {
        if (accounts.setupDone()) {
            return "redirect:/login";
        }
        if (form.password() != null && !form.password().equals(form.confirmPassword())) {
            errors.rejectValue("confirmPassword", "mismatch", "The two passwords don't match");
        }
        if (!errors.hasFieldErrors("password") && !errors.hasFieldErrors("email")) {
            policy.problem(form.password(), form.email(), form.displayName()).ifPresent(problem -> errors.rejectValue("password", "weak", problem));
        }
        if (errors.hasErrors()) {
            return VIEW;
        }
        try {
            accounts.createOwner(form.email(), form.displayName(), form.password());
        } catch (Accounts.SetupClosedException e) {
            return "redirect:/login";
        }
        return "redirect:/login?created";
    }
}
