package dev.sightline.ask.internal;

import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The String methods that take a regular expression, with each expression compiled once.
 * <p>
 * Reading a question runs a few hundred expressions written where they are used; String's own
 * methods compile every one of them on every call, which was a third of the CPU an answer cost.
 * The results are exactly those of String's methods. Expressions built from a question's words
 * (a quoted site name) are kept too, up to a bound, so no question can grow the cache without end.
 */
final class Regex {

    private static final Cache<String, Pattern> COMPILED = Caffeine.newBuilder().maximumSize(4_096).build();

    private Regex() {
    }

    static Pattern of(String regex) {
        return COMPILED.get(regex, Pattern::compile);
    }

    /** {@link String#replaceAll(String, String)}. */
    static String replaceAll(String text, String regex, String replacement) {
        return of(regex).matcher(text).replaceAll(replacement);
    }

    /** {@link String#replaceFirst(String, String)}. */
    static String replaceFirst(String text, String regex, String replacement) {
        return of(regex).matcher(text).replaceFirst(replacement);
    }

    /** {@link String#matches(String)}. */
    static boolean matches(String text, String regex) {
        return of(regex).matcher(text).matches();
    }

    /** {@link String#split(String)}. */
    static String[] split(String text, String regex) {
        return of(regex).split(text);
    }
}
