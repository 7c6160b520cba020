package dev.sightline.source.internal;

import java.util.Locale;

/** Small pieces of the messages people read about their sources. */
final class Texts {

    private Texts() {
    }

    /** At most {@code chars} characters, an ellipsis marking a cut. */
    static String shorten(String text, int chars) {
        if (text == null) {
            return "";
        }
        return text.length() <= chars ? text : text.substring(0, chars - 1) + "…";
    }

    /** 1234567 → "1,234,567". */
    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
