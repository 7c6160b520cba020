package dev.sightline.ask.internal;

import java.util.regex.Pattern;

/**
 * What a server says when a call fails, made fit to show a person: its own words, without
 * control or invisible characters, markup or anything that looks like a credential, and short.
 * Whatever a server sends is text here; escaping for HTML happens where it is rendered.
 */
final class ServerMessages {

    static final int MAX_CHARS = 300;

    private static final String INVISIBLE = "[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]+";
    private static final String TAGS = "<[^<>]{0,2000}>";
    /** The bold markers answers use for their own numbers. */
    private static final String BOLD = "\\*\\*";
    private static final String SCHEME_CREDENTIAL = "(?i)\\b(bearer|basic|token)\\s+[A-Za-z0-9._~+/=-]{8,}";
    private static final String NAMED_SECRET = 
            "(?i)\\b((?:access|refresh|id)?[_-]?token|api[_-]?key|apikey|client[_-]?secret|secret|password|passwd|authorization|cookie|session[_-]?id)"
                    + "(\"?'?\\s*[:=]\\s*\"?'?)[^\\s\"'&,;]+";
    private static final String JWT = "\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}(?:\\.[A-Za-z0-9_-]*)?";
    // Long runs of letters and digits together are how keys look; a word or a number is left alone.
    private static final String OPAQUE = "\\b(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{32,}\\b";
    private static final String SPACES = "\\s{2,}";

    private ServerMessages() {
    }

    /** The message as it may be shown, or null when nothing readable is left. */
    static String clean(String message) {
        if (message == null) {
            return null;
        }
        // Bounded first: the patterns below then never scan megabytes of a tool's error text.
        String text = message.length() > 20 * MAX_CHARS ? message.substring(0, 20 * MAX_CHARS) : message;
        text = Regex.replaceAll(text, INVISIBLE, " ");
        text = Regex.replaceAll(text, TAGS, " ");
        text = Regex.replaceAll(text, BOLD, "");
        text = Regex.replaceAll(text, SCHEME_CREDENTIAL, "$1 [hidden]");
        text = Regex.replaceAll(text, NAMED_SECRET, "$1$2[hidden]");
        text = Regex.replaceAll(text, JWT, "[hidden]");
        text = Regex.replaceAll(text, OPAQUE, "[hidden]");
        text = Regex.replaceAll(text, SPACES, " ").strip();
        if (text.isEmpty()) {
            return null;
        }
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS - 1).stripTrailing() + "…";
    }
}
