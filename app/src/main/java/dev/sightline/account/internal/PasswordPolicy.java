package dev.sightline.account.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import org.springframework.stereotype.Component;

/**
 * Which passwords Sightline accepts. Length alone lets "password1234" through, so a password is also
 * measured by zxcvbn against its bundled lists of common and breached passwords, words, names,
 * keyboard patterns and dates, and against the person's own email and name: it must need at least
 * 10^10 guesses (zxcvbn's "safely unguessable", score 4 is beyond it, score 3 is this).
 */
@Component
class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 200;
    private static final int MIN_SCORE = 3;

    private final Zxcvbn zxcvbn = new Zxcvbn();

    /** Why this password is refused, in words for the form; empty when it is accepted. */
    Optional<String> problem(String password, String email, String displayName) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("Use at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("Use at most " + MAX_LENGTH + " characters");
        }
        List<String> personal = new ArrayList<>();
        for (String value : new String[] {email, displayName}) {
            if (value != null && !value.isBlank()) {
                personal.add(value.strip());
                // "olivia.owner@example.com" also contributes "olivia", "owner" and "example".
                personal.addAll(List.of(value.strip().split("[^\\p{L}\\p{N}]+")));
            }
        }
        Strength strength = zxcvbn.measure(password, personal);
        if (strength.getScore() >= MIN_SCORE) {
            return Optional.empty();
        }
        String warning = strength.getFeedback().getWarning();
        return Optional.of("This password is too easy to guess" + (warning == null || warning.isBlank() ? "" : " (" + warning.replaceAll("\\.$", "") + ")")
                + ". Try a few unrelated words, or a password manager's.");
    }
}
