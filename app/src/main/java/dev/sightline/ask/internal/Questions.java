package dev.sightline.ask.internal;

import java.util.Locale;

/**
 * What can be asked: a question with something in it, of at most {@value #MAX_CHARS} characters.
 * Anything else is refused before it is planned or stored; a long question is never cut short,
 * since the shortened text could ask something else.
 */
final class Questions {

    static final int MAX_CHARS = 1_000;

    private Questions() {
    }

    /** The question without surrounding blanks; {@link Refused} says what is wrong with one that cannot be asked. */
    static String checked(String question) {
        String q = question == null ? "" : question.strip();
        if (q.isEmpty()) {
            throw new Refused("Type a question, such as \"How many requests did we deny for rate limiting this week?\"");
        }
        if (q.length() > MAX_CHARS) {
            throw new Refused(String.format(Locale.ROOT, "Questions are at most %,d characters; this one has %,d. Shorten it and ask again.",
                    MAX_CHARS, q.length()));
        }
        return q;
    }

    /** A question that cannot be asked; the message is for the person who asked it. */
    static final class Refused extends IllegalArgumentException {
        Refused(String message) {
            super(message);
        }
    }
}
