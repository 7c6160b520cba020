package dev.sightline.ask.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plain text a regular expression cannot match without: {@code \b(?:last|past)\s+weeks?} needs
 * "last" or "past", and "week". Looking for that text (String.contains) costs far less than trying
 * the expression at every position of a question, and most of the time grammar's and the parser's
 * expressions find nothing in a given question.
 * <p>
 * Only what is certain is kept, so an expression is skipped only when it could not have matched:
 * inline flags (case folding, comments), quoting and any construct this reader does not know make
 * it need nothing, and such an expression is always run. Expressions compiled with flags must not
 * be read here.
 */
final class NeededText {

    static final NeededText NOTHING = new NeededText(List.of());

    /** Each entry is a choice: the text holds at least one of its strings. */
    private final List<String[]> choices;

    private NeededText(List<String[]> choices) {
        this.choices = choices;
    }

    static NeededText of(String regex) {
        try {
            Reader reader = new Reader(regex);
            List<Set<String>> needs = reader.alternatives();
            if (reader.at < regex.length()) {
                return NOTHING;
            }
            return needs.isEmpty() ? NOTHING : new NeededText(needs.stream().map(s -> s.toArray(String[]::new)).toList());
        } catch (Unsure e) {
            return NOTHING;
        }
    }

    /**
     * True when the expression, compiled as {@code pattern}, cannot find anything in the text. With
     * assertions on (the tests), every such answer is checked against the expression itself.
     */
    boolean rulesOut(String text, Pattern pattern) {
        if (mayMatch(text)) {
            return false;
        }
        assert !pattern.matcher(text).find() : "/" + pattern + "/ was said to need text missing from \"" + text + "\"";
        return true;
    }

    /** False only when the expression cannot find anything in this text. */
    boolean mayMatch(String text) {
        for (String[] choice : choices) {
            boolean any = false;
            for (String needed : choice) {
                if (text.contains(needed)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** For tests: the choices, each a set of strings. */
    List<Set<String>> choices() {
        return choices.stream().map(c -> Set.of(c)).toList();
    }

    private static final class Unsure extends RuntimeException {
        Unsure() {
            super(null, null, false, false);
        }
    }

    /** A recursive reading of the expression's syntax; each method returns what the part read needs (all of the choices). */
    private static final class Reader {

        private final String r;
        private int at;

        Reader(String regex) {
            this.r = regex;
        }

        /** Alternatives up to a closing parenthesis or the end: one choice made of a string each alternative needs. */
        List<Set<String>> alternatives() {
            List<List<Set<String>>> each = new ArrayList<>();
            each.add(sequence());
            while (at < r.length() && r.charAt(at) == '|') {
                at++;
                each.add(sequence());
            }
            if (each.size() == 1) {
                return each.get(0);
            }
            Set<String> either = new LinkedHashSet<>();
            for (List<Set<String>> alternative : each) {
                if (alternative.isEmpty()) {
                    return List.of();
                }
                // Any one choice an alternative needs will do; the one whose shortest string is longest rules out most.
                Set<String> best = alternative.get(0);
                for (Set<String> choice : alternative) {
                    if (shortest(choice) > shortest(best)) {
                        best = choice;
                    }
                }
                either.addAll(best);
            }
            return List.of(either);
        }

        private static int shortest(Set<String> choice) {
            return choice.stream().mapToInt(String::length).min().orElse(0);
        }

        private List<Set<String>> sequence() {
            List<Set<String>> needs = new ArrayList<>();
            StringBuilder run = new StringBuilder();
            while (at < r.length() && r.charAt(at) != '|' && r.charAt(at) != ')') {
                char c = r.charAt(at);
                if (r.startsWith("\\Q", at)) {
                    // Quoted text (Pattern.quote): plain to its end; a quantifier after it applies to its last character.
                    int end = r.indexOf("\\E", at + 2);
                    String quoted = r.substring(at + 2, end < 0 ? r.length() : end);
                    at = end < 0 ? r.length() : end + 2;
                    if (!quoted.isEmpty()) {
                        run.append(quoted, 0, quoted.length() - 1);
                        literal(quoted.charAt(quoted.length() - 1), run, needs);
                    }
                } else if (c == '\\') {
                    Character literal = escape();
                    if (literal != null) {
                        literal(literal, run, needs);
                    } else {
                        end(run, needs);
                        quantifier();
                    }
                } else if (c == '[') {
                    end(run, needs);
                    characterClass();
                    quantifier();
                } else if (c == '(') {
                    end(run, needs);
                    List<Set<String>> inner = group();
                    if (!quantifier()) {
                        needs.addAll(inner);
                    }
                } else if (c == '.' || c == '^' || c == '$') {
                    end(run, needs);
                    at++;
                    quantifier();
                } else if (c == '?' || c == '*' || c == '+' || c == '{') {
                    // A quantifier with nothing before it that this reader took as an atom.
                    throw new Unsure();
                } else {
                    at++;
                    literal(c, run, needs);
                }
            }
            end(run, needs);
            return needs;
        }

        /** A literal character: it belongs to the run unless a quantifier after it says it may be missing or repeated. */
        private void literal(char c, StringBuilder run, List<Set<String>> needs) {
            if (at < r.length() && "?*+{".indexOf(r.charAt(at)) >= 0) {
                boolean optional = quantifier();
                if (!optional) {
                    run.append(c);
                }
                end(run, needs);
            } else {
                run.append(c);
            }
        }

        /** A run of plain text ends; one letter or space alone is in almost every text, one punctuation mark (a comma) is not. */
        private static void end(StringBuilder run, List<Set<String>> needs) {
            if (run.length() >= 2 || run.length() == 1 && !Character.isLetterOrDigit(run.charAt(0)) && !Character.isWhitespace(run.charAt(0))) {
                needs.add(Set.of(run.toString()));
            }
            run.setLength(0);
        }

        /** Reads a quantifier if one follows; true when it allows zero repetitions. */
        private boolean quantifier() {
            if (at >= r.length()) {
                return false;
            }
            char c = r.charAt(at);
            boolean optional;
            if (c == '?' || c == '*') {
                optional = true;
                at++;
            } else if (c == '+') {
                optional = false;
                at++;
            } else if (c == '{') {
                int close = r.indexOf('}', at);
                if (close < 0) {
                    throw new Unsure();
                }
                String bounds = r.substring(at + 1, close);
                String min = bounds.contains(",") ? bounds.substring(0, bounds.indexOf(',')) : bounds;
                if (!min.matches("\\d+")) {
                    throw new Unsure();
                }
                optional = Integer.parseInt(min) == 0;
                at = close + 1;
            } else {
                return false;
            }
            if (at < r.length() && (r.charAt(at) == '?' || r.charAt(at) == '+')) {
                at++;
            }
            return optional;
        }

        /** A group; lookarounds match no text and need nothing. */
        private List<Set<String>> group() {
            at++;
            boolean lookaround = false;
            if (r.startsWith("?:", at) || r.startsWith("?>", at)) {
                at += 2;
            } else if (r.startsWith("?=", at) || r.startsWith("?!", at)) {
                at += 2;
                lookaround = true;
            } else if (r.startsWith("?<=", at) || r.startsWith("?<!", at)) {
                at += 3;
                lookaround = true;
            } else if (r.startsWith("?<", at)) {
                int close = r.indexOf('>', at);
                if (close < 0) {
                    throw new Unsure();
                }
                at = close + 1;
            } else if (r.startsWith("?", at)) {
                // Inline flags: case folding or comments would make plain text mean something else.
                throw new Unsure();
            }
            List<Set<String>> inner = alternatives();
            if (at >= r.length() || r.charAt(at) != ')') {
                throw new Unsure();
            }
            at++;
            return lookaround ? List.of() : inner;
        }

        private void characterClass() {
            at++;
            if (at < r.length() && r.charAt(at) == '^') {
                at++;
            }
            if (at < r.length() && r.charAt(at) == ']') {
                at++;
            }
            int depth = 1;
            while (at < r.length() && depth > 0) {
                char c = r.charAt(at);
                if (c == '\\') {
                    at += 2;
                    continue;
                }
                if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    depth--;
                }
                at++;
            }
            if (depth > 0) {
                throw new Unsure();
            }
        }

        /** An escape: the character it stands for when that is a plain punctuation mark, null for anything else (read past). */
        private Character escape() {
            if (at + 1 >= r.length()) {
                throw new Unsure();
            }
            char c = r.charAt(at + 1);
            at += 2;
            // A backslash before anything but a letter or digit stands for that character itself.
            if (!Character.isLetterOrDigit(c)) {
                return c;
            }
            switch (c) {
                case 's', 'S', 'd', 'D', 'w', 'W', 'h', 'H', 'v', 'V', 'R', 'X', 'b', 'B', 'A', 'G', 'Z', 'z' -> {
                    return null;
                }
                case 'p', 'P' -> {
                    if (at < r.length() && r.charAt(at) == '{') {
                        int close = r.indexOf('}', at);
                        if (close < 0) {
                            throw new Unsure();
                        }
                        at = close + 1;
                    } else {
                        at++;
                    }
                    return null;
                }
                default -> throw new Unsure();
            }
        }
    }
}
