package dev.sightline.sandbox.tools;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period a tool looks at: either {@code period} (relative to now: "24h", "7d", "30d") or
 * {@code start} and {@code end} as ISO-8601 instants. Always [start, end), never in the future.
 */
record TimeWindow(Instant start, Instant end) {

    static final String PERIOD_PATTERN = "^[1-9][0-9]{0,3}[hd]$";
    static final Duration LONGEST = Duration.ofDays(90);
    private static final Pattern PERIOD = Pattern.compile("^([1-9][0-9]{0,3})([hd])$");
    /** Clock skew allowed between a client and the sandbox. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    static TimeWindow from(Map<String, Object> args, String defaultPeriod, Instant now) {
        Object period = args.get("period");
        Object start = args.get("start");
        Object end = args.get("end");
        if (period != null && (start != null || end != null)) {
            throw new ToolError("Give either 'period' or 'start'/'end', not both.");
        }
        if (start == null && end == null) {
            Duration length = parsePeriod(period == null ? defaultPeriod : String.valueOf(period));
            return new TimeWindow(now.minus(length), now);
        }
        if (start == null) {
            throw new ToolError("'end' needs a 'start' too (ISO-8601, e.g. 2026-11-01T00:00:00Z).");
        }
        Instant from = instant("start", start);
        Instant to = end == null ? now : instant("end", end);
        if (from.isAfter(now)) {
            throw new ToolError("The window starts in the future (" + from + "); the latest data is from " + now + ".");
        }
        if (!from.isBefore(to)) {
            throw new ToolError("The window is reversed or empty: 'start' (" + from + ") must be before 'end' (" + to + ").");
        }
        if (to.isAfter(now.plus(SKEW))) {
            throw new ToolError("The window ends in the future (" + to + "); use an end at or before " + now + ".");
        }
        if (Duration.between(from, to).compareTo(LONGEST) > 0) {
            throw new ToolError("The window is longer than 90 days; narrow it.");
        }
        return new TimeWindow(from, to.isAfter(now) ? now : to);
    }

    static Duration parsePeriod(String value) {
        Matcher m = PERIOD.matcher(value.trim());
        if (!m.matches()) {
            throw new ToolError("'period' must look like 24h or 7d (hours or days), not '" + value + "'.");
        }
        Duration length = m.group(2).equals("h") ? Duration.ofHours(Long.parseLong(m.group(1))) : Duration.ofDays(Long.parseLong(m.group(1)));
        if (length.compareTo(LONGEST) > 0) {
            throw new ToolError("'period' can be at most 90d.");
        }
        return length;
    }

    private static Instant instant(String name, Object value) {
        try {
            return Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw new ToolError("'" + name + "' must be an ISO-8601 instant such as 2026-11-01T00:00:00Z, not '" + value + "'.");
        }
    }

    TimeWindow previous() {
        Duration length = Duration.between(start, end);
        return new TimeWindow(start.minus(length), start);
    }

    Map<String, Object> json() {
        return Map.of("start", start.toString(), "end", end.toString());
    }
}
