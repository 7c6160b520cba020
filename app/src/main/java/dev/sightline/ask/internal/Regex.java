package dev.sightline.ask.internal;

import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The String methods that take a regular expression, with each expression compiled once.
 * <p>
 * Reading a question runs a few hundred expressions written where they are used; String's own
 * methods compile every one of them on every call, which was a third of the CPU an answer cost.
 * An expression whose needed text ({@link NeededText}) is missing from the text is not run at all.
 * The results are exactly those of String's methods. Expressions built from a question's words
 * (a quoted site name) are kept too, up to a bound, so no question can grow the cache without end.
 */
final class Regex {

    /** An expression compiled, with the plain text it cannot match without (most expressions find nothing in most questions). */
    record Compiled(Pattern pattern, NeededText needed) {

        /** True when the expression cannot find anything in the text, so it need not be run. */
        boolean rulesOut(String text) {
            return needed.rulesOut(text, pattern);
        }
    }

    private static final Cache<String, Compiled> COMPILED = Caffeine.newBuilder().maximumSize(4_096).build();

    private Regex() {
    }

    static Compiled compiled(String regex) {
        return COMPILED.get(regex, r -> new Compiled(Pattern.compile(r), NeededText.of(r)));
    }

    static Pattern of(String regex) {
        return compiled(regex).pattern();
    }

    /** Whether the expression finds something in the text ({@link java.util.regex.Matcher#find()}). */
    static boolean find(String text, String regex) {
        Compiled c = compiled(regex);
        return !c.rulesOut(text) && c.pattern().matcher(text).find();
    }

    /** {@link String#replaceAll(String, String)}. */
    static String replaceAll(String text, String regex, String replacement) {
        Compiled c = compiled(regex);
        return c.rulesOut(text) ? text : c.pattern().matcher(text).replaceAll(replacement);
    }

    /** {@link java.util.regex.Matcher#replaceAll(Function)}. */
    static String replaceAll(String text, String regex, Function<MatchResult, String> replacer) {
        Compiled c = compiled(regex);
        return c.rulesOut(text) ? text : c.pattern().matcher(text).replaceAll(replacer);
    }

    /** {@link String#replaceFirst(String, String)}. */
    static String replaceFirst(String text, String regex, String replacement) {
        Compiled c = compiled(regex);
        return c.rulesOut(text) ? text : c.pattern().matcher(text).replaceFirst(replacement);
    }

    /** {@link String#matches(String)}. */
    static boolean matches(String text, String regex) {
        Compiled c = compiled(regex);
        return !c.rulesOut(text) && c.pattern().matcher(text).matches();
    }

    /** {@link String#split(String)}. */
    static String[] split(String text, String regex) {
        Compiled c = compiled(regex);
        return c.rulesOut(text) ? new String[] {text} : c.pattern().split(text);
    }
}
