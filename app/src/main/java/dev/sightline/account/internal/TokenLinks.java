package dev.sightline.account.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Base64;

/**
 * The secret part of a link that is shown once (an invitation, a password reset): 256 random bits;
 * only its SHA-256 is stored, like API tokens, so a reader of the database cannot use the link.
 */
final class TokenLinks {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenLinks() {
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** A secret as it may appear in a link: anything else is not looked up at all. */
    static boolean plausible(String secret) {
        return secret != null && secret.matches("[A-Za-z0-9_-]{43}");
    }
}
