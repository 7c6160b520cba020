package dev.sightline.ask.internal;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Countries named in a question ("from Germany", "Chinese traffic", "in the US") as ISO 3166 codes,
 * for a dimension whose values are those codes. The names come from the JDK's own country list, so
 * nothing here is a vendor's; a few everyday aliases and adjectives are added.
 */
final class Countries {

    /** A country found: its code, and where in the (lower-case) text the words were. */
    record Found(String code, int from, int to) {
    }

    private static final Map<String, String> NAMES = new LinkedHashMap<>();
    private static final Map<String, String> ADJECTIVES = Map.ofEntries(Map.entry("german", "DE"), Map.entry("chinese", "CN"),
            Map.entry("russian", "RU"), Map.entry("french", "FR"), Map.entry("american", "US"), Map.entry("british", "GB"),
            Map.entry("indian", "IN"), Map.entry("japanese", "JP"), Map.entry("brazilian", "BR"), Map.entry("dutch", "NL"),
            Map.entry("canadian", "CA"), Map.entry("australian", "AU"), Map.entry("swedish", "SE"), Map.entry("swiss", "CH"),
            Map.entry("romanian", "RO"), Map.entry("north korean", "KP"), Map.entry("korean", "KR"), Map.entry("iranian", "IR"),
            Map.entry("ukrainian", "UA"), Map.entry("polish", "PL"), Map.entry("spanish", "ES"), Map.entry("italian", "IT"),
            Map.entry("vietnamese", "VN"), Map.entry("turkish", "TR"), Map.entry("irish", "IE"), Map.entry("singaporean", "SG"));

    static {
        for (String code : Locale.getISOCountries()) {
            NAMES.put(new Locale("", code).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), code);
        }
        Map.of("usa", "US", "united states of america", "US", "the states", "US", "america", "US", "uk", "GB", "britain", "GB",
                "great britain", "GB", "england", "GB", "holland", "NL", "south korea", "KR").forEach(NAMES::put);
    }

    /** A name only counts where a place is meant: after "from", "in", "out of", or before "traffic", "requests", "ips". */
    private static final Pattern NAMED;
    private static final Pattern ADJECTIVE;
    /** "from the US": the two capital letters as typed, never the pronoun. */
    private static final Pattern US = Pattern.compile("\\b(?:from|in|out of|based in)\\s+(?:the\\s+)?(US|U\\.S\\.?)(?=\\W|$)");

    /** The names those expressions know: most questions name no country, and a look for the names is far cheaper than the expressions. */
    private static final List<String> NAMED_NAMES = NAMES.keySet().stream().filter(n -> n.length() > 3 || n.equals("uk") || n.equals("usa")).toList();

    static {
        String names = NAMED_NAMES.stream().sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote)
                .collect(Collectors.joining("|"));
        NAMED = Pattern.compile("\\b(?:from|in|out of|based in|originating in|originating from|located in|coming from)\\s+(?:the\\s+)?(" + names + ")\\b"
                + "|\\b(" + names + ")\\s+(?:traffic|requests|reqs|ips|ip addresses|visitors|users|clients|bots|hits|ones)\\b");
        String adjectives = ADJECTIVES.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote)
                .collect(Collectors.joining("|"));
        ADJECTIVE = Pattern.compile("\\b(" + adjectives + ")\\s+(?:traffic|requests|reqs|ips|ip addresses|visitors|users|clients|bots|hits|addresses)\\b");
    }

    private Countries() {
    }

    /** The first country the question names, or null. {@code raw}: the question as typed (for "US"). */
    static Found find(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        if (NAMED_NAMES.stream().anyMatch(lower::contains)) {
            Matcher m = NAMED.matcher(lower);
            if (m.find()) {
                int group = m.group(1) != null ? 1 : 2;
                return new Found(NAMES.get(m.group(group)), m.start(group), m.end(group));
            }
        }
        if (ADJECTIVES.keySet().stream().anyMatch(lower::contains)) {
            Matcher m = ADJECTIVE.matcher(lower);
            if (m.find()) {
                return new Found(ADJECTIVES.get(m.group(1)), m.start(1), m.end(1));
            }
        }
        Matcher m = US.matcher(raw);
        return m.find() ? new Found("US", m.start(1), m.end(1)) : null;
    }
}
