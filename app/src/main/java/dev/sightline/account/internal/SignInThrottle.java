package dev.sightline.account.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Slows password and token guessing, per account and per address, in the database so that every
 * app node counts the same failures. An account may fail {@value #FREE_PER_ACCOUNT} times, an
 * address (offices share one) {@value #FREE_PER_ADDRESS} times; then the key is locked, for 1 second
 * at first and twice as long after each further failure, up to 15 minutes. Failures older than an hour are
 * forgotten. An unknown email is counted exactly like a known one, so the lockout says nothing about
 * which accounts exist.
 */
@Component
class SignInThrottle {

    static final int FREE_PER_ACCOUNT = 5;
    static final int FREE_PER_ADDRESS = 20;
    private static final Duration LONGEST = Duration.ofMinutes(15);
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final JdbcClient jdbc;
    /** Replaced in tests, so that they never depend on how fast the machine runs. */
    Clock clock = Clock.systemUTC();

    SignInThrottle(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How long sign-in stays closed for this email or address; empty when it is open. */
    Optional<Duration> lockedFor(String email, String address) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Duration longest = Duration.ZERO;
        for (String key : keys(email, address)) {
            OffsetDateTime until = jdbc.sql("SELECT locked_until FROM sign_in_throttle WHERE throttle_key = ?").param(key)
                    .query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).optional().orElse(null);
            if (until != null && until.isAfter(now) && Duration.between(now, until).compareTo(longest) > 0) {
                longest = Duration.between(now, until);
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /** Counts nobody needs any more go (a scheduled job), so spraying made-up emails cannot grow the table for good. */
    void forgetOld() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("DELETE FROM sign_in_throttle WHERE updated_at < ? AND (locked_until IS NULL OR locked_until < ?)")
                .params(now.minus(FORGET_AFTER), now).update();
    }

    void failed(String email, String address) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (email != null && !email.isBlank()) {
            count(accountKey(email), FREE_PER_ACCOUNT, now);
        }
        if (address != null) {
            count(addressKey(address), FREE_PER_ADDRESS, now);
        }
    }

    /** Wrong API tokens from an address, counted apart from its passwords, so neither locks the other. */
    void tokenFailed(String address) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        count(TokenLinks.hash("token-address:" + address), FREE_PER_ADDRESS, now);
    }

    Optional<Duration> tokensLockedFor(String address) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime until = jdbc.sql("SELECT locked_until FROM sign_in_throttle WHERE throttle_key = ?").param(TokenLinks.hash("token-address:" + address))
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).optional().orElse(null);
        return until != null && until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    /** A right password clears the account's failures; the address keeps its count, so one known account cannot reset it. */
    void succeeded(String email) {
        jdbc.sql("DELETE FROM sign_in_throttle WHERE throttle_key = ?").param(accountKey(email)).update();
    }

    /**
     * Counts one failure atomically (parallel failures each add one, none overwrites another), then
     * locks the key from its new count.
     */
    private void count(String key, int free, OffsetDateTime now) {
        boolean counted = jdbc.sql("UPDATE sign_in_throttle SET failures = failures + 1, updated_at = ? WHERE throttle_key = ? AND updated_at >= ?")
                .params(now, key, now.minus(FORGET_AFTER)).update() == 1;
        if (!counted) {
            // No count yet, or only a forgotten one: start again at one.
            counted = jdbc.sql("UPDATE sign_in_throttle SET failures = 1, locked_until = NULL, updated_at = ? WHERE throttle_key = ?").params(now, key).update() == 1;
        }
        if (!counted) {
            try {
                jdbc.sql("INSERT INTO sign_in_throttle (throttle_key, failures, updated_at) VALUES (?, 1, ?)").params(key, now).update();
            } catch (org.springframework.dao.DuplicateKeyException raced) {
                // Another node counted this key's first failure at the same moment: count this one on top.
                jdbc.sql("UPDATE sign_in_throttle SET failures = failures + 1, updated_at = ? WHERE throttle_key = ?").params(now, key).update();
            }
        }
        int failures = jdbc.sql("SELECT failures FROM sign_in_throttle WHERE throttle_key = ?").param(key).query(Integer.class).single();
        if (failures >= free) {
            jdbc.sql("UPDATE sign_in_throttle SET locked_until = ? WHERE throttle_key = ?").params(now.plus(backOff(failures - free + 1)), key).update();
        }
    }

    /** 1 s, 2 s, 4 s, … for the first, second, third lock; at most 15 minutes. */
    static Duration backOff(int beyondFree) {
        if (beyondFree >= 20) {
            return LONGEST;
        }
        Duration wait = Duration.ofSeconds(1L << (beyondFree - 1));
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }

    private static java.util.List<String> keys(String email, String address) {
        var keys = new java.util.ArrayList<String>(2);
        if (email != null && !email.isBlank()) {
            keys.add(accountKey(email));
        }
        if (address != null) {
            keys.add(addressKey(address));
        }
        return keys;
    }

    private static String accountKey(String email) {
        return TokenLinks.hash("account:" + email.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return TokenLinks.hash("address:" + address);
    }
}
