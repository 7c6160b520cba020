package dev.sightline.ask.internal;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers, shares and periods read in answers. */
final class Formats {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE, MMM d", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_YEAR = DateTimeFormatter.ofPattern("EEE, MMM d, yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private Formats() {
    }

    static String number(long n) {
        return NumberFormat.getIntegerInstance(Locale.US).format(n);
    }

    /** A number with up to two decimals, without trailing zeros: 12.5, 3, 0.07. */
    static String decimal(double value) {
        java.text.DecimalFormat format = new java.text.DecimalFormat("#,##0.##", java.text.DecimalFormatSymbols.getInstance(Locale.US));
        return format.format(value);
    }

    /** A vendor's constant as words: RATE_LIMIT → "rate limit", dryRun → "dry run". */
    static String words(String constant) {
        if (constant == null) {
            return "";
        }
        String spaced = Regex.replaceAll(constant, "([a-z])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(Locale.ROOT);
        return spaced.equals("ip") ? "IP" : spaced;
    }

    /** The plural of a noun the vendor's fields name ("country" → "countries", "ip" → "IPs"). */
    static String plural(String noun) {
        String shown = Regex.replaceAll(noun, "\\bip\\b", "IP");
        return shown.endsWith("s") ? shown : Regex.matches(shown, ".*[^aeiou]y") ? shown.substring(0, shown.length() - 1) + "ies" : shown + "s";
    }

    /** One of a plural list's rows: "1 policy", "1 rule". */
    static String singular(String noun) {
        return noun.endsWith("ies") ? noun.substring(0, noun.length() - 3) + "y" : noun.endsWith("s") ? noun.substring(0, noun.length() - 1) : noun;
    }

    static String percent(double share) {
        return String.format(Locale.US, share < 0.01 && share > 0 ? "%.2f%%" : "%.1f%%", share * 100);
    }

    static String change(double percent) {
        return String.format(Locale.US, "%s%.0f%%", percent >= 0 ? "+" : "−", Math.abs(percent));
    }

    /** "Mon, Nov 16 – Sun, Nov 22, 2026", with times when the window does not start and end at midnight. */
    static String period(Instant start, Instant end, ZoneId zone) {
        var s = start.atZone(zone);
        var e = end.atZone(zone);
        boolean midnight = s.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) && e.toLocalTime().equals(java.time.LocalTime.MIDNIGHT);
        if (midnight) {
            var lastDay = e.minusDays(1);
            return lastDay.toLocalDate().equals(s.toLocalDate()) ? DAY_YEAR.format(s) : DAY.format(s) + " – " + DAY_YEAR.format(lastDay);
        }
        return DAY.format(s) + " " + TIME.format(s) + " – " + DAY_YEAR.format(e) + " " + TIME.format(e) + " (" + zone.getId() + ")";
    }
}
