package dev.sightline.ask.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sightline.ask.Query;

/**
 * Reads a question into a typed {@link Query} with the words of a connector's {@link Semantics}:
 * spelling mended over the whole question, periods by the time grammar, sites by their live names
 * and environments, measures, dimensions, filters and reports by their words, then composed
 * (comparisons, ratios, averages, distinct counts, top-N, sets, two parts, a top item looked up).
 * Everything it read is recorded in {@link Reading}, and so is what it did not understand.
 */
final class QuestionParser {

    /** A site the connected user can see. */
    record Site(String id, String name, String environment) {
    }

    /**
     * The query, what each part of the question was read as, the paths it could not narrow to,
     * the words it did not understand, and how sure the reading is.
     */
    record Reading(Query query, List<String> understood, List<String> ignored, double confidence, List<String> unknown) {
        Reading(Query query, List<String> understood, List<String> ignored, double confidence) {
            this(query, understood, ignored, confidence, List.of());
        }
    }

    /** Words that carry no meaning of their own here: what is left after them and the known words was not understood. */
    private static final Set<String> FILLER = Set.copyOf(List.of("about", "above", "actually", "after", "again", "against", "also", "always", "answer", "anything",
            "around", "asking", "back", "compare", "whos", "whats", "showed", "whatever", "three", "four", "five", "seven", "eight", "nine", "twenty", "fifty", "prior", "previous", "preceding", "basically", "been", "before", "being", "between", "both", "bring", "check", "come", "could", "curious",
            "does", "doing", "done", "down", "during", "each", "either", "else", "ever", "every", "exactly", "figure", "find", "from", "gets", "getting",
            "give", "going", "gonna", "good", "guess", "happen", "happened", "have", "having", "hello", "help", "here", "just", "know", "kindly",
            "like", "look", "looking", "make", "many", "maybe", "mean", "might", "more", "much", "must", "need", "needs", "number", "numbers",
            "only", "other", "over", "please", "pull", "quick", "quickly", "question", "quite", "rather", "real", "really", "right", "roughly",
            "said", "same", "says", "should", "show", "since", "some", "something", "still", "such", "sure", "tell", "than", "thank", "thanks",
            "that", "their", "them", "then", "there", "these", "they", "thing", "things", "think", "this", "those", "through", "under", "until",
            "very", "want", "wanna", "wondering", "were", "what", "whats", "when", "where", "whether", "which", "while", "will", "with", "within",
            "without", "would", "your", "ours", "guys", "team", "folks", "approx", "approximately", "overall", "currently", "current", "recently",
            "currently", "exact", "total", "seen", "seeing", "happening", "going", "anyone", "somebody", "someone", "okay", "alright", "cheers",
            "mate", "hiya", "gimme", "lemme", "kinda", "sorta", "stuff", "plus", "across", "whole", "entire", "part", "within", "compared",
            "comparison", "versus", "higher", "lower", "more", "less", "fewer", "greater", "bigger", "smaller", "change", "changed", "happens",
            "level", "levels", "data", "info", "information", "stats", "statistics", "metrics", "figures", "report", "count", "counts", "amount",
            "times", "time", "period", "window", "hours", "days", "weeks", "months", "minutes", "morning", "evening", "afternoon", "night",
            "doesnt", "dont", "didnt", "werent", "wasnt", "isnt", "arent", "weve", "ive", "theyve", "youve", "exist", "exists", "appear", "appears", "common",
            // Words of a report's audience and form ("bottom line for the board", "a quick pulse", "a snapshot"), and the modes onlyRows reads.
            "bottom", "line", "board", "pulse", "snapshot", "enough", "enforcing", "enforced", "watching",
            // Words of a period's edges ("not counting today"), kept as typed rather than spelled into another word.
            "counting", "including", "excluding", "leaving",
            // Shares of a whole said in words ("more than a tenth of all blocks"), read by SHARE_THRESHOLD.
            "tenth", "fifth", "quarter", "third", "half", "percent"));

    private String lastWords = "";
    /** The question as the periods were found in, so a part can tell which period was said with it. */
    private String lastNormalized = "";
    /** The paths the question names, as read from its text once. */
    private List<String> lastPaths = List.of();
    /** The question as typed, for the questions offered when it is not understood. */
    private String lastQuestion = "";
    /** Whether the country the question names comes after its first part ends. */
    private boolean placeInLaterPart;

    /** "what kind of rule denied it", "the rule behind that": why a request was decided, asked as the rule that decided it. */
    private static final String RULE_BEHIND_IT = "\\b(?:what|which)\\s+(?:(?:kind|type|sort)\\s+of\\s+)?(?:rule|protection)\\s+"
            + "(?:denied|blocked|caught|stopped|flagged|decided|challenged|triggered on)\\s+(?:it|that|this|them)\\b"
            + "|\\b(?:rule|protection)\\s+(?:behind|responsible for)\\s+(?:it|that|this)\\b";
    /** "the last denied request: which rule fired": the rule that decided it, as the decision's explanation states it. */
    private static final String RULE_THAT_FIRED = "\\b(?:what|which)\\s+(?:rule|protection)\\s+(?:fired|triggered|kicked in|matched|applied|was responsible|did it|caught it)\\b";
    /** Everyday things no security data is about. */
    private static final List<String> OFF_TOPIC = List.of("weather", "lunch", "dinner", "breakfast", "recipe", "restaurant", "movie", "football", "soccer",
            "birthday", "coffee", "pizza", "horoscope");
    /** "compared with the previous 24 hours": the one period named is the one compared against. */
    private static final Pattern COMPARED_WITH_PREVIOUS = Pattern.compile("\\b((?:compared|comparing)\\s+(?:with|to)|vs\\.?|versus|against|relative\\s+to)\\s+the\\s+"
            + "(?:previous|prior|preceding)?\\s*(\\d{1,3}|two|three|four|five|six|seven|ten|fourteen|thirty)\\s+(hours?|days?|weeks?)(?:\\s+before)?\\b");
    /** "which three bots": a count between "which" and the rows it asks for. */
    private static final String WHICH_N = "\\b(which|what)\\s+(?:top\\s+)?(?:\\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\\s+";
    /** "when did Shield last block something", "when was the last rate-limit denial": the newest such request's time. */
    private static final String WHEN_LAST = "^\\s*(?:so\\s+|and\\s+)?when\\s+(?:did|was|were|has|have)\\b.*\\b(?:last|latest|most recent(?:ly)?)\\b";
    private static final String ITS_PATH = "\\b(?:its|that|the same|this)\\s+(?:path|endpoint|route|url|page)\\b";
    private static final String LATEST_REQUEST = "\\b(?:last|latest|most recent|newest)\\s+(?:[\\w-]+\\s+){0,2}(?:request|hit|denial|block|decision|deny|attempt|challenge)\\b"
            // "whoever got bot-blocked last": the newest denied request's client.
            + "|\\bwho(?:ever)?\\s+(?:got|was|were)\\s+(?:[\\w]+-)?(?:denied|blocked|bounced|rejected|refused|stopped|limited)\\s+(?:last|most recently)\\b"
            // "who got bounced off /api/checkout most recently", "who was the last one to get blocked": the newest denied request's client.
            + "|\\bwho\\s+(?:got|was|were|has been|'s been)\\s+(?:\\w+\\s+)?(?:denied|blocked|bounced|rejected|refused|stopped|kicked|turned away)\\b.{0,50}?\\bmost recent(?:ly)?\\b"
            + "|\\bwho\\s+was\\s+the\\s+(?:last|latest|most recent)\\s+(?:one|person|client|user|visitor|ip|address)\\s+to\\s+(?:get|be)\\b";
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![\\d.]*\\d)");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:])((?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}(?:::?[0-9a-f]{1,4})*)(?!\\w|:[\\w:])", Pattern.CASE_INSENSITIVE);
    /** The root path by name or alone in brackets or quotes. */
    private static final Pattern HOME_PAGE = Pattern.compile("\\b(?:the\\s+|our\\s+|my\\s+)?(?:home\\s?page|front\\s?page|root path|site root)(?:\\s*\\(\\s*/\\s*\\))?"
            + "|[(\"'`]\\s*/\\s*[)\"'`]");
    private static final Pattern PATH = Pattern.compile("(?<![\\w/.:])(/[A-Za-z0-9_\\-][A-Za-z0-9._~\\-/]*)");
    /** "the 3 paths with most denials", "five busiest API endpoints", "the 10 IP with most requests". */
    private static final Pattern N_ITEMS = Pattern.compile("\\b(\\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty)\\s+"
            + "(?:(?:most|busiest|biggest|worst|noisiest|top|highest|largest|main|latest|newest|recent|leading|heaviest|loudest|suspicious|active|"
            + "denied|blocked|common|frequent|targeted|attacked|hit|challenged|flagged|rate limited|[a-z]+-[a-z]+)\\s+){0,3}(?:api\\s+)?"
            + "(?:paths?|ips?|ip addresses|addresses|endpoints?|routes?|urls?|countries|country|bots?|reasons?|rules?|offenders|attackers|culprits|clients|pages|"
            + "requests|denials|blocks|hits|entries|challenges)\\b");
    /** Words that put the period after them on the other side of a comparison: "compared to last week". */
    private static final List<String> COMPARE_TO = List.of("compared to", "compared with", "vs", "vs.", "versus", "than", "against", "relative to");
    /** "the busiest hour today", "which day was worst": a series, read for its peak. */
    private static final Pattern PEAK = Pattern.compile("\\b(?:busiest|worst|biggest|peak|heaviest|which|what)\\s+(?:single\\s+)?(hour|day)\\b");
    /** "the last 10 requests": a listing, where "last week" would have been read as a period already. */
    private static final String LAST_N = "\\blast\\s+(?:\\d{1,3}|few|couple|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty)\\b";
    private static final Pattern TOP_N = Pattern.compile("\\b(?:top|first|latest|last|recent|most recent|newest|biggest|worst|busiest)\\s+(\\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty)\\b");
    private static final Map<String, Integer> SMALL_NUMBERS = Map.of("one", 1, "two", 2, "three", 3, "four", 4, "five", 5, "six", 6, "seven", 7,
            "eight", 8, "nine", 9, "ten", 10);

    /** Words of the engine itself (not of any vendor): how people ask for rankings, averages, series, comparisons. */
    private static final List<String> RANKING = List.of("top", "most", "biggest", "busiest", "worst", "noisiest", "main", "primary", "leading",
            "sketchiest", "shadiest", "dodgiest",
            "highest", "largest", "heaviest", "rank", "ranking", "ranked", "most active", "chattiest", "loudest", "hardest", "favourite", "favorite",
            "most common", "commonest", "number one", "#1", "winner", "hammered", "hammering", "hit the most", "mostly");
    private static final List<String> SERIES = List.of("per day", "a day", "daily", "by day", "each day", "every day", "day by day", "day-by-day",
            "for each of", "on each of", "for each day", "for each hour", "for each week",
            "per hour", "hourly", "by hour", "each hour", "every hour", "hour by hour", "hour-by-hour", "per week", "weekly", "by week", "each week", "over time", "trend",
            "trends", "timeline", "time series", "chart", "graph", "plot", "history", "breakdown by day", "day on day", "day over day");
    /** "per day" alone asks for an average ("how many denials per day"); with these it asks for the series. */
    private static final List<String> PER_UNIT = List.of("per day", "a day", "per hour", "an hour", "per week", "a week", "per minute", "per second",
            "in a day", "in an hour", "in a week", "on a typical day", "on an average day", "in a typical day");
    private static final List<String> STRONG_SERIES = List.of("each day", "every day", "day by day", "day-by-day", "by day", "by hour", "each hour", "every hour",
            "hour by hour", "daily", "hourly", "weekly", "by week", "each week", "over time", "trend", "timeline", "chart", "graph", "plot", "show",
            "list", "breakdown", "view", "time series", "for each");
    private static final List<String> COUNT_OR_RATE = List.of("how many", "how much", "average", "avg", "rate", "number of", "count", "roughly",
            "on average", "typically", "ballpark", "what's the", "what is the");
    private static final List<String> AVERAGE = List.of("average", "avg", "on average", "mean", "typical", "typically", "normally", "usually");
    private static final List<String> RATE = List.of("rate", "rates", "percentage", "percent", "%", "share", "proportion", "fraction", "ratio", "portion",
            "p deny", "probability", "likelihood", "odds",
            "what part", "how much of", "slice", "chunk", "big part", "large part", "big a part", "large a part", "part of the", "part of all", "part of our");
    private static final List<String> DISTINCT = List.of("distinct", "unique", "cardinality", "different", "diff", "separate", "individual ips", "how many ips",
            "how many ip addresses", "how many paths", "how many countries", "number of ips", "number of paths", "number of countries", "count of ips",
            "count of paths", "count of countries", "how many endpoints", "how many routes", "number of endpoints", "count of endpoints");
    private static final List<String> NEVER = List.of("never", "not once", "no denials", "not denied", "zero denials", "without any denial",
            "without denials", "without a single", "nothing denied", "none denied", "0 denials", "clean", "not a single denial", "not one denial",
            "no denial", "not a single block", "no blocks", "not blocked once", "never blocked");
    /** "haven't had a single request denied", "didn't get blocked at all": a denial said not to have happened. */
    private static final String NEGATED_DENIAL = "\\b(?:haven't|havent|hasn't|hasnt|have not|has not|didn't|didnt|did not|weren't|werent|were not|"
            + "wasn't|wasnt|was not)\\s+(?:\\w+\\s+){0,5}?(?:denied|blocked|rejected|refused|stopped|bounced)\\b";

    private static boolean never(String words) {
        return has(words, NEVER) || Regex.find(words, NEGATED_DENIAL);
    }

    private static final List<String> COMPARE = List.of(" vs ", " vs. ", " versus ", "compared to", "compared with", "compare", "comparison", "different from",
            "against", " or ", "than", "relative to", "difference between", "differ", "change from", "up or down", "more or less", "higher or lower");
    private static final List<String> COUNT = List.of("how many", "how much", "number of", "count", "total", "tally", "volume", "amount", "sum");
    private static final List<String> INVESTIGATE = List.of("up to", "doing", "investigate", "look into", "tell me about", "what is it", "who is it",
            "asn", "network", "network type", "known threat", "threat", "risk", "risk level", "residential", "hosting", "country", "city", "where",
            "came from", "come from", "comes from", "located", "isp", "provider", "give me its", "check whether", "check if", "is it", "what bot",
            "details", "profile", "dig into", "dig in", "more about", "about it", "about that", "deep dive", "drill", "what's its", "what is its",
            "where is it from", "where's it from", "what has it", "what did it", "behaviour", "behavior", "history");
    private static final List<String> WHY = List.of("why", "explain", "reason", "what happened", "how come", "what caused", "which rule", "what rule",
            "rule id", "what stopped", "what blocked", "what killed", "killed it", "stopped it", "blocked it", "fired");
    private static final String POLITE_START = "^(?:(?:hey|hi|ok|okay|so|yo|please|pls|plz|quick one|quick question|can you|could you|would you|will you|can u|could u|would u|can ya|can we|could we|"
            + "i want to|i'd like to|i would like to|i need to|i need you to|we need to|let's|lets|go ahead and|help me|how do i|how can i|how do we|"
            + "how can we|is it possible to|i want you to|you should|just|now|also|then|and)[,!:]?\\s+)*";

    private final Semantics semantics;
    private final SiteCatalog catalog;
    private final ZoneId zone;
    private final Instant now;
    /** Every word the semantics and the engine listen for, for spelling correction. */
    private final Set<String> vocabulary;
    private List<Site> sites = List.of();
    private Site defaultSite;

    QuestionParser(Semantics semantics, SiteCatalog catalog, ZoneId zone, Instant now) {
        this.semantics = semantics;
        this.catalog = catalog;
        this.zone = zone;
        this.now = now;
        this.vocabulary = VOCABULARIES.computeIfAbsent(semantics, QuestionParser::vocabulary);
    }

    /** A connector's words change only with its file: built once per semantics, not per question. */
    private static final Map<Semantics, Set<String>> VOCABULARIES = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private static final Map<Semantics, Set<String>> MISSING_ONLY = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    private static Set<String> vocabulary(Semantics s) {
        return vocabulary(s, true);
    }

    /** Whether no word of a phrase is one the vendor's own data is about (its words for data it lacks do not count). */
    static boolean foreignTo(Semantics s, String phrase) {
        Set<String> own = OWN_WORDS.computeIfAbsent(s, v -> vocabulary(v, false));
        return java.util.Arrays.stream(Regex.split(phrase.toLowerCase(java.util.Locale.ROOT), "[\\s-]+"))
                .noneMatch(w -> own.contains(w) || own.contains(Regex.replaceAll(w, "s$", "")));
    }

    private static final Map<Semantics, Set<String>> OWN_WORDS = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /** Words only the data a vendor lacks uses ("money", not "daily"): a typo is never corrected into one of them. */
    private static Set<String> missingOnly(Semantics s) {
        Set<String> words = new TreeSet<>(vocabulary(s));
        words.removeAll(vocabulary(s, false));
        return java.util.Collections.unmodifiableSet(words);
    }

    private static Set<String> vocabulary(Semantics s, boolean withMissing) {
        Set<String> words = new TreeSet<>();
        List<List<String>> lists = new ArrayList<>();
        s.measures().values().forEach(m -> lists.add(m.words()));
        s.dimensions().values().forEach(d -> lists.add(d.words()));
        s.filters().values().forEach(f -> f.values().values().forEach(lists::add));
        s.lookups().values().forEach(l -> {
            lists.add(l.words());
            lists.addAll(l.sections().values());
        });
        s.reports().values().forEach(r -> {
            lists.add(r.words());
            lists.addAll(r.sections().values());
            lists.addAll(r.fields().values());
            lists.addAll(r.times().values());
            lists.addAll(r.most().values());
        });
        lists.add(MINUS);
        lists.add(BOTH);
        // ("during the bot campain": the word that makes "bot" an event's, not a reason.)
        lists.add(List.of("campaign", "incident", "outage"));
        if (withMissing) {
            s.missingData().values().forEach(lists::add);
        }
        lists.add(s.refusals().secretWords());
        lists.add(s.refusals().writeWords());
        lists.add(s.listing().words());
        lists.add(s.sites().words());
        s.sites().environments().values().forEach(lists::add);
        for (List<String> phrases : List.of(RANKING, SERIES, AVERAGE, RATE, DISTINCT, NEVER, COUNT, INVESTIGATE, WHY)) {
            lists.add(phrases);
        }
        lists.add(List.of("which", "what", "show", "list", "give", "requests", "request", "latest", "recent", "today", "yesterday"));
        // Joining words a comparison or a period hangs on ("untill", "befor", "wuold"): mistyped as often as the rest.
        lists.add(List.of("until", "before", "earlier", "would", "compare", "compared", "compares", "comparing", "between", "against", "versus", "during", "since", "after"));
        for (List<String> phrases : lists) {
            for (String phrase : phrases == null ? List.<String>of() : phrases) {
                for (String word : Regex.split(phrase, "[\\s-]+")) {
                    if (word.length() >= 4 && word.chars().allMatch(Character::isLetter)) {
                        words.add(word);
                    }
                }
            }
        }
        return java.util.Collections.unmodifiableSet(words);
    }

    // ---- reading ----

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QuestionParser.class);

    /** What one request's details answer: "what path was it", "which IP", "from which country", "what time". */
    private static final String REQUEST_FIELD = "\\b(?:what|which)\\s+(?:\\w+\\s+)?(?:path|ip|country|network|method|user agent|time|url|endpoint)"
            + "\\s+(?:was|did|is|it|does|they|had)\\b|\\b(?:from|in)\\s+(?:which|what)\\s+(?:country|network)\\b|\\bwhat time\\b|\\bwhen (?:was|did) it\\b";

    /** "what does it actually do", "what it checks": a description of what an earlier part named. */
    private static final String DESCRIBE_IT = "\\bwhat\\s+(?:\\w+\\s+)?(?:does|do)\\s+(?:it|that|they|this|that one)\\s+(?:\\w+\\s+)?"
            + "(?:do|check|checks|cover|mean)\\b|\\bwhat (?:it|they) (?:does|do|checks|check)\\b|\\bdescribe (?:it|them)\\b";

    /** "since the attack", "during the incident": an event named to place a period, not a kind of denial to count. */
    private static final Pattern INCIDENT = Pattern.compile("\\b(?:since|after|before|from)\\s+the\\s+(?:big\\s+|last\\s+|recent\\s+)?(?:attack|incident|outage)\\b"
            // "six days ago, when the bot campaign started": when something happened, not what is counted.
            + "|\\bwhen\\s+the\\s+(?:big\\s+)?(?:bot\\s+|ddos\\s+|scraper\\s+)?(?:campaign|attack|swarm|flood|incident|outage|wave|storm)\\s+"
            + "(?:started|began|kicked off|hit|hit us|was going on|was going off|went off|happened|peaked|was on)\\b"
            // "on the day of the bot campaign six days ago": the day is named by the campaign; its bots are not what is counted.
            + "|\\b(?:on|during|over)\\s+the\\s+(?:day|days|night|morning|week)\\s+of\\s+the\\s+(?:big\\s+)?(?:bot\\s+|ddos\\s+|scraper\\s+)?"
            + "(?:campaign|attack|swarm|flood|incident|outage|wave|storm)\\b"
            // "that bot storm from last week", "the attack last Thursday": the event names when, not the bot rule's decisions only.
            + "|\\b(?:that|the|this)\\s+(?:big\\s+|huge\\s+|whole\\s+|recent\\s+)?(?:bot|bots|scraper|crawler|signup|sign-up|login)\\s+"
            + "(?:storm|attack|campaign|wave|flood|surge|thing|incident|swarm|blitz)\\b(?:\\s+(?:from|of|during)\\s+last\\s+week\\b)?"
            // "the attack last Thursday": an event said by its day alone.
            + "|\\b(?:that|the|this)\\s+(?:big\\s+|huge\\s+|recent\\s+)?(?:attack|storm|campaign|incident|surge|flood)\\b(?=\\s+(?:last|on|this|yesterday|six|five|four|three|two|\\d|from|during|that|of last))");

    /**
     * "would staging's rules have blocked", "would the bot rule on staging have stopped", "would the bot rule block if it was live":
     * what a dry run answers, its words apart ("would you block …" asks for an action, not a would-be block).
     */
    private static final Pattern WOULD_APART = Pattern.compile("\\bwould\\s+(?!you\\b|u\\b)((?:(?!not\\b)[a-z'_-]+\\s+){1,6}?)(?:(?:have|'ve|of)\\s+(been\\s+)?"
            + "(blocked|stopped|denied|caught|flagged)|(block|stop|deny|catch|flag)(?=\\s.*\\bif\\b))\\b");

    /** A field name written as in a tool's output ("denialRate", "totalWouldBlock") reads as its words; "iPhone", "eBay" are names. */
    private static final String CAMEL_WORD = "(?<![\\w./:\"-])([a-z]{2,}(?:[A-Z][a-z]+)+)(?![\\w./:\"-])";

    Reading read(String question) {
        question = Regex.replaceAll(question, CAMEL_WORD, m -> Regex.replaceAll(m.group(1), "([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT));
        Reading reading;
        try {
            reading = withUnknownWords(readQuery(question));
        } catch (RuntimeException e) {
            // A reading the grammar cannot finish is a question not understood, never a failed request.
            LOG.warn("Question not read ({}: {})", e.getClass().getSimpleName(), e.getMessage());
            return unclear(new ArrayList<>(), new ArrayList<>());
        }
        String path = lastPaths.isEmpty() ? null : lastPaths.get(0);
        if (path != null && !(reading.query() instanceof Query.Unanswerable) && !usesPath(reading.query())) {
            // Say so rather than let whole-site numbers pass for the path's.
            List<String> ignored = new ArrayList<>(reading.ignored());
            ignored.add(path);
            return new Reading(reading.query(), reading.understood(), ignored, Math.max(0, reading.confidence() - 0.3));
        }
        return reading;
    }

    /** The words of the question nothing read, reported in the answer and taken off its confidence. */
    private Reading withUnknownWords(Reading reading) {
        if (reading.query() instanceof Query.Unanswerable u && "missing-data".equals(u.reason()) && u.detail() == null && u.partial() == null) {
            // "How many merch orders came in … lost sales": the data named as missing, and the thing counted when nothing reads it.
            Matcher c = COUNTED.matcher(lastWords);
            List<String> unknown = unknownWords();
            List<String> counted = c.find() ? unknown.stream().filter(w -> Regex.matches(c.group(), "(?s).*\\b" + Pattern.quote(w) + "\\b.*")).toList() : List.of();
            if (!counted.isEmpty() && !u.missing().containsAll(counted)) {
                List<String> missing = new ArrayList<>(u.missing());
                missing.add(Regex.replaceAll(Regex.replaceFirst(c.group(), "^(?:how many|number of|count of)\\s+", ""), "\\s+(?:actually|really|came|come|did|do|were|was|are|is|have|has)\\b.*$", "").strip());
                return new Reading(new Query.Unanswerable(u.reason(), null, missing, u.readings(), null), reading.understood(), reading.ignored(), reading.confidence());
            }
            return reading;
        }
        if (reading.query() instanceof Query.Unanswerable) {
            return reading;
        }
        List<String> unknown = unknownWords();
        int known = (int) java.util.Arrays.stream(Regex.split(lastWords, "[^a-z']+")).map(w -> w.replace("'", ""))
                .filter(w -> w.length() >= 4 && (vocabulary.contains(w) || vocabulary.contains(Regex.replaceAll(w, "s$", "")))).count();
        if (unknown.isEmpty()) {
            return reading;
        }
        if (unknown.size() >= 2 && unknown.size() > known && !has(lastWords, COUNT) && reading.query() instanceof Query.Metric m && m.window() == null
                && m.subject() == null) {
            // More words nobody knows than words the engine read: a guess would be an invented question.
            List<String> ignored = new ArrayList<>(reading.ignored());
            unknown.forEach(w -> ignored.add("\"" + w + "\""));
            return unclear(new ArrayList<>(), ignored);
        }
        List<String> counted = countedUnknown(reading.query(), unknown);
        if (!counted.isEmpty()) {
            // "how many students completed a course", "how many ppl joined my discord": what is counted is nothing the source
            // records, so the site's requests would answer another question. Named as the data that is missing, in the asker's words.
            Matcher c = COUNTED.matcher(lastWords);
            c.find();
            String last = counted.get(counted.size() - 1);
            int end = lastWords.indexOf(last, c.start(1)) + last.length();
            String said = lastWords.substring(c.start(1), Math.max(c.end(1), end)).strip();
            List<String> understood = new ArrayList<>(List.of("counts " + said + ", which no connected source records"));
            return new Reading(new Query.Unanswerable("missing-data", said, counted, List.of(), null), understood, reading.ignored(), 0.7);
        }
        double confidence = reading.confidence() - Math.min(0.25, 0.08 * unknown.size());
        return new Reading(reading.query(), reading.understood(), reading.ignored(), Math.max(0.05, confidence), List.copyOf(unknown));
    }

    /** The words of the question (four letters or more) that neither the vocabulary, the filler words nor a site's name read. */
    private List<String> unknownWords() {
        List<String> unknown = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        sites.forEach(site -> names.addAll(List.of(Regex.split(site.name().toLowerCase(Locale.ROOT), "[^a-z0-9]+"))));
        for (String word : Regex.split(lastWords, "[^a-z']+")) {
            String w = word.replace("'", "");
            if (!names.contains(word) && w.length() >= 4 && !vocabulary.contains(w) && !FILLER.contains(w) && !vocabulary.contains(Regex.replaceAll(w, "s$", ""))
                    && !FILLER.contains(Regex.replaceAll(w, "s$", "")) && !unknown.contains(w)) {
                unknown.add(w);
            }
        }
        return unknown;
    }

    /** "how many students …", "how many ppl joined my discord": the thing counted, when it is a word nothing read. */
    private static final Pattern COUNTED = Pattern.compile("\\b(?:how many|number of|count of)\\s+(?:of\\s+)?(?:the\\s+|our\\s+|my\\s+|new\\s+|actual\\s+)?([a-z']+)((?:\\s+[a-z']+){0,4})");
    private static final Set<String> PEOPLE = Set.of("people", "ppl", "persons", "folks", "humans", "individuals");

    /**
     * The unknown words that say what a count of the default measure counts, or none: the counted noun itself
     * ("students"), or after a word for people, what they did ("joined", "discord").
     */
    private List<String> countedUnknown(Query query, List<String> unknown) {
        if (!(query instanceof Query.Metric m) || !"requests".equals(m.measure()) || m.subject() != null || !m.filters().isEmpty()
                || !lastPaths.isEmpty() || measure(lastWords) != null) {
            return List.of();
        }
        Matcher c = COUNTED.matcher(lastWords);
        if (!c.find()) {
            return List.of();
        }
        String noun = c.group(1).replace("'", "");
        if (unknown.contains(noun)) {
            return unknown.stream().filter(w -> lastWords.indexOf(w) >= c.start(1)).toList();
        }
        if (PEOPLE.contains(noun)) {
            List<String> after = List.of(Regex.split(c.group(2).strip(), "\\s+"));
            return unknown.stream().filter(after::contains).toList();
        }
        return List.of();
    }

    private static boolean usesPath(Query query) {
        if (query instanceof Query.Metric m) {
            return m.subject() != null && "path".equals(m.subject().dimension());
        } else if (query instanceof Query.Listing l) {
            return l.filters().containsKey("path");
        } else if (query instanceof Query.Breakdown b) {
            return b.filters().containsKey("path");
        } else if (query instanceof Query.Chain c) {
            return usesPath(c.first()) || c.then() != null && usesPath(c.then());
        } else if (query instanceof Query.Parts p) {
            return p.parts().stream().anyMatch(QuestionParser::usesPath);
        } else if (query instanceof Query.Comparison c) {
            return c.sides().stream().anyMatch(QuestionParser::usesPath);
        } else if (query instanceof Query.Ratio r) {
            return usesPath(r.numerator());
        } else if (query instanceof Query.Distinct d) {
            return d.filters().containsKey("path");
        } else if (query instanceof Query.Series s) {
            return s.subject() != null && "path".equals(s.subject().dimension()) || s.filters().containsKey("path");
        } else if (query instanceof Query.Column c) {
            return usesPath(c.rows());
        } else if (query instanceof Query.SetOperation o) {
            return usesPath(o.left()) || usesPath(o.right());
        }
        return false;
    }

    private Reading readQuery(String question) {
        // "9 a.m.": a time of day, not the end of a sentence; "what's my rate limit even set to": an aside before a setting says nothing.
        String raw = Regex.replaceAll(Regex.replaceAll(question.strip(), "(?i)\\b([ap])\\.m\\.(?=\\s|$|[,;)])", "$1m"), "(?i)\\b(?:even|actually|currently|really|exactly)\\s+(?=(?:set|configured)\\b)", "");
        lastQuestion = raw;
        String lowerRaw = raw.toLowerCase(Locale.ROOT);
        List<String> understood = new ArrayList<>();
        List<String> ignored = new ArrayList<>();

        // Literal values first, from the text as typed: dots and slashes in them are not punctuation.
        String ip = first(IPV4, raw);
        if (ip == null) {
            ip = first(IPV6, raw);
            // "before my 1:1": an address has eight groups or "::" standing for the missing ones.
            if (ip != null && !ip.contains("::") && ip.chars().filter(c -> c == ':').count() < 7) {
                ip = null;
            }
        }
        Semantics.Lookup requestLookup = semantics.lookups().get("request");
        String requestId = requestLookup == null ? null : first(Regex.of("\\b(" + requestLookup.pattern() + ")\\b"), lowerRaw);
        Semantics.Lookup policyLookup = semantics.lookups().get("policy");
        String policyId = policyLookup == null || policyLookup.pattern() == null ? null
                : first(Regex.of("\\b(" + policyLookup.pattern() + ")\\b"), lowerRaw);
        List<String> paths = all(PATH, Regex.replaceAll(raw, "\\b\\d+/\\d+\\b", " ")).stream().map(p -> Regex.replaceAll(p, "[.,;:!?)']+$", "")).distinct().toList();
        String literalFree = lowerRaw;
        for (String p : paths) {
            literalFree = literalFree.replace(p.toLowerCase(Locale.ROOT), " ");
        }
        Matcher home = HOME_PAGE.matcher(literalFree);
        if (paths.isEmpty() && home.find()) {
            // "the home page (/)", "the homepage": the site's root path, the one path every site has.
            paths = List.of("/");
            literalFree = home.replaceAll(" ");
        }
        String path = paths.isEmpty() ? null : paths.get(0);
        lastPaths = paths;
        // An id-like word ("rule_prod_filter_vpn") is a name, not words: "prod" in it names no site, "filter" no reason.
        String idLike = requestId == null && policyId == null ? first(Regex.of("\\b([a-z][a-z0-9]*(?:_[a-z0-9]+){2,})\\b"), lowerRaw) : null;
        String idOf = idLike == null ? null : listedEntityNamedBy(lowerRaw, idLike);
        if (idOf == null && idLike != null) {
            // "gpol_prod_refund: max refund amount?": an id said alone is the entity whose list has a row by that id.
            idOf = catalog.entityNamed(idLike, catalog.defaultSite() == null ? null : catalog.defaultSite().id(), zone, now);
        }
        if (idOf == null) {
            // A word with underscores that names no rule or policy ("shop_eu_prod") stays a word of the question.
            idLike = null;
        } else {
            literalFree = literalFree.replace(idLike, " ");
        }
        // A site named by its id ("site_01knpq…"): read as its name, or declined when the user cannot see it.
        // (The sites are listed only when an id is there: a refusal calls nothing.)
        Pattern siteId = semantics.sites().idPattern() == null ? null : Regex.of("\\b(" + semantics.sites().idPattern() + ")\\b");
        if (siteId != null && siteId.matcher(literalFree).find()) {
            for (Site visible : catalog.sites()) {
                literalFree = Regex.replaceAll(literalFree, "\\b" + Pattern.quote(visible.id().toLowerCase(Locale.ROOT)) + "\\b", Matcher.quoteReplacement(" " + visible.name().toLowerCase(Locale.ROOT) + " "));
            }
        }
        unseenSiteId = siteId == null ? null : first(siteId, literalFree);
        // A country named in words ("from Germany"): a value of the dimension keyed by country codes, its words taken out.
        place = null;
        String placeDimension = semantics.dimensions().entrySet().stream().filter(d -> "iso-3166".equals(d.getValue().codes()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        Countries.Found country = placeDimension == null ? null : Countries.find(raw);
        if (country == null) {
            // A value of a listed dimension named as people name it ("Googlebot"): that value's listed requests, like a country.
            NamedValue value = namedListingValue(lowerRaw);
            if (value != null) {
                placeDimension = value.dimension();
                country = new Countries.Found(value.key(), value.from(), value.to());
            }
        }
        // "how many requests yesterday, and how many of those came from the US": the country is the later part's only.
        placeInLaterPart = country != null && Regex.find(lowerRaw.substring(0, country.from()), PART_BREAK);
        if (country != null) {
            place = new Query.Subject(placeDimension, country.code());
            literalFree = literalFree.replace(lowerRaw.substring(country.from(), country.to()), " ");
            understood.add(("iso-3166".equals(semantics.dimensions().get(placeDimension).codes()) ? "the country " : "the " + Formats.words(placeDimension) + " ")
                    + country.code().replace("|", " and ") + " (from \"" + raw.substring(country.from(), country.to()) + "\")");
        }
        // "on Nov 19, the day the signup attack started": what the period was, told after it; "attack" filters nothing.
        literalFree = Regex.replaceAll(literalFree, WHEN_IT_HAPPENED, " ");
        // "I'm trying to size a new rate limit. What was …": a sentence about the asker, not about the data, before the question.
        literalFree = Regex.replaceFirst(literalFree, ASKER_SENTENCE, " ");
        // "We had a complaint from someone on a VPN. How many different IPs …?": the story before the question, not a part of it.
        literalFree = withoutStory(literalFree, lowerRaw, java.util.stream.Stream.concat(paths.stream(), java.util.stream.Stream.of(ip, requestId))
                .filter(java.util.Objects::nonNull).map(v -> v.toLowerCase(Locale.ROOT)).toList());
        // "… a security briefing for prod? Rules, recent traffic, that kind of thing.": what the asker expects in it, not another question.
        literalFree = Regex.replaceFirst(literalFree, ELABORATION, " ");
        // "for my weekly deck": the deck is weekly, the figures are not.
        // "we're under attack": why the asker asks, not attacks (Shield) as the thing counted.
        literalFree = Regex.replaceAll(literalFree, "\\b(?:we'?re|we are|were|are we|we'?re being|being)\\s+under\\s+(?:an?\\s+|heavy\\s+)?(?:attack|atack|attak)\\b", " ");
        // "Which path are the attackers hitting most? I mean the ones Shield is blocking.": the same question, narrowed, not a second one.
        literalFree = Regex.replaceAll(literalFree, "[?.!,;]?\\s+(?:i mean|i meant|as in|meaning|to be clear|specifically)[,:]?\\s+(?:the ones\\s+|those\\s+|only\\s+|just\\s+)?", " ");
        // "the rundown on the shop's rules": the rules themselves, not a briefing.
        literalFree = Regex.replaceAll(literalFree, "\\b(?:rundown|run-down|overview|summary)\\s+(?:on|of)\\s+(?=(?:the\\s+|our\\s+)?(?:[\\w-]+'s\\s+)?(?:rules|policies|guard policies)\\b)", "");
        // "has the denial rate gone up compared with the previous 24 hours": the last 24 hours against the 24 before them.
        Matcher previousOnly = COMPARED_WITH_PREVIOUS.matcher(literalFree);
        if (previousOnly.find() && TimeWindows.findAll(literalFree.substring(0, previousOnly.start()) + " " + literalFree.substring(previousOnly.end()), zone, now).isEmpty()) {
            String stretch = previousOnly.group(2) + " " + previousOnly.group(3);
            literalFree = literalFree.substring(0, previousOnly.start()) + " in the last " + stretch + " " + previousOnly.group(1) + " the " + stretch + " before that"
                    + literalFree.substring(previousOnly.end());
        }
        // "Pen-testing the API next week: what's the cap …": the lead-in's future is the asker's plan, not a forecast asked for.
        literalFree = Regex.replaceAll(literalFree, "\\b(?:next week|next month|tomorrow)\\b(?=[^?.]*:)", " ");
        // "… day by day over the past month? They're one of our biggest customers.": a remark after the question asks nothing.
        literalFree = Regex.replaceAll(literalFree, "(?<=\\?)\\s+(?:they|he|she|it|this|that|we|i)(?:'re|'s|'m| are| is| was| were| am)\\b[^?]*$", " ");
        // "… need a baseline before we tune the limiter": what the asker will do next, not what is counted.
        literalFree = Regex.replaceAll(literalFree, "\\b(?:before|so that|so)\\s+(?:we|i)\\s+(?:can\\s+)?(?:tune|change|adjust|set|raise|lower|tweak|configure|size)\\b[^?.]*", " ");
        // "staging: # of rules, # live?": the sign says "number".
        literalFree = Regex.replaceAll(literalFree, "#\\s*(?=of\\b|[a-z])", "number ");
        // "Friday compared to the Friday before - how big is the difference?": the comparison says how big; not a question of its own.
        literalFree = Regex.replaceAll(literalFree, "\\s*[-–—,;]\\s*(?:and\\s+)?(?:how big|how large|how much)\\s+(?:is|was)\\s+the\\s+(?:difference|gap|change)\\s*\\??\\s*$", " ");
        // "where are we on our allowance": how it stands, not where anything comes from.
        literalFree = Regex.replaceAll(literalFree, "\\bwhere\\s+(?:are|r)\\s+we\\s+(?:on|with|at)\\b", " ");
        literalFree = Regex.replaceAll(literalFree, "\\b(?:weekly|daily|monthly|hourly)\\s+(?=(?:deck|report|meeting|update|sync|standup|stand-up|review|call|newsletter|email|"
                + "summary|slides?|digest|retro|check-in)\\b)", "");
        // "would've caught": the contraction spelled out, so the words are known.
        literalFree = Regex.replaceAll(Regex.replaceAll(literalFree, "(?<=\\p{L})['’]ve\\b", " have"), "\\b(would|could|should|might|must)ve\\b", "$1 have");
        // "… and, separately, how many …": the aside between the "and" and its question says nothing more.
        literalFree = Regex.replaceAll(literalFree, ",?\\s*\\band\\s*,?\\s*(?:separately|additionally|in addition|on top of that|as well|also|besides)\\s*,\\s*", " and ");
        String text = " " + clean(literalFree, null, ip, requestId) + " ";
        text = " " + correct(TimeWindows.normalize(text.strip())) + " ";
        text = WOULD_APART.matcher(text).replaceAll(m -> "would have " + (m.group(3) != null ? m.group(3)
                : m.group(4).equals("catch") ? "caught" : m.group(4).equals("stop") ? "stopped" : m.group(4) + "ed") + " " + Matcher.quoteReplacement(m.group(1)));
        text = INCIDENT.matcher(text).replaceAll(" ");
        // "got at least one denial" says "any", not a top one.
        text = Regex.replaceAll(text, "\\bat least (?:one|1|a single)\\b", "any");

        // A document pasted into the question ("validate this: {...}") goes to the report that takes one.
        int brace = raw.indexOf('{');
        if (brace >= 0 && raw.lastIndexOf('}') > brace) {
            for (Map.Entry<String, Semantics.Report> r : semantics.reports().entrySet()) {
                if (r.getValue().argument() != null && has(" " + lowerRaw.substring(0, brace) + " ", r.getValue().words())) {
                    try {
                        Object document = tools.jackson.databind.json.JsonMapper.shared().readValue(raw.substring(brace, raw.lastIndexOf('}') + 1), Map.class);
                        sites = catalog.sites();
                        defaultSite = catalog.defaultSite();
                        SiteMention mention = site(" " + clean(lowerRaw.substring(0, brace), null, null, null) + " ");
                        String scope = mention != null && mention.site() != null ? mention.site().id() : null;
                        understood.add("checks the pasted document with " + r.getValue().tool());
                        return reading(new Query.ToolQuery(r.getValue().tool(), Map.of(r.getValue().argument(), document,
                                semantics.scope().argument(), scope == null ? catalog.defaultSite().id() : scope), null), understood, ignored, 0.85);
                    } catch (RuntimeException e) {
                        ignored.add("the pasted document, which is not valid JSON");
                    }
                }
            }
        }

        // Refusals come before anything that could call a tool.
        if (asksForSecret(text)) {
            understood.add("asks for a secret");
            return new Reading(new Query.Unanswerable("secret", "Sightline never reads or shows secrets such as the site key.", List.of(), List.of()),
                    understood, ignored, 0.95);
        }
        // "The VPN filter has been in dry run long enough. Promote it to live.": an order may open any sentence ("Add a filter rule … . That range keeps hammering us.").
        if (asksToChange(text) || List.of(Regex.split(lowerRaw.strip(), "(?<=[.!?])\\s+")).stream().anyMatch(this::asksToChange)) {
            understood.add("asks to change something");
            return new Reading(new Query.Unanswerable("read-only", "Sightline is read-only: it can look at " + semantics.vendor()
                    + " but never changes anything there.", List.of(), List.of()), understood, ignored, 0.95);
        }

        if (dimension(text, path != null) == null) {
            // "who got denied the most": the clients, by their IPs.
            text = Regex.replaceFirst(text, WHO_MOST, "which ip");
        }
        if (paths.isEmpty()) {
            // "the checkout endpoint": the site's one path with that word in it, read as if typed ("revenue from checkout requests" names
            // data no source has: the paths are not listed for a word before "requests" then).
            Named named = rowNamedInWords(text, "path", missing(text).isEmpty());
            if (named != null) {
                understood.add("\"" + text.substring(named.from(), named.to()) + "\" as " + named.key());
                paths = List.of(named.key());
                path = named.key();
                lastPaths = paths;
                text = text.substring(0, named.from()) + " " + text.substring(named.to());
            }
        }

        List<TimeWindows.Found> windows = new ArrayList<>(TimeWindows.findAll(text, zone, now));
        // "in the last week? I mean the week before this one, not this week": the period the asker corrects to is the one asked about
        // (the words that say so are gone from the text by now, so they are looked for in the question as asked).
        String asItWasAsked = windows.size() > 1 ? TimeWindows.normalize(lowerRaw) : "";
        String corrected = windows.size() > 1 ? TimeWindows.normalize(text.strip()) : "";
        for (int i = windows.size() - 1; i > 0; i--) {
            TimeWindows.Found f = windows.get(i);
            if (Regex.find(asItWasAsked, CORRECTION + Pattern.quote(f.window().phrase()))) {
                // "compare last Saturday plus Sunday against last Monday plus Tuesday, I mean the Monday and Tuesday of last week":
                // only the period just before is corrected when it was set against another.
                int kept = i >= 2 && windows.get(i - 1).from() <= corrected.length() && Regex.matches(corrected.substring(windows.get(i - 2).to(), windows.get(i - 1).from()), "(?s).*\\b(?:against|vs|versus|compared (?:to|with)|than|with)\\b.*") ? i - 1 : 0;
                List<TimeWindows.Found> before = new ArrayList<>(windows.subList(0, kept));
                before.addAll(windows.subList(i, windows.size()));
                windows = before;
                windows.removeIf(w -> w != f && w.from() <= corrected.length() && Regex.matches(corrected.substring(0, w.from()), "(?s).*[,;]\\s*(?:but\\s+)?not\\s+(?:the\\s+)?$"));
                break;
            }
        }
        // "last thu-fri (Nov 19-20)", "weekend traffic … last Saturday plus Sunday": one period said twice, in other words (the same
        // words twice are two periods compared, below).
        for (int i = windows.size() - 1; i > 0; i--) {
            TimeWindows.Found later = windows.get(i);
            if (windows.subList(0, i).stream().anyMatch(f -> !(f.window().expression().equals(later.window().expression()) && f.window().phrase().equals(later.window().phrase()))
                    && f.window().start().equals(later.window().start()) && f.window().end().equals(later.window().end()))) {
                windows.remove(i);
            }
        }
        if (Regex.find(text, VAGUE) && windows.isEmpty() && paths.isEmpty() && ip == null && requestId == null
                && semantics.sites().environments().values().stream().noneMatch(named -> has(lowerRaw, named))
                && !has(text, "how many", "how much", "count", "number of", "total", "top", "most", "which", "what", "per day", "by day", "trend", "spike")) {
            // "I want to know about the traffic, please give me": a topic, with no figure, period or thing asked about.
            understood.add("a topic with no figure asked for");
            return unclear(understood, ignored);
        }
        if (Regex.find(text, OPINION) && windows.isEmpty() && paths.isEmpty() && ip == null && requestId == null
                && semantics.sites().environments().values().stream().noneMatch(named -> has(lowerRaw, named))
                && !has(text, "how many", "how much", "which", "what was", "what were", "top", "most", "per day", "show", "list", "compare")) {
            // "Hmm, numbers look weird again. Thoughts?": an opinion on nothing named.
            understood.add("asks for an opinion, with no figure, period or site named");
            return unclear(understood, ignored);
        }
        if (FROM_BEFORE.matcher(text).find() && windows.isEmpty() && paths.isEmpty() && ip == null && requestId == null) {
            // "can you check the thing from before?": each question is read on its own, so what "before" was is not known here.
            understood.add("points back at an earlier question, which is not kept");
            return unclear(understood, ignored);
        }
        if (has(text, "same day last week", "same time last week", "a week earlier") && windows.size() >= 2) {
            // "yesterday vs the same day last week": the second period is the first one a week back, not last week.
            windows.removeIf(f -> "lastWeek".equals(f.window().expression()));
        }
        if (windows.stream().anyMatch(f -> "lastWeek".equals(f.window().expression()))
                && windows.stream().filter(f -> Regex.matches(f.window().expression(), "weekday\\(\\w+\\)")).count() >= 1) {
            // "last week, was Tuesday or Wednesday busier": the days of last week.
            List<TimeWindows.Found> days = new ArrayList<>();
            for (TimeWindows.Found f : windows) {
                if (Regex.matches(f.window().expression(), "weekday\\(\\w+\\)")) {
                    TimeWindows.Found day = ofLastWeek(f);
                    if (day != null) {
                        days.add(day);
                    }
                }
            }
            if (!days.isEmpty()) {
                windows = days;
            }
        }
        if (windows.size() == 2 && windows.get(0).window().expression().equals(windows.get(1).window().expression())
                && !Regex.find(text, "\\b(?:vs\\.?|versus|than|compared?|comparing|against|prior|before|previous|preceding|earlier)\\b")) {
            // "the top path yesterday? and how many requests did it get yesterday": one period, said twice.
            windows.remove(1);
        }
        if (windows.size() == 2 && windows.get(0).window().expression().equals(windows.get(1).window().expression())) {
            // "7d vs prior 7d", "the last 7 days or the 7 days before": a period is never compared with itself; the second is the one before.
            String previous = TimeWindows.previousOf(windows.get(0).window().expression(), false);
            TimeWindows.Window w = previous == null ? null : TimeWindows.resolve(previous, zone, now);
            if (w != null) {
                TimeWindows.Found second = windows.get(1);
                windows.set(1, new TimeWindows.Found(new TimeWindows.Window(previous, "the " + second.window().phrase() + " before", w.start(), w.end()),
                        second.from(), second.to()));
            }
        }
        if (windows.size() >= 2 && windows.stream().filter(f -> Regex.matches(f.window().expression(), "weekday\\(\\w+,week-1\\)")).count() == 1
                && windows.stream().allMatch(f -> Regex.matches(f.window().expression(), "weekday\\(\\w+(,week-1)?\\)"))) {
            // "Monday or Friday last week": both days of last week.
            for (int i = 0; i < windows.size(); i++) {
                TimeWindows.Found f = windows.get(i);
                TimeWindows.Found day = f.window().expression().contains("week-1") ? null : ofLastWeek(f);
                if (day != null) {
                    windows.set(i, day);
                }
            }
        }
        if (windows.size() >= 3 && has(text, "still", "again", "also", "as well")
                && !has(text, " vs ", "versus", "compare", "than", "busier", "quieter", "more", "fewer", "less", "higher", "lower", "difference")) {
            // "which of the IPs it blocked on Saturday or Sunday are still rate limited this week": two days next to each other, joined by
            // "or", are one period, set against the other.
            String normalized = TimeWindows.normalize(text.strip());
            for (int i = 0; i + 1 < windows.size(); i++) {
                TimeWindows.Found a = windows.get(i);
                TimeWindows.Found b = windows.get(i + 1);
                String joined = a.to() <= b.from() && b.from() <= normalized.length() ? normalized.substring(a.to(), b.from()) + " " + b.window().phrase() : "";
                String span = "span(" + a.window().expression() + "|" + b.window().expression() + ")";
                TimeWindows.Window both = a.window().end().equals(b.window().start()) && Regex.matches(joined, "\\s*(?:or|and|&)\\b.*")
                        ? TimeWindows.resolve(span, zone, now) : null;
                if (both != null && b.to() + 1 <= text.length()) {
                    windows.set(i, new TimeWindows.Found(new TimeWindows.Window(span, TimeWindows.phraseOf(span), both.start(), both.end()), a.from(), b.to()));
                    windows.remove(i + 1);
                    // The "or" joins the days; it compares nothing (blanked in place, so positions hold).
                    text = text.substring(0, a.from() + 1) + Regex.replaceAll(text.substring(a.from() + 1, b.to() + 1), "\\bor\\b", "  ") + text.substring(b.to() + 1);
                    break;
                }
            }
        }
        if (Regex.find(text, TOGETHER) && !windows.isEmpty() && windows.size() <= 2 && !has(text, COMPARE) && !has(text, "each", "than", "difference")) {
            // "yesterday and the day before, taken together", "Monday and Tuesday combined": one period from the first to the last.
            String before = windows.size() == 1 && Regex.find(text, AND_THE_ONE_BEFORE)
                    ? TimeWindows.previousOf(windows.get(0).window().expression(), false) : null;
            String first = windows.get(0).window().expression();
            String second = windows.size() == 2 ? windows.get(1).window().expression() : before;
            TimeWindows.Window a = TimeWindows.resolve(first, zone, now);
            TimeWindows.Window b = second == null ? null : TimeWindows.resolve(second, zone, now);
            if (a != null && b != null && (a.end().equals(b.start()) || b.end().equals(a.start()))) {
                String span = "span(" + (b.end().equals(a.start()) ? second + "|" + first : first + "|" + second) + ")";
                TimeWindows.Window both = TimeWindows.resolve(span, zone, now);
                TimeWindows.Found f = windows.get(0);
                windows = new ArrayList<>(List.of(new TimeWindows.Found(new TimeWindows.Window(span, TimeWindows.phraseOf(span), both.start(), both.end()),
                        f.from(), windows.get(windows.size() - 1).to())));
            }
        }
        String window = windows.isEmpty() ? null : windows.get(0).window().expression();
        for (TimeWindows.Found found : windows) {
            understood.add("\"" + found.window().phrase() + "\" as " + TimeWindows.describe(found.window(), zone));
        }
        // "for the weekly update" names a meeting, not a weekly series.
        String words = Regex.replaceAll(blankWindows(text, windows), "\\b(?:weekly|daily|monthly) (update|report|meeting|review|sync|standup|email|summary|call)\\b", "$1");
        lastWords = words;
        lastNormalized = " " + TimeWindows.normalize(text.strip()) + " ";

        // Data the vendor does not have.
        List<String> missing = missing(words);
        Map<String, String> filters = new LinkedHashMap<>();
        List<String> reasons = values("reason", words);
        String measure = measure(words);
        boolean relationship = has(words, "before", "after", "correlat", "line up", "lined up", "coincide", "related", "caused", "drop", "dip", "fall",
                "cost", "costs", "cost us", "lose", "lost", "because of", "impact on", "affect", "affected", "hurt", "while",
                // "did blocking the scrapers improve our conversion rate": an effect on the business's own figure.
                "improve", "improved", "improves", "improving", "boost", "boosted", "helped", "effect on");
        // "How many of this week's visitors were logged-in customers": counting what the vendor does not record.
        String counted = words;
        // A question about the future is about data nobody has yet, whatever it counts.
        boolean future = has(words, "will we", "will there", "going to get", "tomorrow", "tommorow", "next week", "next month", "forecast", "predict");
        boolean countsMissing = future || "requests".equals(measure) && !has(words, "endpoint", "endpoints", "path", "paths", "route", "routes", "page", "pages", "url")
                && semantics.missingData().entrySet().stream().filter(e -> missing.contains(e.getKey())).flatMap(e -> e.getValue().stream())
                .anyMatch(w -> Regex.find(counted, "\\b(?:were|are|was|from|by|of)\\s+(?:\\w+\\s+){0,2}?" + Pattern.quote(w) + "\\b"));
        // "What was our revenue on the day the bot campaign hit": the data asked for comes first; a decision word makes it the vendor's
        // ("how many signups were rejected by the email check").
        String opening = String.join(" ", List.of(words.strip().split(" ")).subList(0, Math.min(6, words.strip().split(" ").length)));
        // ("real successful redemptions, not the blocked junk": the decisions named only to be left out.)
        String decided = Regex.replaceAll(words, "\\b(?:not|excluding|except|minus|rather than|other than|besides|apart from)\\s+(?:the\\s+|any\\s+)?(?:denied|blocked|rejected|refused|challenged)\\b", " ");
        boolean asksForMissing = !missing.isEmpty() && !has(decided, "denied", "deny", "denials", "blocked", "block", "blocks", "rejected", "reject",
                "challenged", "flagged", "stopped", "refused", "turned away", "bounced") && semantics.missingData().entrySet().stream()
                .filter(e -> missing.contains(e.getKey())).flatMap(e -> e.getValue().stream()).anyMatch(w -> containsPhrase(" " + opening + " ", w));
        // "how many support tickets did we get … from customers who were blocked": the missing data is what is counted.
        String countedWords = words;
        boolean countsTheMissing = !missing.isEmpty() && semantics.missingData().entrySet().stream().filter(e -> missing.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream()).anyMatch(w -> countedWords.contains(w) && Regex.find(countedWords, "\\b(?:how much|how many|amount of|number of)\\s+(?:of\\s+)?(?:[\\w']+\\s+)?"
                        + Pattern.quote(w) + "\\b"));
        // "which user accounts were behind the denied logins": the rows asked for are the missing data, whatever decided the requests.
        boolean namesTheMissing = !missing.isEmpty() && semantics.missingData().entrySet().stream().filter(e -> missing.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream()).anyMatch(w -> countedWords.contains(w) && Regex.find(countedWords, "^\\s*(?:which|what|whose)\\s+" + Pattern.quote(w) + "\\b"
                        // "… What's our latency looking like?": asked for by name in a sentence of its own.
                        + "|\\b(?:what's|whats|what is|how's|hows|how is)\\s+(?:our|the|my)\\s+" + Pattern.quote(w) + "\\b"));
        asksForMissing = asksForMissing || countsTheMissing || namesTheMissing;
        // "sign-ups rejected because of the email validation": requests a named rule decided, which the vendor records.
        // Revenue "lost to bot blocks" is what the blocks cost the business, which the vendor does not record.
        boolean decidedByRule = !reasons.isEmpty() && !has(words, "lose", "lost", "cost us", "costs us", "cost", "costs") && has(words, "rejected", "denied", "blocked", "refused", "turned away", "stopped", "reject", "deny", "knock back", "knocked back",
                "knocks back", "turned down", "turn down", "kicked out", "bounced",
                "block", "refuse", "stop", "rejects", "blocks", "denies");
        // "ticket says request req_… got a challenge page - was it a bot": the record named is the vendor's; the ticket only tells the story.
        boolean aboutARecord = (requestId != null || ip != null) && !countsTheMissing && !namesTheMissing && !future;
        // ("what will the weather be tomorrow in Madrid": not a figure anyone's data holds; unclear, below.)
        boolean offTopic = has(words, OFF_TOPIC) && measure == null && reasons.isEmpty();
        if (!missing.isEmpty() && !aboutARecord && !offTopic && (!decidedByRule || namesTheMissing)
                && (reasons.isEmpty() && (measure == null || relationship || countsMissing) || relationship || asksForMissing)) {
            understood.add("needs " + String.join(" and ", missing));
            // The half the vendor has is still worth showing: the denial rate (or the measure named) per day around it.
            Query partial = measure != null && relationship
                    ? new Query.Series(null, measure, Map.of(), window == null ? "last(30d)" : window, "day") : null;
            return new Reading(new Query.Unanswerable("missing-data", null, asNamed(missing, words), List.of(), partial), understood, ignored, 0.85);
        }

        // Nothing the vendor's data could answer: no call is made, not even to list the sites.
        boolean signal = ip != null || requestId != null || policyId != null || idLike != null || measure != null || PEAK.matcher(words).find() || !reasons.isEmpty()
                || dimension(words, path != null) != null && !Regex.matches(words.strip(), "why( is| are)?( this| that| it)?( happening| going on)?") || report(words) != null || path != null
                || has(words, COUNT) || has(words, semantics.listing().words()) || has(words, "traffic") || has(words, semantics.sites().words())
                || Regex.matches(words, ".*\\b[a-z0-9]+-[a-z0-9-]+\\b.*")
                || namesListedThing(words);
        if (!signal || has(words, OFF_TOPIC) && measure == null && reasons.isEmpty() && path == null && ip == null && requestId == null) {
            // ("the weather for launch day, to plan the team lunch": a team is named, but nothing the vendor records is asked.)
            return unclear(understood, ignored);
        }

        // The site: a live name or an environment word; a site-like name the user cannot see is declined.
        sites = catalog.sites();
        defaultSite = catalog.defaultSite();
        String site = null;
        Reading compared = setOperation(text, windows, understood, ignored);
        if (compared != null) {
            return compared;
        }
        SiteMention mention = site(text);
        if (mention != null) {
            if (mention.site() == null) {
                return new Reading(new Query.Unanswerable("site-not-visible", "Your " + semantics.vendor() + " user cannot see a site called \""
                        + mention.words() + "\". The sites it can see: " + String.join(", ", sites.stream().map(Site::name).toList()) + ".",
                        List.of(), List.of()), List.of("names the site \"" + mention.words() + "\""), ignored, 0.9);
            }
            if (defaultSite == null || !mention.site().id().equals(defaultSite.id())) {
                site = mention.site().id();
            }
            understood.add("site " + mention.site().name() + " (from \"" + mention.words() + "\")");
            // "the rate limit on prod configured to": the site and the word that placed it go, so the words around it join up.
            words = Regex.replaceFirst(words, "\\s(?:on|for|in|at)\\s+" + Pattern.quote(mention.words()) + "\\s", " ").replace(" " + mention.words() + " ", " ");
            if (mention.words().contains(" ")) {
                // "on the live site, and …": a name of two words goes before a comma too, so neither word is read on its own ("live").
                words = Regex.replaceFirst(words, "\\s(?:(?:on|for|in|at)\\s+)?(?:the\\s+|our\\s+)?" + Pattern.quote(mention.words()) + "(?=[\\s,])", " ");
            }
        }

        int limit = limit(words);
        String dimension = dimension(words, path != null);
        // "across every site on the acme team": the team says whose sites, it asks for no list of teams.
        String report = report(saysEverySite(words) ? Regex.replaceAll(words, "\\b(?:on|of|in|for|across)\\s+(?:the\\s+|our\\s+)?(?:[\\w-]+\\s+)?team\\b", " ") : words);
        Semantics.Report fixed = report == null ? null : semantics.reports().get(report);
        if (fixed != null && window != null && !fixed.windows().isEmpty() && !fixed.windows().contains(window)
                && semantics.reports().containsKey(fixed.otherWindows())) {
            // "a summary of this week": the briefing's windows are fixed, so the report that takes any window answers.
            report = fixed.otherWindows();
        }
        boolean ranking = has(words, RANKING) || TOP_N.matcher(words).find() || words.contains(" which ") && dimension != null
                || words.contains(" what ") && dimension != null && !"reason".equals(dimension);

        String ruleRows = report == null ? null : semantics.reports().get(report).entities().entrySet().stream()
                .filter(e -> "rule".equals(e.getValue())).map(Map.Entry::getKey).findFirst().orElse(null);
        if (ruleRows != null && reasons.size() == 1 && Regex.find(words, WOULD_HAVE) && splitParts(words).size() == 1 && ip == null && path == null) {
            // "how many would the bot rule on staging have blocked if it was live": that rule's row of the would-be blocks (its
            // type is the reason's name, as the vendor writes both).
            understood.add("the " + semantics.label(reasons.get(0)) + " rule's row of the " + report + " report");
            return reading(new Query.Report(site, report, window, reasons.get(0).toLowerCase(Locale.ROOT), ruleRows), understood, ignored, 0.8);
        }
        // Entities named by value: an IP, a request, a policy.
        String further = requestId == null ? null : entityReferredTo(words);
        if (further != null && !further.equals("request")) {
            // "Take request req_1_x: look up its client IP, then how often was that IP denied": the request, then its IP.
            understood.add("request " + requestId + ", then its " + Formats.words(further));
            return reading(new Query.Chain(new Query.Lookup(site, "request", requestId, null, null), null, new Query.Lookup(site, further, null, window,
                    section(further, words))), understood, ignored, 0.85);
        }
        if (requestId != null) {
            understood.add("request " + requestId);
            return reading(new Query.Lookup(site, "request", requestId, window, section("request", words)), understood, ignored, 0.93);
        }
        if (policyId != null) {
            understood.add("Guard policy " + policyId);
            return reading(new Query.Lookup(site, "policy", policyId, window, section("policy", words)), understood, ignored, 0.9);
        }
        if (ip != null) {
            understood.add("IP " + ip);
            if (has(words, "latest", "recent", "last", "newest", "show me the", "list") && has(words, "request", "requests", "hits", "calls")
                    && !has(words, COUNT)) {
                // "their most recent denied request, and why it was blocked": the IP's newest denial, explained.
                Map<String, String> f = conclusionFilters(measure == null ? "requests" : measure, filters);
                f.put("ip", ip);
                String ofRequest = semantics.lookups().containsKey("request") && Regex.find(words, LATEST_REQUEST) ? section("request", words) : null;
                if (ofRequest != null) {
                    // "latest request from 73.162.69.31 -> which rules ran on it": that part of the newest request's record.
                    understood.add("the latest such request from it, then its " + Formats.words(ofRequest.substring(1)));
                    return reading(new Query.Chain(new Query.Listing(site, f, window, 1), null, new Query.Lookup(site, "request", null, window, ofRequest)),
                            understood, ignored, 0.8);
                }
                if (Regex.find(words, LATEST_REQUEST) && has(words, "why", "reason", "explain", "what happened", "cause") && semantics.lookups().containsKey("request")) {
                    understood.add("the latest such request from it, then why");
                    return reading(new Query.Chain(new Query.Listing(site, f, window, 1), "request"), understood, ignored, 0.8);
                }
                return reading(new Query.Listing(site, f, window, limit == 0 ? pageOf(words) : limit), understood, ignored, 0.85);
            }
            return reading(new Query.Lookup(site, "ip", ip, window, section("ip", words)), understood, ignored, 0.9);
        }
        if (Regex.find(words, WHEN_LAST) && measure != null && semantics.measures().get(measure).conclusion() != null && reasons.size() <= 1) {
            // "when did Shield last block something": the newest such request, whose time is the answer.
            Map<String, String> f = conclusionFilters(measure, filters);
            reasons.forEach(r -> f.put("reason", r));
            if (path != null) {
                f.put("path", path);
            }
            understood.add("the latest such request, for its time");
            return reading(new Query.Listing(site, f, window, 1), understood, ignored, 0.8);
        }

        // A rule or policy named by an id-like word ("rule rule_prod_filter_vpn"): found in the site's list by that id.
        // ("its max refund amount": a setting of the entity, not a count.)
        if (idOf != null && (!has(words, COUNT) || section(idOf, words) != null && !has(words, "how many", "number of", "count", "total"))) {
            understood.add("the " + idOf + " " + idLike);
            return reading(new Query.Lookup(site, idOf, raw, window, section(idOf, words)), understood, ignored, 0.85);
        }

        // "Which guard policy was changed most recently (and what does it check)": the list's newest row, then that entity.
        List<String> twoParts = splitParts(words);
        // "How many policies, and which one was changed most recently": two parts, read apart.
        Query newest = twoParts.size() > 1 && newest(site, " " + twoParts.get(0) + " ") == null ? null : newest(site, words);
        boolean describes = has(words, "what does it", "what it does", "what does that", "describe", "explain", "check", "checks",
                "configuration", "config", "how is it configured", "tell me about it", "details", "its version", "version number", "types of rule",
                "rule types", "kinds of rule", "what types", "which types");
        // "The newest rule, and how much would it have blocked" is read in parts (and chained) below.
        String newestEntity = !(newest instanceof Query.Report latestRow) ? null : semantics.lookups().entrySet().stream().filter(l -> l.getValue().list() != null
                && l.getValue().list().tool().equals(semantics.reports().get(latestRow.report()).tool())).map(Map.Entry::getKey).findFirst().orElse(null);
        // "The policy changed most recently - what inputs does it take": a later part asking for a list of that entity describes it too.
        describes = describes || newestEntity != null && twoParts.size() > 1 && section(newestEntity, " " + twoParts.get(1) + " ") != null;
        if (newest instanceof Query.Report latest && twoParts.size() == 2 && aboutAnEarlierAnswer(twoParts.get(1))
                && semantics.reports().get(latest.report()).fields().containsKey("mode")
                && has(" " + twoParts.get(1) + " ", "mode", "live", "enforcing", "enforced", "enforce", "dry run", "dry-run", "watching", "monitoring", "logging")) {
            // "the policy changed most recently, and is it enforcing or just watching": that row, whose mode is one of its columns.
            understood.add("the " + latest.report() + " row with " + orderedBy(latest) + ", with its mode");
            return reading(latest, understood, ignored, 0.8);
        }
        if (newest instanceof Query.Report latest && (twoParts.size() == 1 || describes)) {
            String entity = newestEntity;
            understood.add("the " + latest.report() + " row with " + orderedBy(latest));
            String section = entity == null ? null : section(entity, words);
            return reading(!describes || entity == null ? latest : section == null ? new Query.Chain(latest, entity)
                    : new Query.Chain(latest, null, new Query.Lookup(site, entity, null, null, section)), understood, ignored, 0.8);
        }

        // "Which rule blocked the most (and what does it do)": the top denial reason, then the rule of that kind.
        boolean describeIt = has(words, "what it does", "describe", "explain", "how is it configured", "its config", "tell me about it", "how does it work")
                || Regex.find(words, "\\bwhat\\s+(?:\\w+\\s+)?does\\s+(?:it|that|that rule|this rule|the rule)\\s+(?:\\w+\\s+)?(?:do|check)\\b");
        // "… and what does that rule actually let through": one of the rule's settings, asked about the rule found first.
        String ruleSetting = twoParts.size() == 2 && semantics.lookups().containsKey("rule") && aboutAnEarlierAnswer(Regex.replaceAll(twoParts.get(1), "\\bthat rule\\b", "it"))
                ? section("rule", " " + twoParts.get(1) + " ") : null;
        if (has(words, "which rule", "what rule", "which of our rules", "which protection") && (has(words, RANKING) || has(words, "did most")) && !"dryRun".equals(report)
                && !Regex.find(words, LATEST_REQUEST)
                && (describeIt || splitParts(words).size() == 1 || ruleSetting != null)
                && semantics.dimensions().containsKey("reason") && semantics.lookups().containsKey("rule")) {
            Query.Breakdown top = new Query.Breakdown(site, "reason", "denied", conclusionFilters("denied", new LinkedHashMap<>()), window, 1, null);
            if (ruleSetting != null) {
                understood.add("the rule behind the most denials, then its " + Formats.words(ruleSetting.substring(ruleSetting.lastIndexOf('/') + 1)));
                return reading(new Query.Chain(top, null, new Query.Lookup(site, "rule", null, null, ruleSetting)), understood, ignored, 0.8);
            }
            if (describeIt) {
                understood.add("the rule behind the most denials, then what it does");
                return reading(new Query.Chain(top, "rule"), understood, ignored, 0.8);
            }
            understood.add("the rule behind the most denials");
            return reading(top, understood, ignored, 0.85);
        }

        // "Which types of rule are in dry run": one column of a list, not one rule.
        for (Map.Entry<String, Semantics.Report> listed : semantics.reports().entrySet()) {
            // "refund guard policy: which rule types?": the list the longest words name, not another list whose words appear.
            String named = words; // an effectively final copy for the lambda below
            String field = listed.getValue().rows() != null && has(words, listed.getValue().words()) && (report == null || report.equals(listed.getKey()) || semantics.reports().get(report).rows() == null
                    // "which kinds of rule would block the most": the dry run's own breakdown by kind, not the rules' column.
                    && (!has(named, "would", "could", "if we", "impact") || semantics.reports().get(report).sections().values().stream().noneMatch(w -> has(named, w))))
                    ? projected(listed.getKey(), words) : null;
            if (field != null && has(words, "which", "what", "list", "show", "enumerate") && twoParts.size() == 1) {
                understood.add("the " + Formats.words(field) + "s of the " + listed.getKey());
                return reading(new Query.Report(site, listed.getKey(), window, onlyRows(listed.getKey(), words, text), null, null, field),
                        understood, ignored, 0.85);
            }
        }

        // One rule or policy named in words ("the rate-limit rule", "the email Guard policy"): found in the site's list.
        // In two parts, the first must name it ("the denial rate, and which rule type accounts for most" is read in parts).
        // "the IP behind the most recent filter-rule denial": a request's, not the rule's.
        // "which rule would have blocked the most had it been live": the dry-run report's rules, not one rule's settings.
        // ("which dry-run rule would block the most, and what's its configuration": the report the first part names.)
        String firstPartReport = twoParts.size() > 1 ? report(" " + twoParts.get(0) + " ") : report;
        // (A rule's settings asked after it, "which rule fired and what's its config", are the rule's own lookup.)
        boolean latestAndItsRule = Regex.find(words, LATEST_REQUEST) && (Regex.find(words, RULE_BEHIND_IT)
                || Regex.find(words, RULE_THAT_FIRED) && section("rule", words) == null
                        && !has(words, "config", "configuration", "configured", "settings", "setting", "set up", "setup", "limit", "window", "threshold"));
        String entity = Regex.find(words, LATEST_REQUEST) && entityReferredTo(words) != null || "dryRun".equals(firstPartReport) && has(words, RANKING)
                || latestAndItsRule ? null
                : namedEntity(words);
        Matcher quoted = QUOTED_NAME.matcher(raw);
        if (entity == null && quoted.find()) {
            // "something called 'Fetched pages'": a name copied from the vendor's dashboard, looked up in the lists it could be in.
            entity = catalog.entityNamed(quoted.group(1).strip(), site != null ? site : defaultSite == null ? null : defaultSite.id(), zone, now);
        }
        String entityList = entity == null ? null : listOf(entity);
        if (entityList != null && Regex.find(twoParts.get(0), WHICH_ONE) && onlyRows(entityList, " " + twoParts.get(0) + " ", text) != null) {
            // "which prod rule is only logging rather than enforcing": the list's rows in that mode, not one rule named.
            entity = null;
        }
        // ("the max in the rate-limit rule's config, and how many requests did rate limiting deny": a count of its own after the
        // setting, read as a part of its own below.)
        // ("prod api rate limit — how many requests per minute?" asks the rule's own setting: the first part names no setting.)
        boolean countAfter = entity != null && twoParts.size() > 1 && section(entity, " " + twoParts.get(0) + " ") != null
                && measure(" " + twoParts.get(1) + " ") != null && has(" " + twoParts.get(1) + " ", COUNT)
                && !has(" " + twoParts.get(1) + " ", "it", "its", "that", "this") && !asksAllowance(" " + twoParts.get(1) + " ");
        if (entity != null && !countAfter && (twoParts.size() == 1 || namedEntity(" " + twoParts.get(0) + " ") != null || asksAllowance(words)
                || has(" " + twoParts.get(1) + " ", "it", "its", "that", "this"))) {
            understood.add("the " + entity + " the question describes");
            List<Site> bothSites = allSites(text);
            if (bothSites.size() == 2 && has(words, COMPARE)) {
                // "how does staging's max per window compare with prod's": the same setting on each site, found there by the same words.
                understood.add("on " + bothSites.get(0).name() + " and on " + bothSites.get(1).name());
                List<Query> each = new ArrayList<>();
                for (Site one : bothSites) {
                    each.add(new Query.Lookup(one.id(), entity, raw, window, section(entity, words)));
                }
                return reading(new Query.Parts(each), understood, ignored, 0.75);
            }
            return reading(new Query.Lookup(site, entity, raw, window, section(entity, words)), understood, ignored, 0.8);
        }

        if (dimension == null && has(words, DISTINCT) && reasons.size() == 1) {
            // "how many different bots": the dimension that shares the filter value's words.
            dimension = dimensionSharingWords("reason", reasons.get(0));
        }
        boolean notDenials = measure != null && semantics.measures().get(measure) != null && semantics.measures().get(measure).conclusion() != null
                && semantics.measures().get("denied") != null && !semantics.measures().get("denied").conclusion().equals(semantics.measures().get(measure).conclusion());
        if (dimension != null && (measure == null || notDenials) && reasons.size() == 1 && dimension.equals(dimensionSharingWords("reason", reasons.get(0)))) {
            // "Which bots did we let through": the bots of allowed requests, not denials for that reason.
            // "Which bots were busiest": the word names the dimension (every request with a bot), not the bot-detection filter.
            reasons = List.of();
        }
        reasons.forEach(r -> understood.add("the " + semantics.label(r) + " rule"));
        if (reasons.size() == 1) {
            filters.put("reason", reasons.get(0));
        }
        if (path != null) {
            understood.add("path " + path);
        }

        // "Which countries do our 10 busiest IPs come from", "which networks are behind the most suspicious IPs": one field of the
        // rows the rest of the question lists.
        Reading column = column(text, words);
        if (column != null) {
            return column;
        }

        // Two rankings asked at once: "which paths and IPs ...".
        String second = secondDimension(words, dimension);
        if (second != null && (ranking || has(words, "trigger", "get", "cause", "most"))) {
            // "Bot detections" are the requests the bot rule flagged: the reason filter, not the denials row.
            String m = measure == null ? "requests" : measure;
            Map<String, String> f = reasons.isEmpty() ? conclusionFilters(m, filters) : new LinkedHashMap<>(filters);
            int n = limit == 0 ? 10 : limit;
            understood.add("top " + dimension + " and top " + second);
            return reading(new Query.Parts(List.of(new Query.Breakdown(site, dimension, m, f, window, n, null),
                    new Query.Breakdown(site, second, m, f, window, n, null))), understood, ignored, 0.88);
        }

        // "For each of the top 3 denied IPs, give the network type": every ranked row, looked up.
        if (has(words, "for each", "each of", "for every", "for all of", "each one", "one by one") && limit > 1 && dimension != null && windows.size() < 2
                && semantics.dimensions().get(dimension).lookup() != null && !semantics.dimensions().get(dimension).listing()) {
            String m = measure == null ? "requests" : measure;
            understood.add("the top " + limit + " " + dimension + "s, each looked up");
            return reading(new Query.Chain(new Query.Breakdown(site, dimension, m, conclusionFilters(m, filters), window, limit, null),
                    semantics.dimensions().get(dimension).lookup()), understood, ignored, 0.8);
        }

        // "on average how many requests does one IP fire at prod": the requests over the different IPs that sent them.
        Matcher perRow = PER_ROW.matcher(words);
        if (perRow.find() && has(words, AVERAGE) && !has(words, RANKING) && !TOP_N.matcher(words).find() && splitParts(words).size() == 1 && path == null) {
            String rowOf = dimension(" " + perRow.group(1) + " ", false);
            if (rowOf != null && semantics.dimensions().get(rowOf).lookup() != null) {
                String m = measure == null ? "requests" : measure;
                understood.add(label(m) + " per " + rowOf + ", on average");
                return reading(new Query.Metric(site, m, filters, window, null, rowOf), understood, ignored, 0.8);
            }
        }
        // A figure about the top row: "what share of traffic came from our busiest IP", "the IP we denied most: what fraction of its requests".
        Matcher topRow = TOP_ROW.matcher(text);
        if (topRow.find() && splitParts(words).size() == 1) {
            String rowOf = dimension(" " + rowWord(topRow) + " ", false);
            Semantics.Dimension rows = rowOf == null ? null : semantics.dimensions().get(rowOf);
            // "the IP that tripped the rate limiter the most": ranked by that reason's denials.
            List<String> rowReasons = values("reason", " " + topRow.group() + " ");
            String rankedBy = !rowReasons.isEmpty() ? "denied" : measure(" " + topRow.group() + " ") == null ? "requests" : measure(" " + topRow.group() + " ");
            Map<String, String> rankFilters = new LinkedHashMap<>();
            if (rowReasons.size() == 1 && semantics.filters().containsKey("reason")) {
                rankFilters.put("reason", rowReasons.get(0));
            }
            String section = rows == null || rows.lookup() == null ? null : section(rows.lookup(), words);
            if (section != null && windows.size() <= 2 && path == null && !has(words, AVERAGE)) {
                // "For the IP blocked most yesterday, show me on which days it was active in the last month": the row, then that list of it.
                String rankedIn = windows.isEmpty() ? null : windows.get(0).window().expression();
                String listedIn = windows.size() == 2 ? windows.get(1).window().expression() : rankedIn;
                understood.add("the top " + rowOf + " by " + label(rankedBy) + ", then its " + Formats.words(section.substring(1)));
                return reading(new Query.Chain(new Query.Breakdown(site, rowOf, rankedBy, conclusionFilters(rankedBy, rankFilters), rankedIn, 1, null),
                        null, new Query.Lookup(site, rows.lookup(), null, listedIn, section)), understood, ignored, 0.8);
            }
        }
        topRow = TOP_ROW.matcher(text);
        // ("what fraction of requests came from the IP with the most traffic" is that row's share of the whole: below.)
        if (topRow.find() && splitParts(words).size() == 1 && (asksRate(words) || has(words, AVERAGE) || has(words, PER_UNIT))
                && !has(words, "came from", "come from", "comes from", "coming from", "sent by")) {
            String rowOf = dimension(" " + rowWord(topRow) + " ", false);
            Semantics.Dimension rows = rowOf == null ? null : semantics.dimensions().get(rowOf);
            if (rows != null && !rows.listing()) {
                String rankedBy = measure(" " + topRow.group() + " ") == null ? "requests" : measure(" " + topRow.group() + " ");
                Reading inner = new QuestionParser(semantics, catalog, zone, now).read(text.substring(0, topRow.start()) + " it " + text.substring(topRow.end()));
                Query then = inner.query() instanceof Query.Metric m && m.subject() == null
                        ? (asksRate(words) && semantics.measures().get(m.measure()).ratioOf() == null ? new Query.Ratio(m, m) : m)
                        : inner.query() instanceof Query.Ratio r ? r : null;
                if (then != null) {
                    String within = AnalysisService.windowOf(then);
                    understood.add("the top " + rowOf + " by " + label(rankedBy) + ", then the figure about it");
                    return reading(new Query.Chain(new Query.Breakdown(site, rowOf, rankedBy, conclusionFilters(rankedBy, new LinkedHashMap<>()), within, 1, null),
                            null, withSite(then, site)), understood, ignored, Math.min(inner.confidence(), 0.85));
                }
            }
        }

        // "For the last request denied on prod, which network is the IP in": that request's IP, looked up.
        String ofLatest = Regex.find(words, LATEST_REQUEST) ? entityReferredTo(words) : null;
        if (ofLatest != null && !"request".equals(ofLatest)) {
            Map<String, String> f = conclusionFilters(measure == null ? "requests" : measure, filters);
            if (path != null) {
                f.put("path", path);
            }
            understood.add("the latest request, then its " + Formats.words(ofLatest));
            return reading(new Query.Chain(new Query.Listing(site, f, window, 1), null, new Query.Lookup(site, ofLatest, null, window, section(ofLatest, words))),
                    understood, ignored, 0.8);
        }

        // The top item, then everything about it.
        // "the first new threat IP" is a row of a report's list (the anomalies' new threats), not the top of a ranking.
        String listWords = words;
        // "the IP the dry-run rules would hit most — what's its risk level": the list is named in the first part.
        String firstWords = twoParts.size() > 1 ? " " + twoParts.get(0) + " " : words;
        String firstReport = report(firstWords);
        boolean inReportList = report != null && semantics.reports().get(report).sections().values().stream().anyMatch(w -> has(listWords, w))
                || firstReport != null && semantics.reports().get(firstReport).sections().values().stream().anyMatch(w -> has(firstWords, w));
        // "what slice of prod's traffic came from our single busiest IP": that row's share of the whole, not its profile.
        if ("ip".equals(dimension) && ranking && limit <= 1 && (asksRate(words) || has(words, "slice", "chunk"))
                && has(words, "came from", "come from", "comes from", "coming from", "sent by", "was from", "is from", "is it", "was it", "is that", "was that")) {
            // (A share's own words can read as a rate, "what fraction of requests": the whole is still a count.)
            String m = measure == null || semantics.measures().get(measure).isRatio() ? "requests" : measure;
            Query.Breakdown top = new Query.Breakdown(site, "ip", m, conclusionFilters(m, new LinkedHashMap<>()), window, 1, null);
            Query.Metric all = new Query.Metric(site, m, Map.of(), window, null, null);
            understood.add("the top IP's share of all " + label(m));
            return reading(new Query.Chain(top, null, new Query.Ratio(all, all)), understood, ignored, 0.8);
        }
        // "Take whichever IP hit the rate limiter most. What paths was it calling?": a part of its profile, asked about "it".
        boolean asksItsSection = section("ip", words) != null
                && Regex.find(words, "\\b(?:was|is|did|does|has|had)\\s+it\\b|\\bit\\s+(?:was|is|did|does|has|had)\\b|\\bits\\b");
        // "anomaly check on prod, last 24h: risk level, denial rate and the worst offending IP": the items of the report named before the colon.
        boolean reportItems = report != null && words.indexOf(':') > 0 && report.equals(report(words.substring(0, words.indexOf(':')) + " "));
        if ((has(words, INVESTIGATE) || asksItsSection) && ("ip".equals(dimension) || has(words, "busiest ip", "top ip", "worst ip", "noisiest ip")) && ranking
                && limit <= 1 && !has(words, "ips", "addresses") && !inReportList && !reportItems) {
            // "the IP with most requests yesterday: how many of its requests did we deny": the ranking's measure is the first part's.
            int colon = words.indexOf(':');
            // "prod, yesterday: IP with the most denials, then …": a colon after the scope does not end the ranking.
            if (colon > 0 && !has(words.substring(0, colon) + " ", RANKING) && !TOP_ROW.matcher(words.substring(0, colon)).find()) {
                colon = -1;
            }
            String rankWords = colon > 0 ? words.substring(0, colon) + " " : firstWords;
            boolean apart = colon > 0 || twoParts.size() > 1;
            String ranked = measure(rankWords) != null || apart ? measure(rankWords) : measure;
            List<String> rankReasons = reasons;
            if (apart) {
                rankReasons = values("reason", rankWords).stream().filter(reasons::contains).toList();
            }
            String m = ranked == null ? rankReasons.isEmpty() ? "requests" : "denied" : ranked;
            Query.Breakdown top = new Query.Breakdown(site, "ip", m, conclusionFilters(m, new LinkedHashMap<>(values("reason", rankWords).size() == 1 ? filters : Map.of())), window, 1, null);
            understood.add("the top IP, then what it has been up to");
            // "the noisiest IP this week, and what it has been up to over the month": a second period is the lookup's.
            String section = section("ip", words);
            String looked = windows.size() == 2 ? windows.get(1).window().expression() : window;
            return reading(section == null && window == looked ? new Query.Chain(top, "ip")
                    : new Query.Chain(top, null, new Query.Lookup(site, "ip", null, looked, section)), understood, ignored, 0.85);
        }
        boolean latest = has(words, "latest", "most recent", "last", "newest", "recent", "just now");
        boolean rankedFirst = twoParts.size() > 1 && has(" " + twoParts.get(0) + " ", RANKING)
                && !has(" " + twoParts.get(0) + " ", "latest", "most recent", "last", "newest");
        boolean listedReport = report != null && semantics.reports().get(report).rows() != null && !semantics.reports().get(report).times().isEmpty()
                && !has(words, "request", "requests", "denial", "denied", "deny", "blocked", "hit");
        // "latest denied request, what path was it and which ip": what the request's details say.
        boolean asksItsFields = Regex.find(words, LATEST_REQUEST) && Regex.find(words, REQUEST_FIELD) && !has(words, "spike", "spikes", "surge", "wave");
        if ((has(words, WHY) || has(words, INVESTIGATE) || asksItsFields || latestAndItsRule) && has(words, "latest", "most recent", "last", "newest", "just now") && !rankedFirst && !listedReport
                && has(words, "request", "requests", "one", "hit", "block", "blocked", "denial", "denied", "deny", "decision", "challenge", "challenged")) {
            Map<String, String> f = conclusionFilters(measure == null ? "denied" : measure, filters);
            if (path != null) {
                f.put("path", path);
            }
            String section = section("request", words);
            if (section != null) {
                // "the latest denied login request, and which rules ran on it": that part of its explanation, as rows.
                understood.add("the latest request, then its " + Formats.words(section.substring(1)));
                return reading(new Query.Chain(new Query.Listing(site, f, window, 1), null, new Query.Lookup(site, "request", null, window, section)),
                        understood, ignored, 0.85);
            }
            String ofItsRule = semantics.lookups().containsKey("rule") && Regex.find(words, ITS_RULE) ? section("rule", words) : null;
            if (ofItsRule != null) {
                // "the latest rate-limited request: which rule denied it, and what's that rule's configured max": the rule it names, looked up.
                understood.add("the latest request, why it was decided so, then that rule's " + Formats.words(ofItsRule.substring(ofItsRule.lastIndexOf('/') + 1)));
                return reading(new Query.Chain(new Query.Chain(new Query.Listing(site, f, window, 1), "request"), null,
                        new Query.Lookup(site, "rule", null, window, ofItsRule)), understood, ignored, 0.8);
            }
            Matcher topIp = TOP_IP_THEN_ITS.matcher(words);
            if (topIp.find()) {
                // "most-denied ip 7d. its latest denied request: id + why": the IP ranked first, then its own latest request explained.
                String m = has(topIp.group(), "denied", "blocked", "deny", "block") || measure != null ? "denied" : "requests";
                understood.add("the top IP, then its latest request and why it was decided so");
                return reading(new Query.Chain(new Query.Breakdown(site, "ip", m, conclusionFilters(m, new LinkedHashMap<>()), window, 1, null), null,
                        new Query.Chain(new Query.Listing(site, f, window, 1), "request")), understood, ignored, 0.8);
            }
            understood.add("the latest request, then why it was decided so");
            return reading(new Query.Chain(new Query.Listing(site, f, window, 1), "request"), understood, ignored, 0.85);
        }

        // "For the first new threat IP in the last 24 hours' anomalies, how many requests did it make in the last 30 days": a row of a
        // report's list, looked up over the other period.
        // "the IP the dry run would hit hardest over 7 days, then every request that IP sent in that window": one period for both.
        boolean sameWindow = windows.size() <= 1 && has(words, "that ip", "that address", "this ip", "this address");
        if (report != null && (windows.size() == 2 && (has(words, "it", "its", "that ip", "that address", "that one") || words.contains(" : ") && measure(" " + words.substring(words.indexOf(" : ") + 3) + " ") != null) || sameWindow)) {
            String listed = null;
            for (Map.Entry<String, List<String>> e : semantics.reports().get(report).sections().entrySet()) {
                listed = listed == null && has(words, e.getValue()) ? e.getKey() : listed;
            }
            String rowEntity = listed == null ? null : semantics.reports().get(report).entities().get(listed);
            if (rowEntity != null && semantics.lookups().containsKey(rowEntity)) {
                String own = sameWindow ? window : windows.get(1).window().expression();
                understood.add("the first row of the " + report + " " + Formats.words(listed.substring(1)) + ", then that " + Formats.words(rowEntity) + " "
                        + TimeWindows.phraseOf(own));
                return reading(new Query.Chain(new Query.Report(site, report, sameWindow ? window : windows.get(0).window().expression(), null, listed), null,
                        new Query.Lookup(site, rowEntity, null, own, section(rowEntity, words))), understood, ignored, 0.75);
            }
        }

        // "yesterday's numbers: total, allowed, denied, challenged": several of the counts one summary states, read as that summary.
        // ("the share of requests that were challenged rather than allowed or denied": what follows "rather than" is not asked for.)
        String measureWords = Regex.replaceAll(words, "\\b(?:rather than|instead of|as opposed to)\\b.*$", " ");
        List<String> listedMeasures = semantics.measures().entrySet().stream().filter(e -> !e.getValue().isRatio())
                .filter(e -> e.getValue().words().stream().anyMatch(w -> containsPhrase(measureWords, w)) || has(measureWords, "total") && "requests".equals(e.getKey()))
                .map(Map.Entry::getKey).toList();
        // A report named with its own figures (the dry-run impact, the quota) answers for itself.
        String summary = report != null ? (semantics.reports().get(report).rows() == null && semantics.reports().get(report).argument() == null
                && semantics.reports().get(report).figures().isEmpty() ? report : null)
                : semantics.reports().entrySet().stream().filter(r -> r.getValue().windowed() && r.getValue().rows() == null
                        && r.getValue().tool().equals(semantics.measures().get("requests") == null ? null : semantics.measures().get("requests").tool()))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
        boolean summaryAsked = has(words, "summary", "summarise", "summarize", "recap", "report on", "overview of", "numbers for", "numbers on", "pull together",
                "put together", "rundown");
        if (summary != null && path == null && reasons.isEmpty() && ip == null && requestId == null && policyId == null
                && (listedMeasures.size() >= (summary.equals(report) ? 2 : 3) && dimension == null
                        // ("a weekly summary: total traffic, denials, denial rate and busiest endpoint": a ranking of rows the summary does not
                        // state is read part by part; its top reason it states.)
                        || listedMeasures.size() >= 2 && summaryAsked && (dimension == null || "reason".equals(dimension) || enumeration(words).size() < 3))) {
            understood.add(String.join(", ", listedMeasures.stream().map(this::label).toList()) + " from the " + summary + " report");
            return reading(new Query.Report(site, summary, window), understood, ignored, 0.8);
        }

        // "Give me a security briefing for prod: denials in the last 24h, the top reason, live rules": the report named before the
        // colon, whose figures are the list after it.
        int colonAt = words.indexOf(" : ");
        String lead = colonAt > 0 ? words.substring(0, colonAt) + " " : null;
        String leadReport = lead == null ? null : report(lead);
        // Only a report named by its own name: "summary" or "overview" before a list is the list itself.
        boolean namedByName = leadReport != null && semantics.reports().get(leadReport).words().stream()
                .filter(w -> containsPhrase(lead, w)).anyMatch(w -> !List.of("overview", "summary", "summarize", "summarise", "sum up", "recap", "rundown",
                        "report", "round-up", "roundup").contains(w));
        String listedAfter = lead == null ? null : words.substring(colonAt + 3);
        // "Traffic report for prod:" names the report; its "traffic" is not a figure asked for.
        String leadBesides = lead;
        for (String w : leadReport == null ? List.<String>of() : semantics.reports().get(leadReport).words()) {
            leadBesides = containsPhrase(leadBesides, w) ? Regex.replaceAll(leadBesides, "\\b" + Pattern.quote(w) + "\\b", " ") : leadBesides;
        }
        if (namedByName && measure(leadBesides) == null && dimension(leadBesides, false) == null && semantics.reports().get(leadReport).rows() == null
                && semantics.reports().get(leadReport).argument() == null
                && semantics.reports().get(leadReport).sections().values().stream().noneMatch(w -> has(" " + listedAfter + " ", w))) {
            understood.add("the " + leadReport + " report, with the figures listed after it");
            // "a staging health check: rules in dry run, what they would have blocked, the top recommendation": a figure only
            // another report has is read from that report too.
            List<Query> reports = new ArrayList<>(List.of(new Query.Report(site, leadReport, window)));
            for (String item : enumeration(listedAfter)) {
                String other = report(" " + item + " ");
                if (other != null && !other.equals(leadReport) && semantics.reports().get(other).rows() == null
                        && semantics.reports().get(other).argument() == null && semantics.reports().get(other).figures() != null
                        && !semantics.reports().get(other).figures().isEmpty()) {
                    reports.add(new Query.Report(site, other, window));
                    understood.add("\"" + item.strip() + "\" from the " + other + " report");
                }
            }
            List<Query> distinct = new ArrayList<>(new LinkedHashSet<>(reports));
            return reading(distinct.size() == 1 ? distinct.get(0) : new Query.Parts(distinct), understood, ignored, 0.8);
        }
        // Two questions in one, or a list of figures ("requests, denials and the top reason"): each part read on its own,
        // sharing the period and the site.
        // ("requests, blocks, busiest path and the noisiest IP": a list of three or more names its figures one by one, whatever rows two of them rank.)
        if (secondDimension(words, dimension) == null || enumeration(words).size() >= 3 || colonParts(words).size() >= 3) {
            for (List<String> parts : List.of(splitParts(words), enumeration(words), colonParts(words))) {
                Reading combined = parts.size() >= 2 ? combine(parts, windows, site, understood, ignored) : null;
                if (combined != null) {
                    return combined;
                }
            }
        }

        // "staging's rules and guard policies": two lists named by their plural words, one part each.
        List<String> lists = new ArrayList<>();
        for (Map.Entry<String, Semantics.Report> listed : semantics.reports().entrySet()) {
            if (listed.getValue().rows() != null && listed.getValue().argument() == null
                    && listed.getValue().words().stream().anyMatch(w -> w.endsWith("s") && containsPhrase(listWords, w))) {
                lists.add(listed.getKey());
            }
        }
        if (lists.contains("sites") && saysEverySite(words)) {
            // "guard policies in dry run, over all our sites": where to look, not a list of its own.
            lists.remove("sites");
        }
        if (lists.size() >= 2 && measure == null && dimension == null && (words.contains(" and ") || words.contains(","))) {
            understood.add("the " + String.join(" and the ", lists) + " lists");
            List<Query> each = new ArrayList<>();
            for (String listed : lists) {
                each.add(new Query.Report(site, listed, window, onlyRows(listed, words, text), null));
            }
            return reading(new Query.Parts(each), understood, ignored, 0.8);
        }

        // Reports the vendor composes. "The filter rule" names a reason, not the list of rules; "rules in dry run" is that list.
        if (report != null && semantics.reports().get(report).argument() != null) {
            // A report that checks a pasted document answers only when one is pasted (read above).
            report = null;
        }
        if ("sites".equals(report) && measure != null && !has(words, "which sites", "what sites", "list")) {
            // "requests across all our sites": a measure summed over the sites, not the list of sites.
            report = null;
        }
        boolean enforcedNow = has(" " + lowerRaw + " ", "being enforced", "are enforced", "is enforced", "actually enforced", "currently enforced", "enforced right now",
                "enforcing right now", "actually enforcing", "enforced at the moment", "enforcing at the moment");
        if ("dryRun".equals(report) && has(words, "rules", "rule") && (enforcedNow || !has(words, "would", "impact", "if we", "promot", "enforce", "false positive",
                "block if", "affected", "hit hardest", "flagging", "flagged", "flag", "caught", "catch"))) {
            report = "rules";
        }
        // "which of our sites still have rules in dry run": the sites are found from another list, read on each of them.
        boolean sitesWithRows = "sites".equals(report) && has(words, "which sites", "which of our sites", "which of the sites", "what sites", "sites that",
                "sites with", "sites still", "sites have", "sites has");
        String sitesAsked = report;
        if ("sites".equals(report) && (saysEverySite(words) || sitesWithRows)) {
            // "list the rules on both sites": the sites say where to look; the list asked for is the other one named.
            for (Map.Entry<String, Semantics.Report> other : semantics.reports().entrySet()) {
                if (!"sites".equals(other.getKey()) && other.getValue().rows() != null && other.getValue().argument() == null
                        && other.getValue().words().stream().anyMatch(w -> w.endsWith("s") && containsPhrase(listWords, w))) {
                    report = other.getKey();
                    break;
                }
            }
        }
        // ("list the IPs the filter rule blocked" lists IPs: the rule only filters them.)
        if (("rules".equals(report) || "policies".equals(report)) && (measure != null || !reasons.isEmpty()) && !has(words, "which rules", "what rules")
                && !(has(words, "list") && dimension == null)) {
            report = null;
        }
        if ("rules".equals(report) && dimension != null && semantics.dimensions().get(dimension).listing() && !has(words, "which rules", "what rules", "which rule", "what rule")) {
            // "which bots are getting flagged by the bot rule": the bots are asked for; the rule only says which requests.
            report = null;
        }
        if (report != null && (dimension == null || "rules".equals(report) || "policies".equals(report) || "anomalies".equals(report)
                || "dryRun".equals(report)) && !(has(words, COUNT) && measure != null && !"rules".equals(report) && !"policies".equals(report) && !"quota".equals(report)
                && !"dryRun".equals(report))) {
            List<Site> bothSites = allSites(text);
            if (bothSites.size() == 2 && has(words, COMPARE) && semantics.reports().get(report).rows() == null && semantics.reports().get(report).argument() == null) {
                // "the would-be blocks of the dry run on staging vs prod": the same report for each site.
                understood.add(report + " report for " + bothSites.get(0).name() + " and for " + bothSites.get(1).name());
                List<Query> each = new ArrayList<>();
                for (Site one : bothSites) {
                    each.add(new Query.Report(one.id(), report, window));
                }
                return reading(new Query.Parts(each), understood, ignored, 0.8);
            }
            if (site == null && sites.size() >= 2 && !"sites".equals(report) && !"teams".equals(report) && semantics.reports().get(report).rows() != null
                    && (saysEverySite(words) || sitesWithRows && !report.equals(sitesAsked))) {
                // "every guard policy in dry run, over all our sites": the list of each site.
                understood.add(report + " of every site");
                String only = onlyRows(report, words, text);
                String listed = report;
                String period = window;
                return reading(new Query.Parts(sites.stream().map(one -> (Query) new Query.Report(one.id(), listed, period, only, null)).toList()),
                        understood, ignored, 0.8);
            }
            understood.add(report + " report");
            String only = onlyRows(report, words, text);
            // The section whose words match longest: "by rule type" is the kinds, not "by rule".
            String section = longestNamed(semantics.reports().get(report).sections(), words);
            if (section == null && has(words, RANKING)) {
                // "which of staging's dry-run rules would block the most": the section whose rows are the things ranked.
                for (Map.Entry<String, String> rows : semantics.reports().get(report).entities().entrySet()) {
                    if (section == null && has(words, rows.getValue(), rows.getValue() + "s")) {
                        section = rows.getKey();
                    }
                }
            }
            String field = projected(report, words);
            if (field != null && section == null) {
                understood.add("the " + Formats.words(field) + "s of the " + report);
            }
            return reading(new Query.Report(site, report, window, only, section, null, section == null ? field : null), understood, ignored, 0.88);
        }

        // Individual requests.
        if ((has(words, "latest", "most recent", "newest", "recent", "show me", "list", "last few", "examples", "sample", "log", "the last") || Regex.find(words, LAST_N))
                && has(words, "request", "requests", "hits", "calls", "denials", "blocks", "entries") && !has(words, COUNT) && !(ranking && dimension != null)
                && !has(words, SERIES)
                && dimension == null || path != null && latest && !has(words, COUNT)) {
            Map<String, String> f = conclusionFilters(measure, filters);
            if (path != null) {
                f.put("path", path);
            }
            understood.add("individual requests");
            return reading(new Query.Listing(site, f, window, limit == 0 ? pageOf(words) : limit), understood, ignored, 0.85);
        }

        // How many different IPs, paths, countries.
        String distinctOf = dimension;
        // ("how many different IPs have been hammering /api/search": a count of them, though "hammering" often ranks.)
        boolean countsDistinct = Regex.find(words, "\\b(?:how many|number of|count of|count the)\\s+(?:different|distinct|unique|separate|individual)\\b")
                && !TOP_N.matcher(words).find() && !has(words, "most", "top", "busiest", "worst");
        if (has(words, DISTINCT) && distinctOf != null && (!ranking || countsDistinct)) {
            understood.add("distinct " + distinctOf);
            // "IPs that got rate limited": denied for that reason; "flagged by the dry-run filter" keeps the flags.
            boolean flagged = has(words, "dry run", "dry-run", "flag", "flagged", "would", "watching");
            Map<String, String> f = conclusionFilters(measure == null && !reasons.isEmpty() && !flagged ? "denied" : measure, filters);
            if (path != null) {
                f.put("path", path);
            }
            return reading(new Query.Distinct(site, distinctOf, f, window), understood, ignored, 0.85);
        }

        // "which paths take more than a tenth of all the blocks": the rows above a share of the whole.
        Matcher shareOver = SHARE_THRESHOLD.matcher(words);
        if (dimension != null && shareOver.find() && !never(words)) {
            double share = switch (shareOver.group(1)) {
                case "a tenth", "one tenth" -> 0.1;
                case "a fifth", "one fifth" -> 0.2;
                case "a quarter", "one quarter" -> 0.25;
                case "a third", "one third" -> 1.0 / 3;
                case "half" -> 0.5;
                default -> Double.parseDouble(shareOver.group(2)) / 100;
            };
            String m = measure(" " + shareOver.group(3) + " ") == null ? (measure == null ? "requests" : measure) : measure(" " + shareOver.group(3) + " ");
            understood.add(dimension + "s with more than " + Math.round(share * 100) + " % of all " + label(m));
            return reading(new Query.Breakdown(site, dimension, m, conclusionFilters(m, filters), window, 50, "shareAbove:" + share), understood, ignored, 0.8);
        }
        // "top 10 denied IPs, excluding AS14061/AS16276": the ranked rows, those of the named networks left out.
        Matcher asns = EXCEPT_NETWORKS.matcher(words);
        if ("ip".equals(dimension) && asns.find()) {
            List<String> numbers = all(Regex.of("\\bas\\s?(\\d{1,10})\\b"), asns.group());
            String m = measure == null ? "requests" : measure;
            understood.add("leaving out the networks " + String.join(", ", numbers.stream().map(n -> "AS" + n).toList()));
            return reading(new Query.Breakdown(site, dimension, m, conclusionFilters(m, filters), window, limit > 0 ? limit : 10,
                    "except:asn:" + String.join("|", numbers)), understood, ignored, 0.8);
        }
        // "paths with 100+ denials", "IPs that sent more than 200 requests": the rows at or above a floor.
        Matcher threshold = THRESHOLD.matcher(words);
        if (dimension != null && threshold.find() && !never(words) && !TOP_N.matcher(words).find()) {
            long floor = Long.parseLong(threshold.group(2).replace(",", "")) + (threshold.group(1) != null && Regex.matches(threshold.group(1), "more than|over|above|greater than") ? 1 : 0);
            String m = measure == null ? (reasons.isEmpty() ? "requests" : "denied") : measure;
            understood.add(dimension + "s with " + floor + " or more " + label(m));
            return reading(new Query.Breakdown(site, dimension, m, conclusionFilters(m, filters), window, 50, "atLeast:" + floor), understood, ignored, 0.8);
        }

        // Paths that never get denied, IPs that were denied.
        if (dimension != null && never(words) && reasons.size() == 1 && limit <= 0 && !semantics.dimensions().get(dimension).listing()) {
            // "paths with traffic but not a single rate-limit denial": every row seen, less the rows that reason denied.
            understood.add(dimension + "s with traffic and no " + semantics.label(reasons.get(0)) + " denials");
            Query.Breakdown seen = new Query.Breakdown(site, dimension, "requests", Map.of(), window, 50, null);
            Query.Breakdown denied = new Query.Breakdown(site, dimension, "denied",
                    conclusionFilters("denied", new LinkedHashMap<>(Map.of("reason", reasons.get(0)))), window, 50, null);
            return reading(new Query.SetOperation(Query.SetOperation.MINUS, seen, denied, null), understood, ignored, 0.8);
        }
        if (dimension != null && never(words)) {
            // "which of the top 10 IPs never got blocked": the never-denied among the tool's top 10, else among all it ranks.
            understood.add((limit > 0 ? "of the top " + limit + " " : "") + dimension + " with no denials");
            return reading(new Query.Breakdown(site, dimension, "denied", Map.of(), window, limit > 0 ? limit : 50, "zero"), understood, ignored, 0.85);
        }

        // A measure per hour, day or week.
        // "On a typical weekday last week": the period's words carry the average too.
        // "the same day a week earlier" is a period, not a unit.
        String unitWords = Regex.replaceAll(words, "\\ba (?:day|week) (?:earlier|ago|before|prior)\\b", " ");
        boolean average = has(words, AVERAGE) || has(unitWords, PER_UNIT) && !has(words, STRONG_SERIES) && has(words, COUNT_OR_RATE)
                || windows.stream().anyMatch(f -> has(" " + f.window().phrase() + " ", "typical", "average", "normal"));
        boolean ratePerBucket = measure != null && semantics.measures().get(measure).isRatio()
                && has(unitWords, "per day", "a day", "daily", "each day", "per hour", "an hour", "hourly", "per week", "a week", "weekly");
        if (ratePerBucket) {
            // A rate divided by days means nothing: "the denial rate per day" is each day's rate, and its
            // average is the mean of those (the series states it).
            average = false;
        }
        Matcher peak = PEAK.matcher(words);
        boolean peakAsked = peak.find() && !has(words, "per hour", "per day", "a day", "an hour");
        // "the trend: did we deny more in the last 7 days or in the 7 before": two periods compared, not a series.
        // ("thursday or friday, which day got hammered harder": the "or" went with the second period's words.)
        boolean twoPeriodsCompared = windows.size() >= 2 && (has(words, "more", "fewer", "less", "higher", "lower", " or ", "vs", "versus", "compared", "harder",
                "worse", "busier", "quieter") || has(lastNormalized, " or ", "vs", "versus"));
        if ((has(words, SERIES) || peakAsked || ratePerBucket) && !average && !twoPeriodsCompared && !has(words, "per minute", "a minute", "per second", "a second")) {
            // "for each of the last 3 weeks": the period's own unit.
            String unit = has(words, "for each of", "on each of") && !windows.isEmpty() ? " " + windows.get(0).window().phrase() + " " : "";
            String grain = peakAsked ? peak.group(1) : has(words, "hour", "hourly") || has(unit, "hours") ? "hour"
                    : has(words, "weekly", "per week", "by week", "each week") || has(unit, "weeks") ? "week" : "day";
            if (peakAsked && window == null) {
                window = "hour".equals(grain) ? "today" : "last(7d)";
            }
            String m = measure == null ? "requests" : measure;
            if (reasons.size() == 1 && !"denialRate".equals(m)) {
                m = "denied";
            }
            String buckets = seriesWindow(window, grain);
            TimeWindows.Window covered = TimeWindows.resolve(buckets, zone, now);
            long hours = covered == null ? 0 : java.time.Duration.between(covered.start(), covered.end()).toHours();
            boolean coarser = "hour".equals(grain) && hours > MOST_HOURS;
            if (coarser) {
                // Each bucket is a call of its own: a month of hours is 720 calls, so a long stretch is read day by day, and said so.
                grain = "day";
                buckets = seriesWindow(window, grain);
                covered = TimeWindows.resolve(buckets, zone, now);
            }
            understood.add(label(m) + " per " + grain + (coarser ? " (not per hour: that would be " + hours + " calls, one for each hour)" : ""));
            Query.Subject subject = path != null ? new Query.Subject("path", path) : null;
            if (window != null && !buckets.equals(window) && !windows.isEmpty() && covered != null) {
                // Say the calendar days the series covers, not the rolling stretch the words first read as.
                String phrase = windows.get(0).window().phrase();
                String said = "\"" + phrase + "\" as " + TimeWindows.describe(new TimeWindows.Window(buckets, phrase, covered.start(), covered.end()), zone);
                understood.replaceAll(u -> u.startsWith("\"" + phrase + "\" as ") ? said : u);
            }
            return reading(new Query.Series(site, m, conclusionFilters(m, filters), buckets, grain, subject), understood, ignored, coarser ? 0.7 : 0.88);
        }

        // Comparisons: periods, paths, sites, reasons.
        boolean comparing = has(words, COMPARE) || has(words, "change", "grow", "grew", "drop", "went up", "went down", "more", "fewer", "busier",
                "quieter", "higher", "lower", "escalat", "increase", "decrease", "go up", "go down", "up or down");
        String againstOnly = windows.size() == 1 ? TimeWindows.currentOf(window) : null;
        String onlyPhrase = windows.size() == 1 ? windows.get(0).window().phrase() : null;
        if (againstOnly != null && comparing && has(text, COMPARE_TO.stream().map(w -> w + " " + onlyPhrase).toList())) {
            // "did bot blocks go up compared to last week": this week against last week.
            Query.Metric base = metric(site, measure, filters, againstOnly, path, reasons, average, words);
            understood.add("compares " + TimeWindows.phraseOf(againstOnly) + " with " + windows.get(0).window().phrase());
            return reading(new Query.Comparison(List.of(base, base.withWindow(window))), understood, ignored, 0.85);
        }
        // "what was the denial rate yesterday, and what was it the day before": the same figure for the period before.
        comparing = comparing || Regex.find(words, "\\band\\s+(?:what|how (?:many|much))\\s+(?:was|were|is|did)\\s+(?:it|that|they|those|there)\\s+(?:on\\s+|in\\s+|for\\s+)?the\\s+"
                + "(?:day|week|hour|month|one|weekend)\\s+before\\b");
        if (windows.size() == 1 && comparing && has(words, "before", "previous", "prior", "preceding", "vs last", "than last", "versus last",
                "compared with last", "compared to last", "to last", "with last", "or last", "same day last week", "the one before", "before it", "day before",
                "a week earlier", "week earlier", "day earlier")) {
            String previous = TimeWindows.previousOf(window, has(words, "same day last week", "a week earlier", "week ago", "the week before", "a week before",
                    "the previous week", "same day the week before", "same weekday")
                    || Regex.find(words, "\\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\s+before\\b"));
            if (previous != null) {
                Query.Metric base = metric(site, measure, filters, window, path, reasons, average, words);
                understood.add("compares with the period before");
                return reading(new Query.Comparison(List.of(base, base.withWindow(previous))), understood, ignored, 0.85);
            }
        }
        if (paths.size() >= 2) {
            Query.Metric named = metric(site, measure, filters, window, null, reasons, average, words);
            // "rate limit denials on /api/login vs /api/signup": each path's denials under that reason, not all of them.
            Query.Metric base = named.subject() != null && "reason".equals(named.subject().dimension())
                    ? new Query.Metric(named.site(), "denied", Map.of("reason", named.subject().key()), named.window(), null, named.per()) : named;
            understood.add("compares paths " + String.join(" and ", paths));
            return reading(new Query.Comparison(paths.stream().map(p -> base.withSubject(new Query.Subject("path", p))).toList()), understood, ignored, 0.85);
        }
        List<Site> named = allSites(text);
        // "Our three busiest IPs over the last 30 days: how many requests did they send yesterday, combined?": the ranked rows, each
        // measured over the other period, and their sum.
        int askedAt = Math.max(Math.max(indexOfPhrase(words, "how many"), indexOfPhrase(words, "how much")),
                Math.max(indexOfPhrase(words, "each one"), indexOfPhrase(words, "each of")));
        if (limit > 1 && dimension != null && !semantics.dimensions().get(dimension).listing() && windows.size() == 2 && askedAt > 0
                && has(words.substring(askedAt), "they", "them", "their", "those", "these", "each one", "each of", "each one's")) {
            String rankedBy = measure(words.substring(0, askedAt) + " ") == null ? "requests" : measure(words.substring(0, askedAt) + " ");
            String asked = measure(" " + words.substring(askedAt)) == null ? "requests" : measure(" " + words.substring(askedAt));
            understood.add("the top " + limit + " " + dimension + "s " + TimeWindows.phraseOf(windows.get(0).window().expression()) + ", each measured "
                    + TimeWindows.phraseOf(windows.get(1).window().expression()));
            return reading(new Query.Chain(new Query.Breakdown(site, dimension, rankedBy, conclusionFilters(rankedBy, new LinkedHashMap<>()),
                    windows.get(0).window().expression(), limit, null), null, new Query.Metric(site, asked, Map.of(), windows.get(1).window().expression(), null, null)),
                    understood, ignored, 0.75);
        }
        // ("the docs pages" names the paths; "which docs pages" ranks them.)
        List<String> section = path == null && windows.size() <= 1 && (dimension == null
                || "path".equals(dimension) && !has(words, "which", "what", "top", "most", "busiest", "least", "rank")) ? pathSection(words) : List.of();
        if (section.size() >= 2 && measure != null && !semantics.measures().get(measure).isRatio()) {
            // "how many visits did our two blog posts get, combined": each path under /blog/, side by side, and their sum.
            understood.add("the paths " + String.join(", ", section));
            Query.Metric base = metric(site, measure, filters, window, null, reasons, average, words);
            return reading(new Query.Comparison(section.stream().map(p -> base.withSubject(new Query.Subject("path", p))).toList()), understood, ignored, 0.75);
        }
        // "which site had the most denials", "which of our sites saw any traffic": every site measured, side by side.
        boolean everySite = saysEverySite(words)
                || measure != null && named.isEmpty() && (has(words, "which site", "which sites", "which of our sites", "which of the sites", "what site",
                        "which environment", "which environments", "which of our environments", "which app", "which of our apps")
                        || Regex.find(words, WHICH_OF_OUR_SITES));
        if (named.size() >= 2 || everySite && sites.size() >= 2) {
            List<Site> sides = named.size() >= 2 ? named : sites;
            Query.Metric base = metric(null, measure, filters, window, path, reasons, average, words);
            understood.add("compares sites " + String.join(" and ", sides.stream().map(Site::name).toList()));
            return reading(new Query.Comparison(sides.stream().map(x -> base.onSite(x.id()))
                    .toList()), understood, ignored, 0.85);
        }
        String measured = words;
        String when = window;
        String where = site;
        List<String> twoMeasures = semantics.measures().entrySet().stream().filter(e -> !e.getValue().isRatio() && !"requests".equals(e.getKey()))
                .filter(e -> e.getValue().words().stream().anyMatch(w -> containsPhrase(measured, w))).map(Map.Entry::getKey).toList();
        if (twoMeasures.size() == 2 && windows.size() < 2 && reasons.isEmpty() && path == null && dimension == null
                && Regex.find(words, MORE_OR_FEWER) && Regex.find(words, SET_AGAINST)) {
            // "were there more challenges or errors yesterday": the two counts side by side.
            understood.add("compares " + label(twoMeasures.get(0)) + " with " + label(twoMeasures.get(1)));
            return reading(new Query.Comparison(twoMeasures.stream().map(x -> new Query.Metric(where, x, Map.of(), when, null, null)).toList()),
                    understood, ignored, 0.85);
        }
        if (windows.size() >= 2 && (comparing || has(words, " and ") || has(text, COMPARE))) {
            Query.Metric base = metric(site, measure, filters, window, path, reasons, average, words);
            List<Query.Metric> sides = windows.stream().map(w -> base.withWindow(w.window().expression())).toList();
            understood.add("compares " + windows.size() + " periods");
            return reading(new Query.Comparison(sides), understood, ignored, 0.88);
        }
        Matcher ratioOf = Regex.of("\\bratio\\s+(?:of|between)\\s+(.+?)\\s+(?:to|and|vs|versus)\\s+(.+)$").matcher(words.strip());
        if (reasons.size() < 2 && ratioOf.find() && measure(" " + ratioOf.group(1) + " ") != null && measure(" " + ratioOf.group(2) + " ") != null
                && !measure(" " + ratioOf.group(1) + " ").equals(measure(" " + ratioOf.group(2) + " "))) {
            // "the ratio of allowed to denied requests": one measure over the other, in the order named.
            Query.Metric top = metric(site, measure(" " + ratioOf.group(1) + " "), filters, window, path, reasons, false, words);
            understood.add("the ratio of " + label(top.measure()) + " to " + label(measure(" " + ratioOf.group(2) + " ")));
            return reading(new Query.Ratio(top, top.withMeasure(measure(" " + ratioOf.group(2) + " "))), understood, ignored, 0.85);
        }
        if (reasons.size() == 2 && has(words, "ratio") && Regex.matches(words, ".*\\bratio\\b.*\\bto\\b.*|.*\\bto\\b.*\\bratio\\b.*")) {
            // "the ratio of rate-limit blocks to bot blocks": one reason's denials over the other's, in the order named.
            Query.Metric base = metric(site, "denied", Map.of(), window, null, List.of(), false, words);
            understood.add("the ratio of " + semantics.label(reasons.get(0)) + " to " + semantics.label(reasons.get(1)));
            return reading(new Query.Ratio(base.withSubject(new Query.Subject("reason", reasons.get(0))),
                    base.withSubject(new Query.Subject("reason", reasons.get(1)))), understood, ignored, 0.85);
        }
        if (reasons.size() >= 2) {
            Query.Metric base = metric(site, measure == null ? "denied" : measure, Map.of(), window, null, List.of(), average, words);
            boolean share = asksRate(words);
            List<Query.Metric> sides = reasons.stream().map(r -> base.withMeasure("denied").withSubject(new Query.Subject("reason", r))).toList();
            if (share) {
                understood.add("shares of denials by reason");
                Query.Metric all = base.withMeasure("denied").withSubject(null);
                return reading(new Query.Parts(sides.stream().map(side -> (Query) new Query.Ratio(side, all)).toList()), understood, ignored, 0.85);
            }
            understood.add("compares reasons " + String.join(" and ", reasons));
            return reading(new Query.Comparison(sides), understood, ignored, 0.85);
        }
        if (has(words, "challenges vs denials", "challenged vs denied", "challenges versus denials", "challenges to denials", "challenged to denied")) {
            Query.Metric c = metric(site, "challenged", Map.of(), window, null, List.of(), false, words);
            return reading(new Query.Ratio(c, c.withMeasure("denied")), understood, ignored, 0.85);
        }

        // Rankings.
        if ("reason".equals(dimension) && reasons.size() == 1 && has(words, COUNT)) {
            // "number of denials with reason RATE_LIMIT": one reason's figure, not the ranking of reasons.
            dimension = null;
        }
        if (dimension != null && (ranking || "reason".equals(dimension) && has(words, "why", "reason", "reasons", "breakdown", "categories", "kinds", "types"))
                && !(path != null && "path".equals(dimension))) {
            String m = measure == null ? (reasons.isEmpty() && !"reason".equals(dimension) ? "requests" : "denied") : measure;
            if ("reason".equals(dimension)) {
                m = "denied";
            }
            boolean ranked = has(words, RANKING) || TOP_N.matcher(words).find();
            int n = limit == 0 ? (has(words, "main", "primary", "number one", "#1", "biggest", "most common", "the top") && !has(words, "reasons", "paths", "ips")
                    || Regex.matches(words, ".*\\b(which|what)\\s+(ip|path|reason|route|endpoint|address)\\b(?!s).*") && !words.contains(" top ")
                    || TOP_ROW.matcher(words).find() ? 1
                    // "what paths are the bots going after": every row, not a top ten.
                    : ranked ? 10 : 50) : limit;
            // "API endpoints": the paths under /api/ only.
            String only = "path".equals(dimension) && has(words, "api endpoints", "api endpoint", "api routes", "api paths", "api calls", "api urls")
                    ? "prefix:/api/" : null;
            understood.add("top " + n + " " + dimension + (only == null ? "" : " under /api/") + " by " + label(m));
            Map<String, String> f = conclusionFilters(m, filters);
            String ownReason = semantics.dimensions().get(dimension).ownReason();
            if ("requests".equals(m) && ownReason != null && ownReason.equals(f.get("reason"))) {
                // "which bots are hammering us, by request count": the rows' own word, not the bot rule's decisions.
                f.remove("reason");
            }
            if (path != null && semantics.listing().filters().contains("path")) {
                // "which IPs hit /api/login the most": counted from the path's listed requests.
                f.put("path", path);
            }
            if (place != null && !place.dimension().equals(dimension)) {
                // "the pages Googlebot crawled most", "the paths German IPs hit": counted from that value's listed requests.
                f.put(place.dimension(), place.key());
            }
            return reading(new Query.Breakdown(site, dimension, m, f, window, n, only), understood, ignored, 0.88);
        }

        // "IPs blocked by Shield, last hour": the rows themselves, as a set.
        if (dimension != null && !"reason".equals(dimension) && !has(words, COUNT) && !asksRate(words) && (measure != null || !reasons.isEmpty())
                && path == null && has(words, semantics.dimensions().get(dimension).words().stream().filter(w -> w.endsWith("s")).toList())) {
            String m = measure == null ? "denied" : measure;
            understood.add("every " + dimension + " with " + label(m));
            return reading(new Query.Breakdown(site, dimension, m, conclusionFilters(m, filters), window, 50, "nonzero"), understood, ignored, 0.8);
        }

        // One figure.
        if (measure != null || path != null || !reasons.isEmpty() || has(words, COUNT) || has(words, "traffic")) {
            Query.Metric metric = metric(site, measure, filters, window, path, reasons, average, words);
            if (asksRate(words) && path != null && (reasons.size() == 1 || measure != null && !"requests".equals(measure))) {
                // A path's share: its row under the reason filter (flagged, when the question is about what would happen) over its row.
                boolean hypothetical = has(words, "would", "would have", "could", "if we");
                String m = hypothetical || measure == null || semantics.measures().get(measure).isRatio() ? (hypothetical ? "requests" : "denied") : measure;
                Map<String, String> f = new LinkedHashMap<>();
                if (!reasons.isEmpty()) {
                    f.put("reason", reasons.get(0));
                }
                Query.Subject subject = new Query.Subject("path", path);
                understood.add("a share of the requests to " + path);
                return reading(new Query.Ratio(new Query.Metric(site, m, f, window, subject, null), new Query.Metric(site, "requests", Map.of(), window, subject, null)),
                        understood, ignored, 0.85);
            }
            if (path != null && reasons.isEmpty() && (measure == null || "requests".equals(measure)) && (asksRate(words) || has(words, "slice"))
                    && has(words, "of all", "of total", "of the total", "of our", "of traffic", "of requests", "share", "part", "slice", "percent", "%")) {
                // "Which part of all traffic goes to /api/login": the path's requests over the site's.
                Query.Metric part = new Query.Metric(site, "requests", Map.of(), window, new Query.Subject("path", path), null);
                understood.add("the share of all requests that went to " + path);
                return reading(new Query.Ratio(part, part.withSubject(null)), understood, ignored, 0.85);
            }
            if (asksRate(words) && reasons.size() == 1) {
                // A reason's share: of all denials when the question counts denials, else of all requests.
                Query.Metric part = new Query.Metric(site, "denied", Map.of(), window, new Query.Subject("reason", reasons.get(0)), null);
                // ("Not percent of the denials, percent of everything": the share named only to be set aside.)
                String shareOf = Regex.replaceAll(words, "\\bnot\\s+(?:the\\s+|a\\s+)?(?:percent|percentage|share|proportion|fraction)\\s+of\\s+(?:the\\s+|all\\s+)?(?:denials|blocks|denied|blocked)\\w*", " ");
                boolean ofDenials = has(shareOf, "of denials", "of all denials", "of the denials", "of our denials", "of blocks", "of all blocks", "of the blocks",
                        "of denied", "of the denied", "of all denied", "of our denied", "of all the denied", "of all the denials", "of all the blocks",
                        "share of denials", "denials came", "denials were", "blocks were", "of those denials", "of the blocked")
                        // "of all the blocking on our site", "out of everything we turned away": any word of the denials after "of".
                        || ofMeasure(shareOf, "denied")
                        // ("what part of this month's blocked requests were Shield's": the requests named are the denials.)
                        || has(shareOf, "share", "proportion", "percentage", "portion", "what part", "part of") && has(shareOf, "denials", "blocks", "denied", "blocked")
                        && !has(Regex.replaceAll(shareOf, "\\b(?:blocked|denied|rejected|refused)\\s+(?:requests|reqs|calls|traffic)\\b", "denials"),
                                "traffic", "requests", "block rate", "denial rate");
                Query.Metric base = new Query.Metric(site, ofDenials ? "denied" : "requests", Map.of(), window, null, null);
                understood.add("a share of all " + (ofDenials ? "denials" : "requests"));
                return reading(new Query.Ratio(part, base), understood, ignored, 0.85);
            }
            Semantics.Measure asked = semantics.measures().get(metric.measure());
            if (asksRate(words) && place != null && place.equals(metric.subject()) && asked != null && !asked.isRatio() && metric.per() == null) {
                // "what share of yesterday's requests came from Android devices": that value's requests over all of them.
                understood.add("the share of " + label(metric.measure()) + " from " + place.key());
                return reading(new Query.Ratio(metric, metric.withSubject(null)), understood, ignored, 0.85);
            }
            if (asksRate(words) && asked != null && !asked.isRatio() && !"requests".equals(metric.measure()) && metric.per() == null) {
                // "the challenge rate": a conclusion's share of all requests (of the path's, for a path).
                Query.Metric base = metric.withMeasure("requests");
                understood.add("a share of all requests");
                return reading(new Query.Ratio(metric, base), understood, ignored, 0.85);
            }
            understood.add(label(metric.measure()) + (metric.subject() == null ? "" : " of " + semantics.label(metric.subject().key()))
                    + (metric.per() == null ? "" : " per " + metric.per()));
            double confidence = measure != null || !reasons.isEmpty() ? 0.9 : 0.75;
            return reading(metric, understood, ignored, window == null ? confidence - 0.05 : confidence);
        }

        if (report != null) {
            understood.add(report + " report");
            return reading(new Query.Report(site, report, window), understood, ignored, 0.8);
        }
        if (dimension != null) {
            return reading(new Query.Breakdown(site, dimension, "requests", Map.of(), window, 10, null), understood, ignored, 0.6);
        }
        return unclear(understood, ignored);
    }

    /**
     * "Daily for the last ten days" means ten calendar days, today's included, not ten rolling days
     * that start mid-day and make an eleventh, partial bucket; "weekly for the last 4 weeks", four
     * calendar weeks, this one included.
     */
    static String seriesWindow(String window, String grain) {
        if (window == null) {
            return "day".equals(grain) ? "calendarDays(30)" : "last(30d)";
        }
        java.util.regex.Matcher days = Regex.of("last\\((\\d+)d\\)").matcher(window);
        if (days.matches()) {
            int n = Integer.parseInt(days.group(1));
            if ("day".equals(grain)) {
                return "calendarDays(" + n + ")";
            }
            if ("week".equals(grain) && n % 7 == 0) {
                return "calendarWeeks(" + n / 7 + ")";
            }
        }
        return window;
    }

    private Reading unclear(List<String> understood, List<String> ignored) {
        return new Reading(new Query.Unanswerable("unclear", null, List.of(), semantics.closestTo(lastQuestion)), understood, ignored, 0.3);
    }

    private Reading reading(Query query, List<String> understood, List<String> ignored, double confidence) {
        return new Reading(query, understood, ignored, Math.max(0, Math.min(0.97, confidence)));
    }

    private Query.Metric metric(String site, String measure, Map<String, String> filters, String window, String path, List<String> reasons,
                                boolean average, String words) {
        String m = measure == null ? (reasons.isEmpty() ? "requests" : "denied") : measure;
        Query.Subject subject = null;
        Map<String, String> f = new LinkedHashMap<>(filters);
        if (path != null) {
            subject = new Query.Subject("path", path);
        } else if (place != null) {
            // "bot denials from China": the country's listed requests, the reason a filter of the listing.
            subject = place;
            // ("how many requests did GPTBot make": the bot's own requests; "crawlers" said of it names no rule's decisions.)
            boolean itsOwn = "requests".equals(m) && reasons.size() == 1 && reasons.get(0).equals(semantics.dimensions().get(place.dimension()).ownReason());
            if (reasons.size() == 1 && !itsOwn) {
                f.put("reason", reasons.get(0));
            }
            if (itsOwn) {
                f.remove("reason");
            }
        } else if (reasons.size() == 1 && !"denialRate".equals(m)) {
            // A reason's denials are read from its own row: its filter would also count DRY_RUN flags.
            subject = new Query.Subject("reason", reasons.get(0));
            f.remove("reason");
            m = "denied";
        } else if (reasons.size() == 1) {
            f.put("reason", reasons.get(0));
        }
        String per = null;
        if (has(words, "per second", "a second", "each second", "every second")) {
            per = "second";
        } else if (has(words, "per minute", "a minute", "each minute", "every minute")) {
            per = "minute";
        } else if (average || has(words, "per hour", "an hour", "each hour")) {
            per = has(words, "hour", "hourly") ? "hour" : has(words, "week", "weekly") && !has(words, "per day", "a day", "daily") ? "week" : "day";
        }
        return new Query.Metric(site, m, f, window, subject, per);
    }

    /** A measure that stands for a conclusion ("denied") asks only for those requests when rows are ranked. */
    private Map<String, String> conclusionFilters(String measure, Map<String, String> filters) {
        Map<String, String> f = new LinkedHashMap<>(filters);
        Semantics.Measure m = measure == null ? null : semantics.measures().get(measure);
        if (m != null && m.conclusion() != null) {
            f.put("conclusion", m.conclusion());
        }
        return f;
    }

    private static Query withSite(Query query, String site) {
        if (site == null) {
            return query;
        }
        if (query instanceof Query.Metric m && m.site() == null) {
            return m.onSite(site);
        } else if (query instanceof Query.Breakdown b && b.site() == null) {
            return new Query.Breakdown(site, b.dimension(), b.measure(), b.filters(), b.window(), b.limit(), b.only());
        } else if (query instanceof Query.Series s && s.site() == null) {
            return new Query.Series(site, s.measure(), s.filters(), s.window(), s.grain(), s.subject());
        } else if (query instanceof Query.Report r && r.site() == null) {
            return r.onSite(site);
        } else if (query instanceof Query.Listing l && l.site() == null) {
            return new Query.Listing(site, l.filters(), l.window(), l.limit());
        } else if (query instanceof Query.Lookup l && l.site() == null) {
            return new Query.Lookup(site, l.entity(), l.key(), l.window(), l.section());
        } else if (query instanceof Query.Distinct d && d.site() == null) {
            return new Query.Distinct(site, d.dimension(), d.filters(), d.window());
        }
        return query;
    }

    // ---- words ----

    private String correct(String text) {
        StringBuilder out = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            String bare = TimeWindows.bare(word, false);
            String fixed = bare.length() >= 5 && bare.chars().allMatch(Character::isLetter) && !COMMON.contains(bare) ? Spelling.nearest(bare, vocabulary)
                    : SHORT_SLIPS.get(bare);
            if (fixed != null && !fixed.startsWith(bare) && !bare.startsWith(fixed) && Spelling.isCommonEnglish(bare)) {
                // A common word is what it says ("burst" is not a slip of "burnt"), unless it is another form of the word ("raised", "risky").
                fixed = null;
            }
            if (fixed != null && !fixed.equals(bare) && MISSING_ONLY.computeIfAbsent(semantics, QuestionParser::missingOnly).contains(fixed)
                    && !(bare.length() >= 6 && fixed.length() >= 7 && fixed.startsWith(bare.substring(0, 3)))) {
                // "monkey" is not "money": a slip never turns a question into one about data nobody connected,
                // unless the word is long and only its end slipped ("bandwith").
                fixed = null;
            }
            out.append(fixed == null || fixed.equals(bare) ? word : word.replace(bare, fixed));
        }
        return out.toString();
    }

    /** The rows a {@link #TOP_ROW} match names ("ip", "path"), whichever of its phrasings matched. */
    private static String rowWord(Matcher topRow) {
        for (int g = 1; g <= topRow.groupCount(); g++) {
            if (topRow.group(g) != null) {
                return topRow.group(g);
            }
        }
        return "";
    }

    /** Question words too short for edit distance, as they are often mistyped. */
    /** "our busiest IP", "the single top path", "the IP we've denied most": one row named by its rank. */
    private static final Pattern TOP_ROW = Pattern.compile("\\b(?:our\\s+|the\\s+)?(?:single\\s+|one\\s+)?(?:busiest|top|noisiest|most active|worst|biggest|heaviest|sketchiest|shadiest|dodgiest|"
            + "most[- ]denied|most[- ]blocked|most[- ]requested|most hit|most targeted|number one|no\\.? 1|#1)\\s+(?:clients?\\s+|sources?\\s+)?(ip|ip address|path|endpoint|route|url)\\b(?!\\s*(?:s\\b|es\\b|addresses|adresses|adresses))|\\bthe\\s+(?:one\\s+|single\\s+)?(ip|path|endpoint|route)\\s+(?:that\\s+|which\\s+)?"
            + "(?:we(?:'ve| have)?\\s+|was\\s+|got\\s+)?(?:denied|blocked|hit|requested|refused|sent\\s+(?:us\\s+|\\w+\\s+)?)\\s*(?:the\\s+)?most\\b"
            // "the ip that tripped the rate limiter the most"
            + "|\\bthe\\s+(?:one\\s+|single\\s+)?(ip|path|endpoint|route)\\s+(?:that|which)\\s+(?:[\\w']+\\s+){1,5}?(?:the\\s+)?most\\b"
            // "the path with the most bot denials", "IP with most denials"
            + "|(?:^|\\bthe\\s+|\\bone\\s+|[:,]\\s*)(ip|ip address|path|endpoint|route|url)\\s+with\\s+(?:the\\s+)?(?:most|highest|biggest|largest)\\b"
            // (and what it has most of: "the IP with the most blocked requests" ranks by denials)
            + "(?:\\s+(?:[\\w-]+\\s+){0,2}?(?:requests|reqs|denials|blocks|hits|traffic|calls|challenges)\\b)?");

    private static final Map<String, String> SHORT_SLIPS = Map.ofEntries(Map.entry("wich", "which"), Map.entry("whcih", "which"),
            Map.entry("whihc", "which"), Map.entry("wat", "what"), Map.entry("waht", "what"), Map.entry("whta", "what"), Map.entry("wht", "what"),
            Map.entry("hw", "how"), Map.entry("hwo", "how"), Map.entry("hte", "the"), Map.entry("alow", "allow"), Map.entry("limt", "limit"),
            Map.entry("thru", "through"), Map.entry("dosnt", "doesnt"), Map.entry("categorys", "categories"));

    /** Ordinary words one edit from a listened-for word that must stay as typed. */
    private static final Set<String> COMMON = Set.of("counting", "including", "excluding", "stack", "least", "talked", "talking", "talks", "staring", "stating", "stage", "stared", "taken", "together", "starting", "started", "running", "slide", "slides", "deck", "little", "three", "seven", "eight", "fifty", "sixty", "forty", "eleven", "twelve", "twenty", "thirty", "there", "these", "those", "where", "which", "while", "would", "could", "should", "their",
            "other", "about", "after", "again", "since", "until", "still", "being", "doing", "going", "right", "think", "thing", "things", "times",
            "month", "months", "weeks", "hours", "today", "posts", "sites", "rules", "spike", "spikes", "drops", "limit", "limits", "rated", "dated",
            "paths", "route", "routes", "pages", "users", "calls", "lower", "bigger", "higher", "block", "ratio", "rates", "worse", "worst", "recent",
            "latest", "policy", "policies", "plans", "teams", "given", "allow", "below", "above", "under", "hitting", "denied", "denies");

    /** Removes punctuation that is not part of a value, and the literal values themselves. */
    private static String clean(String lower, String path, String ip, String requestId) {
        String t = lower;
        for (String literal : new String[] {path == null ? null : path.toLowerCase(Locale.ROOT), ip, requestId}) {
            if (literal != null) {
                t = t.replace(literal.toLowerCase(Locale.ROOT), " ");
            }
        }
        for (Map.Entry<Pattern, String> rewrite : SHORTHAND) {
            t = rewrite.getKey().matcher(t).replaceAll(rewrite.getValue());
        }
        if (t.contains("anomal")) {
            // "the sketchiest ip in the anomalies": the anomalies' most suspicious IP, not the IP denied most.
            t = Regex.replaceAll(t, "\\b(?:sketchiest|shadiest|dodgiest)\\b", "most suspicious");
        }
        t = Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(t.replace('’', '\'').replace('_', ' '), "\\brate-limit", "rate limit"), "\\s*(?:->|=>|→)\\s*", ", then "), "/(?:hr|hour|h)\\b", " per hour"), "/(?:day|d)\\b", " per day"), "\\bper-(day|hour|week|minute)\\b", "per $1"), "\\b(per|each|every) calendar (day|week)\\b", "$1 $2"), "/(?:min|minute|m)\\b", " per minute"), "/(?:s|sec|second)\\b", " per second"), "\\?+(?=\\s*[\\p{L}\\d])", " , "), "[?!;()\"“”]", " "), ":(?=\\s+\\S)", " : "), "[.:](?=\\s|$)(?<!\\s:)", " "), "\\s+", " ");
        return t.strip();
    }

    private static String blankWindows(String text, List<TimeWindows.Found> windows) {
        String normalized = " " + TimeWindows.normalize(text.strip()) + " ";
        StringBuilder out = new StringBuilder(normalized);
        for (TimeWindows.Found f : windows) {
            int from = Math.min(f.from() + 1, out.length());
            int to = Math.min(f.to() + 1, out.length());
            for (int i = from; i < to; i++) {
                out.setCharAt(i, ' ');
            }
        }
        return " " + Regex.replaceAll(out.toString(), "\\s+", " ").strip() + " ";
    }

    private boolean asksForSecret(String question) {
        // "our key-redemption endpoint", "how many keys got redeemed": a business's own keys (game, licence, gift), not a secret of the vendor's.
        String text = Regex.replaceAll(question, PRODUCT_KEYS, " ");
        boolean secretWord = semantics.refusals().secretWords().stream().anyMatch(w -> containsPhrase(text, w));
        // "the api kee", "sdk ky": a key asked for under a typo is still a key.
        boolean keyWord = (containsPhrase(text, "key") || Regex.find(text, "\\b(?:api|site|sdk|secret|arcjet|private)\\s+k[a-z]{0,2}\\b")) && has(text, "show", "give", "what is", "what's", "tell", "send", "get", "read", "copy", "need",
                "print", "reveal", "display", "share", "paste", "fetch", "grab", "our", "my", "the");
        return (secretWord || keyWord) && !has(text, "key metrics", "key numbers", "key figures", "key takeaways", "key points", "keyboard", "monkey",
                "token bucket", "token-bucket", "tokens per", "tokens come back", "refill",
                "credential stuffing", "credential stuffers", "credential-stuffing", "credential stuffer", "credentials stuffing", "credentials stuffers",
                "credentials stuffer", "stuffing attack");
    }

    private boolean asksToChange(String text) {
        String start = Regex.replaceFirst(text.strip(), POLITE_START, "");
        for (String verb : semantics.refusals().writeWords()) {
            if ((start.startsWith(verb + " ") || start.equals(verb) || start.startsWith(verb + ".") || start.startsWith(verb + "!"))
                    && !start.startsWith(verb + " together") && !Regex.matches(start, "\\w+\\s+(?:rates?|dates?|times?|days?|counts?|totals?)\\b.*")) {
                // "put together a profile", "pull together" compose an answer; they change nothing.
                return true;
            }
        }
        if (Regex.find(start, "^(?:add|remove|drop|include|exclude)\\b.{1,60}?\\b(?:to|from|in|into)\\s+(?:the\\s+|our\\s+|its\\s+)?[\\w\\s.-]{0,40}?"
                + "\\b(?:rule|policy|list|config|configuration)\\b")) {
            // "add credit card numbers to the staging email policy": a change to a rule or a policy.
            return true;
        }
        return Regex.find(text, "\\b(?:set|change|raise|lower|increase|decrease|bump|update|adjust|put)\\s+(?:the\\s+|our\\s+|it\\s+|that\\s+)?[\\w\\s'*/.-]{0,40}?\\bto\\s+\\d")
                || Regex.find(text, "\\b(?:please|pls|can you|could you|go ahead and|i want you to)\\s+(?:\\w+\\s+|[\\w\\s']{0,30}?\\band\\s+)?(?:disable|enable|delete|remove|create|promote|block|ban|unblock|allowlist|whitelist|turn off|turn on|switch|tweak|flip|save)\\b")
                || Regex.find(text, "\\b(?:make|create|add|save|set up|spin up|write|put)\\s+(?:me\\s+)?(?:a\\s+|an\\s+)?(?:new\\s+)?(?:\\w+\\s+){0,3}?(?:rule|site|policy|guard policy)\\b(?!s? (?:do we|are|is|did|has|have))") && !has(text, "which", "what", "how many", "when did", "when was", "list", "show")
                // "switch the policy from dry run to live", "add X to the allow list": a change of mode or of a list.
                || Regex.find(text, "\\bfrom\\s+(?:dry[- ]?run|live|monitor\\w*|test(?:ing)?|test mode|log(?:ging)?[- ]only)\\s+(?:mode\\s+)?(?:over\\s+)?to\\s+"
                        + "(?:live|dry[- ]?run|enforc\\w*|block\\w*|the real thing|real mode|production mode|for real)\\b"
                        + "|\\b(?:add|put|remove|drop|take)\\b.{1,60}?\\b(?:to|on|from|off|in)\\s+(?:the\\s+|our\\s+)?(?:al+ow|block|deny|white|black)[- ]?list\\b") && !has(text, "what would", "what if", "would it", "how many", "impact", "would happen")
                // "set rule_x mode=LIVE": a setting written as an assignment.
                || Regex.find(text, "\\b(?:set|change|update|switch|flip|put)\\b.*\\b\\w+\\s*=\\s*\\w+")
                // "have it enforce for real": a change; "show up on prod for real" is only "actually".
                || Regex.find(text, "\\b(?:enforc\\w*|live|on|active|enabled?)\\s+for real\\b")
                // "have someone flip every rule on staging to LIVE": a change asked of anyone is still a change.
                || Regex.find(text, "\\b(?:have|get)\\s+(?:someone|somebody|the team|you|them)\\s+(?:to\\s+)?(?:flip|switch|turn|set|change|disable|enable|raise|lower|promote|make|move|put)\\b"
                        + "|\\b(?:flip|switch|set|move|put|promote)\\s+(?:every|all|each|the|our|its|that|this)\\b.{0,40}?\\bto\\s+(?:live|enforc\\w*|blocking)\\b")
                && !has(text, "what would", "what if", "would it", "how many", "impact", "would happen", "if we", "would have")
                || has(text, "switch it on", "turn it on", "switch it off", "turn it off", "flip it", "make it live", "set it to live")
                && !has(text, "what would", "what if", "would it", "how many", "impact");
    }

    /** A site id in the question that names no site the user can see. */
    private String unseenSiteId;

    /** "who got denied the most", "who's hitting us hardest": a ranking of the clients. */
    private static final String WHO_MOST = "\\bwho(?:'s|s)?\\b(?=(?:\\s+[\\w']+){1,6}?\\s+(?:the\\s+)?(?:most(?!\\s+recent)|hardest|busiest|noisiest|worst|heaviest)\\b)";

    /** A part that asks only for the change between what the part before compares: "what's the % change?", "and the difference". */
    private static final String CHANGE_ONLY = "^\\s*(?:and\\s+|&\\s+)?(?:what'?s|what is|whats|give me|show me|tell me)?\\s*(?:the\\s+)?(?:%|percent|percentage|pct)?\\s*"
            + "(?:change|difference|delta|diff)(?:\\s+(?:in\\s+)?(?:%|percent))?\\s*[?!.]*\\s*$";

    /** A part that asks only how many rows of the ranking before it to show: "and give me the top three", "just the top 5". */
    private static final String ONLY_THE_TOP = "^\\s*(?:and\\s+|&\\s+|then\\s+)?(?:just\\s+|only\\s+)?(?:(?:give|show|tell|send|list)\\s+(?:me\\s+|us\\s+)?)?"
            + "(?:just\\s+|only\\s+)?the\\s+(?:top|first)\\s+\\w+(?:\\s+(?:ones?|of them|please|pls))?\\s*[?!.]*\\s*$";

    /** A part that asks only for the count of the part before ("and how many times", "how often?"). */
    private static final String BARE_COUNT = "^\\s*(?:and\\s+|&\\s+|plus\\s+)?(?:how many(?:\\s+times)?|how often|how much|by how much|the count|what count)"
            + "(?:\\s+(?:was|were|did|does|is|it|they|that|got|get|denied|blocked|times|hits|requests|reqs|calls|visits|exactly|roughly|then|lol|pls|please"
            + "|would|will|be|have|been|in total))*\\s*[?!.]*\\s*$";

    /** A topic and nothing asked about it: "I want to know about the traffic", "tell me about security". */
    private static final String VAGUE = "\\b(?:know|hear|learn|tell me|tell us|info|information|something|anything|details|insight|insights)\\s+(?:more\\s+)?"
            + "(?:about|on|regarding|around)\\s+(?:the\\s+|our\\s+|my\\s+)?(?:traffic|security|arcjet|things|stuff|data|situation|site|sites)\\b";

    /** Whether the words name a kind of thing the vendor lists (a rule, a policy), so the question is about one of them. */
    private boolean namesListedThing(String words) {
        return semantics.lookups().values().stream().anyMatch(l -> l.list() != null && has(words, l.words()));
    }

    /** How a sentence that asks for something starts ("how …", "could you …", "show me …"), after an optional greeting. */
    private static final String ASKING = "^(?:(?:so|ok|okay|hey|hi|hello|and|also|now|then|right|quick one|quick q)[,!:\\s]+)*"
            + "(?:how|what|what's|whats|which|who|when|where|why|is|are|was|were|did|do|does|can|could|would|will|should|show|give|list|tell|find|pull|get|grab|"
            + "compare|count|break|plot|chart|graph|rank|sort|tally|calculate|work out|run|check|look|send|summari[sz]e|please|pls|i need|i want|i'd like|we need|need|any|anything)\\b";
    /** A statement that still asks ("I'm curious how many IPs …", "I wonder whether …"): not a story. */
    // ("the bot campaign, which kicked off six days ago": "which" after a comma only relates, it asks nothing.)
    private static final String ASKS_INSIDE = "\\b(?:how many|how much|how often|(?<!,\\s)which|what|whether|show|list|count|compare|"
            + "tell me|give me|number of|find|see if|check if|is there|are there|(?:i need|i want|i'd like|we need)(?!\\s+to\\s+(?:be\\s+(?:sure|certain)|make sure|double[- ]check)))\\b";
    /** A sentence that only greets or sighs ("Hi!", "Ugh,"). */
    private static final String GREETING = "^\\s*(?:hi|hey|hello|hiya|ugh|hmm+|ok|okay|so|right|morning|good morning|thanks|yo)\\s*[!.,]*\\s*$";
    /** A sentence after the question that says why it is asked ("Trying to size things before the next drop", "Need it for Monday"). */
    private static final String WHY_ASKED = "^\\s*(?:(?:i'm|i am|we're|we are|just|i|we)\\s+)?(?:trying to|want to|wanna|need to|need it|need this|"
            + "need the number|hoping to|planning to|so i can|so we can|thanks|thank you|cheers|asking because|it's for|this is for)\\b(?![^?]*\\?)";
    private static final String PRODUCT_KEYS = "\\b(?:game |product |licen[cs]e |activation |gift |steam |cd )?keys?[- ](?:redemptions?|redeem\\w*)\\b"
            + "|\\bkeys?\\s+(?:\\w+\\s+){0,2}?redeemed\\b|\\b(?:licen[cs]e|product|game|activation|cd|steam|gift)[- ]keys?\\b";
    /** A sentence that names a day to come ("the board meets tomorrow", "our launch is next week"). */
    private static final String FUTURE_EVENT = "\\b(?:tomorrow|tommorow|tomorow|next (?:week|month)|later this week)\\b";
    /** Words by which a sentence about a day to come asks about it ("how many will we get tomorrow", "forecast next week"). */
    private static final String ASKS_ABOUT_THE_FUTURE = "\\b(?:how|what|which|who|will|would|forecast\\w*|predict\\w*|expect\\w*|estimat\\w*|project\\w*"
            + "|going to|gonna|show|give|list|tell|count)\\b";
    /** ", the day the signup attack started", ", when the incident began": after a date or period, what happened then. */
    private static final String WHEN_IT_HAPPENED = "(?<=\\d|\\w{3}day|week|month|utc|am|pm|\\d(?:st|nd|rd|th)),\\s*(?:the\\s+(?:day|night|morning|week|date|hour)|when)\\s+"
            + "(?:that\\s+)?(?:[^,.?!]{0,50}?\\b(?:started|began|begun|kicked off|happened|hit|landed|peaked|struck|went live|launched|dropped)\\b"
            // ", when we had the attack": the same, said of what the asker went through.
            + "|(?:we|there)\\s+(?:had|saw|got|was|were)\\s+(?:the|an?|that|this|our)\\s+[^,.?!]{0,30}?\\b(?:attack|incident|outage|spike|campaign|surge|flood)s?\\b)";
    /** "Checking whether the morning ramp looks normal.": what the asker will do with the answer, after it. */
    private static final String WHY_CHECKING = "^\\s*(?:(?:i'm|i am|we're|we are|just)\\s+)?(?:checking|seeing|wondering|trying to see|want to see|to see)\\s+(?:whether|if|that|how)\\b(?![^?]*\\?)";
    /** "on that day", "that week": a question pointing back at the period a story named, and nothing else. */
    private static final String POINTS_BACK_IN_TIME = "\\b(?:on|during|in|for|over)?\\s*(?:that|the same)\\s+(?:day|date|week|weekend|hour|morning|night)\\b";
    /** Words by which a question points back at what a story said ("which IPs were behind it"). */
    private static final String POINTS_BACK = "\\b(?:it|its|them|those|these|there|they)\\b"
            + "|\\b(?:that|this|the same)\\s+(?:one(?!\\s+(?:day|hour|week|night|morning|month)\\b)|ip|path|page|endpoint|attack|thing|campaign|spike|rule|site|bot|request)\\b";

    /**
     * The question without the statements told before it ("We had a complaint from someone on a VPN.", "Something weird has
     * been going on with our sign-up page lately."): their words would be read as things asked about. A story's period and
     * site are kept when the question names none, and nothing is dropped when the question points back at the story.
     */
    private String withoutStory(String text, String lowerRaw, List<String> literals) {
        List<String> sentences = new ArrayList<>();
        // "For the quota forecast: what's …": a lead-in saying what the answer is for is told, not asked.
        String split = Regex.replaceFirst(text, LEAD_IN, "$1. ");
        // A sentence ends at a stop followed by a space; "i.e.", "e.g." and the dots of an IP address end none.
        Matcher m = Regex.of("(?:[^.!?]|(?<=\\b(?:i\\.e|e\\.g|vs|etc))\\.|[.!?](?!\\s|$))+[.!?]*").matcher(split);
        while (m.find()) {
            sentences.add(m.group());
        }
        // "The committee meets tomorrow.", "Event is coming next week.": when the answer is needed, told beside the question; it asks for no forecast.
        List<String> present = sentences.stream().filter(sentence -> !Regex.find(sentence, FUTURE_EVENT) || sentence.contains("?")
                || Regex.find(sentence, ASKS_ABOUT_THE_FUTURE)).toList();
        if (!present.isEmpty() && present.size() < sentences.size()) {
            sentences.retainAll(present);
            text = String.join("", sentences);
        }
        // "… per hour yesterday? Trying to size things before the next drop": why it is asked, said after the question, asks nothing.
        int said = sentences.size();
        while (sentences.size() > 1 && (sentences.get(sentences.size() - 2).strip().endsWith("?") && Regex.find(sentences.get(sentences.size() - 1), WHY_ASKED)
                || Regex.find(sentences.get(sentences.size() - 1), WHY_CHECKING))) {
            sentences.remove(sentences.size() - 1);
        }
        if (sentences.size() < said) {
            text = String.join("", sentences);
        }
        int story = 0;
        while (story < sentences.size() - 1 && (Regex.matches(sentences.get(story), GREETING)
                || !sentences.get(story).contains("?") && Regex.matches(sentences.get(story).strip(), ".*[.!]$")
                && !Regex.find(sentences.get(story).strip(), ASKING) && !Regex.find(sentences.get(story), ASKS_INSIDE)
                && Regex.split(sentences.get(story).strip(), "\\s+").length >= 3)) {
            story++;
        }
        String question = String.join("", sentences.subList(story, sentences.size()));
        // "How many requests did prod get on that day?": the story only gives the day.
        String besidesItsDay = Regex.replaceAll(question, POINTS_BACK_IN_TIME, " ");
        boolean onlyItsDay = !besidesItsDay.equals(question);
        // "Can you check /api/signup … how many requests hit it": "it" is what the question itself names.
        String[] firstWords = Regex.split(question.strip(), "\\s+");
        String opening = String.join(" ", List.of(firstWords).subList(0, Math.min(3, firstWords.length)));
        int asksFrom = lowerRaw.indexOf(opening);
        // ("find whichever IP has the most denials and show me the paths it's been hammering": "it" is the question's own IP.)
        Matcher pronoun = Regex.of("\\b(?:it|its|it's|them|they|those|these|there)\\b").matcher(question.toLowerCase(Locale.ROOT));
        String beforePronoun = pronoun.find() ? " " + question.toLowerCase(Locale.ROOT).substring(0, pronoun.start()) + " " : "";
        boolean namesItsOwn = asksFrom >= 0 && literals.stream().anyMatch(l -> lowerRaw.indexOf(l, asksFrom) >= 0)
                || semantics.dimensions().values().stream().anyMatch(d -> d.lookup() != null && has(beforePronoun, d.words().toArray(String[]::new)));
        String pointing = namesItsOwn ? Regex.replaceAll(besidesItsDay, "\\b(?:it|its|them|they|those|these|there)\\b", " ") : besidesItsDay;
        // "Quick one before I send the client their monthly note: how much have they used": a lead-in saying what the answer is
        // for names no record, so a pronoun in the question cannot point back at it.
        boolean leadInOnly = story == 1 && Regex.find(text, LEAD_IN) && literals.stream().noneMatch(l -> sentences.get(0).contains(l));
        if (story == 0 || !leadInOnly && Regex.find(pointing, POINTS_BACK) || Regex.split(question.strip(), "\\s+").length < 4) {
            return text;
        }
        if (onlyItsDay) {
            question = besidesItsDay;
        }
        // The story's period and site go before the question, where a scope is read ("on prod, for the last 7 days, how many …").
        String asked = question;
        boolean keepsStoryPeriod = onlyItsDay || TimeWindows.findAll(asked, zone, now).isEmpty();
        StringBuilder kept = new StringBuilder();
        for (String told : sentences.subList(0, story)) {
            if (keepsStoryPeriod) {
                // (A bare weekday is a period only where it is said as one: "on tuesday".)
                TimeWindows.findAll(told, zone, now).forEach(f -> kept.append(Regex.matches(f.window().phrase(), "(?i)[a-z]+day") && !Regex.matches(f.window().phrase(), "(?i)to(?:day|morrow)|yesterday")
                        ? "on " : "").append(f.window().phrase()).append(' '));
            }
            for (List<String> environment : semantics.sites().environments().values()) {
                environment.stream().filter(w -> containsPhrase(told, w) && !containsPhrase(asked, w)).findFirst().ifPresent(w -> kept.append("on ").append(w).append(' '));
            }
        }
        return kept.isEmpty() ? asked : kept.toString().strip() + ", " + asked.strip();
    }

    /**
     * Shorthand and slips read as their words, compiled once (every question and every part is cleaned): "48h ago -> 24h ago"
     * (an arrow between two times reads "to"), "kinda", "wen", "which bad bots", "the hole site", "per min".
     */
    private static final List<Map.Entry<Pattern, String>> SHORTHAND = List.of(
            Map.entry(Pattern.compile("(\\bago|\\d\\s*[a-z]{0,5})\\s*(?:->|=>|→)\\s*(?=(?:t\\s*-\\s*|now\\s*-\\s*)?\\d)"), "$1 to "),
            Map.entry(Pattern.compile("\\bkinda\\b"), "kind of"),
            Map.entry(Pattern.compile("\\bsorta\\b"), "sort of"),
            Map.entry(Pattern.compile("^\\s*wen\\b"), "when"),
            Map.entry(Pattern.compile("\\b(which|what)\\s+(?:bad|good|malicious|known|verified|unverified|suspicious|nasty|evil|automated|ai|search)\\s+(bots|crawlers|scrapers)\\b"), "$1 $2"),
            Map.entry(Pattern.compile("\\bhole(?=\\s+(?:site|sites|week|day|month|year|thing|lot|period|org|organi[sz]ation|team|account|traffic)\\b)"), "whole"),
            Map.entry(Pattern.compile("\\b(per|each|every) (?:mins?|minutes)\\b"), "$1 minute"),
            Map.entry(Pattern.compile("\\b(per|each|every) (?:hrs?|hours)\\b"), "$1 hour"),
            Map.entry(Pattern.compile("\\b(per|each|every) secs?\\b"), "$1 second"),
            Map.entry(Pattern.compile("\\b(minute|hour|day|week|month)-by-\\1\\b"), "$1 by $1"),
            Map.entry(Pattern.compile("\\bincl\\b\\.?"), "including"),
            Map.entry(Pattern.compile("\\bexcl\\b\\.?"), "excluding"),
            // "how many reqs today n whats the deny rate": "n" typed for "and" between words.
            Map.entry(Pattern.compile("(?<=[a-z?]) n (?=[a-z])"), " and "),
            Map.entry(Pattern.compile("\\btl;?dr\\b"), "summary"),
            Map.entry(Pattern.compile("\\bsus\\b"), "suspicious"),
            // "a one-page summary": how long the answer should be, not a page of the site.
            Map.entry(Pattern.compile("\\b(?:one|1|single|two|2)-page\\b"), "short"));

    private static final String LEAD_IN = "^(\\s*(?i:(?:quick one|quick question|real quick|one thing|just checking|small one)\\s*,?\\s*)?"
            + "(?i:for|re|regarding|ahead of|before)\\s+[^:.!?]{1,50}?)\\s*:\\s+(?=\\S)";

    /** "across all our sites", "both acme sites", "the sites combined": every site the user can see. */
    private static boolean saysEverySite(String words) {
        return has(words, "both sites", "all sites", "all our sites", "across sites", "across all sites", "every site", "all environments",
                "all of our sites", "all of the sites", "all the sites", "across our sites", "each site", "each of our sites", "all of our environments",
                "two sites", "both our sites", "both of our sites", "both of the sites", "sites combined", "sites together", "on any site",
                "on any of our sites", "on any of the sites", "any of our sites")
                || has(words, "combined", "together", "in total") && has(words, "sites", "environments")
                || Regex.find(words, EVERY_SITE);
    }

    /** "both acme sites", "all three of our environments": every site, named with a word between. */
    private static final String EVERY_SITE = "\\b(?:both|all|every|each)\\s+(?:of\\s+)?(?:our\\s+|the\\s+|my\\s+)?(?:two\\s+|three\\s+)?(?:of\\s+(?:our|the|my)\\s+)?"
            + "(?:[a-z][\\w-]*\\s+)?(?:sites|environments)\\b";

    /** "which of our Arcjet sites", "which of the two sites": every site, a word between. */
    private static final String WHICH_OF_OUR_SITES = "\\bwhich\\s+of\\s+(?:our|the|my)\\s+(?:[a-z][\\w-]*\\s+)?(?:sites|environments|apps)\\b";
    private static final String PART_BREAK = ",?\\s+and\\s+(?:how|what|which|who|where)\\b|\\?\\s+\\S|;\\s+|\\bthen\\b|\\s\\+\\s";

    /** "Thoughts?", "what do you think?": asking for an opinion. */
    private static final String OPINION = "\\b(?:thoughts|any thoughts|what do you think|your take|any ideas|ideas|opinions?)\\s*[?!.]*\\s*$";

    /** "the thing from before", "the one we looked at earlier": something an earlier conversation named. */
    private static final Pattern FROM_BEFORE = Pattern.compile("\\b(?:the|that)\\s+(?:thing|one|stuff|issue|problem)\\s+(?:from\\s+(?:before|earlier)|"
            + "(?:we|you|i)\\s+(?:talked about|discussed|looked at|saw|mentioned|checked)\\s+(?:before|earlier|last time))\\b"
            // "can you do the usual thing for the api one": a habit of an earlier conversation, which is not kept.
            + "|\\b(?:do|run|give me|pull|send)\\s+(?:me\\s+)?(?:the|our|my)\\s+usual\\b|\\bsame\\s+as\\s+(?:always|usual|last time)\\b");

    /** A floor on a ranked figure: "100+ denials", "more than 200 requests", "at least 50 bot denials". */
    /** "more than a tenth of all the blocks", "over 20% of denials": a share of the whole a row must pass. */
    private static final Pattern SHARE_THRESHOLD = Pattern.compile("\\b(?:more than|over|above|greater than|at least|>)\\s*(a tenth|one tenth|a fifth|one fifth|a quarter|one quarter|a third|one third|half|"
            + "(\\d{1,2}(?:\\.\\d+)?)\\s*(?:%|percent|per cent|pct))\\s+of\\s+(?:all\\s+)?(?:the\\s+|our\\s+)?(?:total\\s+)?([a-z]+)");
    /** "excluding AS14061/AS16276", "except AS24940 and AS16276": networks named by their AS numbers, left out. */
    private static final Pattern EXCEPT_NETWORKS = Pattern.compile("\\b(?:excluding|except(?:\\s+for)?|not counting|leaving out|without|minus|ignoring|ignore|exclude)\\s+"
            + "(?:the\\s+)?(?:networks?\\s+|asns?\\s+)?as\\s?\\d{1,10}(?:\\s*(?:/|,|and|&|or)\\s*as\\s?\\d{1,10})*");
    private static final Pattern THRESHOLD = Pattern.compile("(?:\\b(more than|over|above|greater than|at least|no fewer than|>=?)\\s*)?(?<!top-)(?<!top )(?<!first )(?<!last )\\b(\\d[\\d,]*)(?:\\s*\\+|\\s+or more|\\s+plus)?"
            + "(?=\\s+(?:\\w+\\s+)?(?:denials?|denied|blocks?|blocked|requests?|reqs|hits?|calls?|challenges?|challenged)\\b)");

    /** "our blog posts", "the docs pages": the site's paths under that first segment, when there are several; else none. */
    private List<String> pathSection(String words) {
        Matcher m = PATH_SECTION.matcher(words);
        while (m.find()) {
            String segment = "/" + m.group(1) + "/";
            List<String> under = catalog.keys("path", zone, now).stream().filter(k -> k.toLowerCase(Locale.ROOT).startsWith(segment)).sorted().toList();
            if (under.size() >= 2) {
                // Its words are understood, and so is the sum they ask for.
                lastWords = Regex.replaceAll(lastWords.replace(m.group(), " "), "\\b(?:combined|together|altogether|in total)\\b", " ");
                return under;
            }
        }
        return List.of();
    }

    private static final Pattern PATH_SECTION = Pattern.compile("\\b([a-z][a-z0-9-]{2,})\\s+(?:posts|pages|articles|guides|entries|sections?)\\b");

    /** A row of a dimension named in words, and where its word is in the question. */
    private record Named(String key, int from, int to) {
    }

    /** A value of a listed dimension, named in words, and where those words are in the (lower-case) question. */
    private record NamedValue(String dimension, String key, int from, int to) {
    }

    /** The pattern of a listed value's name ("googlebot"), built once: every question is searched for every name. */
    private static final Map<String, Pattern> VALUE_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    /** "did we block Googlebot": the longest name a listed dimension gives one of its values; null when none is named. */
    private NamedValue namedListingValue(String lower) {
        NamedValue best = null;
        for (Map.Entry<String, Semantics.Dimension> d : semantics.dimensions().entrySet()) {
            if (!d.getValue().listing()) {
                continue;
            }
            for (Map.Entry<String, List<String>> value : d.getValue().names().entrySet()) {
                for (String name : value.getValue()) {
                    // Hundreds of names, and a question names one or two: the plain text is looked for first.
                    if (!lower.contains(name)) {
                        continue;
                    }
                    Matcher m = valueName(name).matcher(lower);
                    if (m.find() && (best == null || m.end() - m.start() > best.to() - best.from())) {
                        best = new NamedValue(d.getKey(), value.getKey(), m.start(), m.end());
                    }
                }
            }
        }
        // ("how many requests did GPTBot and ClaudeBot make": a count of both, unless they are set against each other.)
        boolean counted = has(lower, "how many", "number of") && !has(lower, COMPARE) && !has(lower, "each", "respectively", " or ", "more", "fewer", "than");
        return best == null || !Regex.find(lower, TOGETHER) && !has(lower, "both") && !counted ? best : withNextTo(best, lower);
    }


    /** What stands between two names said side by side ("GPTBot and ClaudeBot", "gptbot, the claudebot"). */
    private static final String JOINED = "\\s*(?:,|and|&|\\+|plus|or)\\s*(?:the\\s+)?";

    /** A value's name as a whole word, built once per name. */
    private static Pattern valueName(String name) {
        return VALUE_NAMES.computeIfAbsent(name, n -> Regex.of("(?<![\\w-])" + Pattern.quote(n) + "(?:'s)?(?![\\w-])"));
    }

    /** "GPTBot and ClaudeBot … both together": two values of the same dimension named side by side, counted as one. */
    private NamedValue withNextTo(NamedValue named, String lower) {
        for (Map.Entry<String, List<String>> value : semantics.dimensions().get(named.dimension()).names().entrySet()) {
            if (value.getKey().equals(named.key())) {
                continue;
            }
            for (String name : value.getValue()) {
                if (!lower.contains(name)) {
                    continue;
                }
                Matcher other = valueName(name).matcher(lower);
                while (other.find()) {
                    if (other.start() >= named.to() && Regex.matches(lower.substring(named.to(), other.start()), JOINED)) {
                        return new NamedValue(named.dimension(), named.key() + "|" + value.getKey(), named.from(), other.end());
                    }
                    if (other.end() <= named.from() && Regex.matches(lower.substring(other.end(), named.from()), JOINED)) {
                        return new NamedValue(named.dimension(), value.getKey() + "|" + named.key(), other.start(), named.to());
                    }
                }
            }
        }
        return named;
    }

    /** The pattern of a word before a dimension's nouns, built once per list of nouns. */
    private static final Map<List<String>, Pattern> NAMED_BEFORE = new java.util.concurrent.ConcurrentHashMap<>();

    /** Words that sit before "endpoint" or "page" without naming one ("the busiest endpoint", "which page"). */
    private static final Set<String> NOT_A_NAME = Set.of("the", "a", "an", "this", "that", "which", "what", "each", "every", "any", "one",
            "our", "your", "my", "their", "its", "same", "other", "top", "busiest", "most", "least", "main", "single", "specific",
            "whole", "public", "internal", "prod", "production", "staging", "live", "new", "old", "and", "or", "of", "per", "by",
            "api", "rest", "http", "web", "landing", "home",
            // (verbs of showing before a noun: "chart requests per hour" is not /api/cart)
            "chart", "graph", "plot", "table", "list", "show", "count", "total", "many");

    /**
     * A row named by a word before one of the dimension's nouns ("the chekout endpoint", "the pricing
     * page"): the one live key with a part within a typo of the word, an API path preferred for "api"
     * and "endpoint", another for "page". Null when the word names none or more than one.
     */
    private Named rowNamedInWords(String text, String dimensionName, boolean byAnyNoun) {
        Semantics.Dimension dimension = semantics.dimensions().get(dimensionName);
        if (dimension == null || dimension.namedBefore().isEmpty()) {
            return null;
        }
        Matcher m = NAMED_BEFORE.computeIfAbsent(dimension.namedBefore(), nouns -> Regex.of("\\b([a-z][a-z0-9-]{2,})\\s+(?:"
                + String.join("|", nouns.stream().map(Pattern::quote).toList()) + ")\\b")).matcher(text);
        while (m.find()) {
            String word = m.group(1);
            String noun = text.substring(m.end(1), m.end()).strip();
            // "checkout requests": a noun that says nothing of the kind of path names one only when one path has the word.
            boolean neutral = noun.startsWith("request") || noun.startsWith("traffic") || noun.startsWith("hit") || noun.startsWith("attempt")
                    || noun.startsWith("denial") || noun.startsWith("block") || noun.startsWith("failure")
                    // "the sign-up form": what is blocked on a form is its submission, a request to the API.
                    || noun.startsWith("form");
            if (NOT_A_NAME.contains(word) || TimeWindows.isTimeWord(word) || neutral && !byAnyNoun) {
                continue;
            }
            List<String> found = new ArrayList<>();
            for (String key : catalog.keys(dimensionName, zone, now)) {
                List<String> parts = List.of(Regex.split(key.toLowerCase(Locale.ROOT), "[/_.]+"));
                String joined = Regex.replaceAll(key.toLowerCase(Locale.ROOT), "[^a-z0-9]", "");
                if (parts.contains(word) || word.length() >= 5 && Spelling.nearest(word, parts) != null || word.length() >= 5 && joined.endsWith(word.replace("-", ""))) {
                    found.add(key);
                }
            }
            // "login requests", "login denials": what is requested and denied is the API's endpoint, not the page that shows the form.
            String chosen = onePath(found, noun.startsWith("api") || noun.startsWith("endpoint") || noun.startsWith("call") || neutral);
            if (chosen != null) {
                return new Named(chosen, m.start(1), m.end(1));
            }
        }
        // "IPs that hit checkout", "checkout today: how many reqs": a word after a verb of reaching, or alone before a colon, names a path
        // only as one of its segments, exactly, the API's first.
        Matcher reached = PATH_AFTER_VERB.matcher(text);
        while (byAnyNoun && reached.find()) {
            int g = reached.group(1) != null ? 1 : 2;
            String word = reached.group(g);
            if (NOT_A_NAME.contains(word) || TimeWindows.isTimeWord(word)) {
                continue;
            }
            List<String> found = catalog.keys(dimensionName, zone, now).stream()
                    .filter(key -> List.of(Regex.split(key.toLowerCase(Locale.ROOT), "[/_.]+")).contains(word)).toList();
            String chosen = onePath(found, true);
            if (chosen != null) {
                return new Named(chosen, reached.start(g), reached.end(g));
            }
        }
        return null;
    }

    /** The one path among those a word matches: the only one of the kind asked for (under /api/ or not), else the only one; null when ambiguous. */
    private static String onePath(List<String> found, boolean api) {
        List<String> preferred = found.stream().filter(k -> k.toLowerCase(Locale.ROOT).contains("/api/") == api).toList();
        return preferred.size() == 1 ? preferred.get(0) : found.size() == 1 ? found.get(0) : null;
    }

    private static final Pattern PATH_AFTER_VERB = Pattern.compile("\\b(?:hit|hits|hitting|hammered|hammering|calling|called|targeting|targeted|reaching|reached)"
            + "\\s+(?:the\\s+|our\\s+)?([a-z][a-z0-9-]{3,})\\b|^\\s*([a-z][a-z0-9-]{3,})(?=(?:\\s+[a-z]+)?\\s*:)");

    /** A country the question names, as a value of the dimension keyed by country codes; null when none. */
    private Query.Subject place;

    private record SiteMention(String words, Site site) {
    }

    private SiteMention site(String text) {
        if (sites.isEmpty()) {
            // Nothing to tell a visible site from another: answered for the source's own site.
            return null;
        }
        if (unseenSiteId != null) {
            return new SiteMention(unseenSiteId, null);
        }
        for (Site s : sites) {
            String name = s.name().toLowerCase(Locale.ROOT);
            if (containsPhrase(text, name)) {
                return new SiteMention(name, s);
            }
        }
        // An environment word: "staging", "the prod site".
        for (Map.Entry<String, List<String>> env : semantics.sites().environments().entrySet()) {
            for (String word : env.getValue()) {
                if (!text.contains(word)) {
                    continue;
                }
                Matcher m = Regex.of("\\b(?:the\\s+|our\\s+|on\\s+|in\\s+|for\\s+)?(" + Pattern.quote(word) + ")(?:\\s+(?:site|app|environment|env|server))?\\b").matcher(text);
                if (m.find() && (word.length() > 3 || m.group().contains("site") || m.group().contains("env") || m.group().startsWith("on ")
                        || m.group().startsWith("in ") || m.group().startsWith("the "))) {
                    List<Site> matching = sites.stream().filter(s -> env.getKey().equalsIgnoreCase(s.environment())).toList();
                    Site chosen = matching.isEmpty() ? null
                            : matching.stream().filter(s -> defaultSite != null && s.id().equals(defaultSite.id())).findFirst().orElse(matching.get(0));
                    return new SiteMention(m.group(1), chosen);
                }
            }
        }
        // "the shop", "our store": the team's everyday word for its own site, the source's own one.
        if (defaultSite != null) {
            for (String own : semantics.sites().ownWords()) {
                if (!text.contains(own)) {
                    continue;
                }
                Matcher m = Regex.of("\\b(?:the|our|my)\\s+(" + Pattern.quote(own) + ")(?:'s)?\\b").matcher(text);
                if (m.find()) {
                    return new SiteMention(m.group(1), defaultSite);
                }
            }
        }
        // A site-like name ("acme-dev", "globex-web", "the Globex site") the user cannot see.
        Matcher named = Regex.of("\\b([a-z0-9]+(?:-[a-z0-9]+)+)\\b").matcher(text);
        while (named.find()) {
            String candidate = named.group(1);
            // ("our busiest T-Mobile IP", "over T-Mobile": a network that carries requests, not a site.)
            boolean network = Regex.matches(candidate, "[a-z]-.*") || Regex.find(text, "\\b(?:over|via|through|thru)\\s+" + Pattern.quote(candidate) + "\\b|\\b"
                    + Pattern.quote(candidate) + "\\s+(?:ips?|ip addresses|addresses|address|networks?|carriers?|isps?|asns?|users|customers|subscribers|phones|devices)\\b");
            if (!network && !vocabularyPhrase(candidate) && !Regex.matches(candidate, "\\d+(-\\d+)*") && (text.contains(candidate + " site") || text.contains("site " + candidate)
                    || text.contains("on " + candidate) || text.contains("for " + candidate) || text.contains("in " + candidate) || text.contains(candidate + "'s")
                    || Regex.matches(candidate, ".*-(prod|production|staging|stage|stg|dev|development|web|app|api|mobile|www|test|qa|site)")
                    || sites.stream().anyMatch(s -> s.name().toLowerCase(Locale.ROOT).split("-")[0].equals(candidate.split("-")[0])))) {
                return new SiteMention(candidate, null);
            }
        }
        Matcher called = Regex.of("\\b(?:the|their|on|for)\\s+([a-z][a-z0-9]{2,30})(?:'s)?\\s+(?:site|websites?|app|environment)\\b"
                // "Globex's site", "globex's guard policies": another company's things, by its name.
                + "|\\b([a-z][a-z0-9]{2,30})'s\\s+(?:[a-z]+\\s+)?(?:site|sites|websites?|app|environment|guard policies|policies|rules|traffic|requests|quota|team|paths|ips"
                + "|bots|denials|blocks|numbers|stats|data)\\b"
                // "how many bot requests did Globex get": another company, as the one that got them.
                + "|\\bdid\\s+([a-z][a-z0-9]{2,30})\\s+(?:get|see|receive|have|block|deny)\\b").matcher(text);
        while (called.find()) {
            String candidate = called.group(1) != null ? called.group(1) : called.group(2) != null ? called.group(2) : called.group(3);
            boolean ours = sites.stream().anyMatch(s -> s.name().toLowerCase(Locale.ROOT).split("-")[0].equals(candidate));
            if (!ours && !vocabulary.contains(candidate) && !FILLER.contains(candidate) && namedListingValue(candidate) == null && !List.of("same", "whole", "main", "other", "new", "our", "your", "my",
                    "this", "that", "busiest", "production", "staging", "development", "prod", "dev", "live", "test", "arcjet", "the", "each", "every", "which",
                    "what", "any", "all", "both", "one", "its", "today", "yesterday", "week", "month", "weekend", "year", "day", "hour", "team", "site",
                    "company", "everyone", "someone", "nobody", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tonight",
                    "morning", "last", "next", "current", "previous", "how", "what", "who", "where", "when", "why", "it", "there", "here", "he", "she",
                    "everything", "nothing", "something", "anyone", "user", "customer", "bot", "attacker", "let", "that", "client", "clients", "customers", "partner",
                    "agency", "boss", "manager", "people", "folks", "company's", "owner", "users", "visitors", "they", "you", "anybody", "everybody", "staging's",
                    "google", "googlebot", "bing", "openai", "shield", "arcjet's", "ours").contains(candidate)) {
                // "the booking site", "our class website": a word for what the site does, written in lower case, is the team's own
                // site; another company is a name ("the Globex site", "Globex's website").
                if (called.group(1) != null && defaultSite != null && !lastQuestion.contains(candidate.substring(0, 1).toUpperCase(Locale.ROOT) + candidate.substring(1))
                        && !lastQuestion.contains(candidate.toUpperCase(Locale.ROOT))) {
                    return new SiteMention(candidate, defaultSite);
                }
                return new SiteMention(candidate, null);
            }
        }
        return null;
    }

    /** Every visible site the question names, by name or environment word, in order. */
    private List<Site> allSites(String text) {
        List<Site> found = new ArrayList<>();
        for (Site s : sites) {
            String name = s.name().toLowerCase(Locale.ROOT);
            boolean byName = containsPhrase(text, name);
            boolean byEnvironment = semantics.sites().environments().getOrDefault(String.valueOf(s.environment()).toLowerCase(Locale.ROOT), List.of()).stream()
                    .anyMatch(w -> w.length() > 3 ? containsPhrase(text, w) : containsPhrase(text, w + " site") || containsPhrase(text, w + "'s")
                            || containsPhrase(text, w + " vs") || containsPhrase(text, "vs " + w) || containsPhrase(text, w + " and") || containsPhrase(text, "and " + w));
            if ((byName || byEnvironment) && !found.contains(s)) {
                found.add(s);
            }
        }
        return found;
    }

    private boolean vocabularyPhrase(String hyphenated) {
        String spaced = hyphenated.replace('-', ' ');
        return vocabulary.containsAll(List.of(spaced.split(" "))) || List.of("rate-limit", "rate-limited", "sign-up", "sign-ups", "dry-run", "e-mail",
                "fail-open", "day-by-day", "pre-prod", "x-forwarded-for", "per-day", "top-10", "top-5").contains(hyphenated);
    }

    private List<String> missing(String words) {
        List<String> found = new ArrayList<>();
        String asked = withoutRequestsTo(words);
        for (Map.Entry<String, List<String>> data : semantics.missingData().entrySet()) {
            if (data.getValue().stream().anyMatch(w -> containsPhrase(asked, w))) {
                found.add(data.getKey());
            }
        }
        return found;
    }

    /** "sign-up attempts", "the signup form", "the donation checkout": requests to a path, which the vendor records; not the sign-ups or donations themselves. */
    private static String withoutRequestsTo(String words) {
        return Regex.replaceAll(words, "\\b[\\w-]+\\s+(?:attempts?|requests?|forms?|endpoints?|pages?|calls?|traffic|flow|checkout|button|widget)\\b", " ");
    }

    /** The missing data as an answer names it: in the asker's own words too when they are their own thing ("revenue (donations)"). */
    private List<String> asNamed(List<String> missing, String words) {
        String asked = withoutRequestsTo(words);
        return missing.stream().map(key -> {
            String said = semantics.missingData().getOrDefault(key, List.of()).stream().filter(w -> containsPhrase(asked, w))
                    .max(Comparator.comparingInt(String::length)).orElse(key);
            String bare = Regex.replaceAll(said, "[^a-z]", "");
            return said.length() >= 6 && !said.contains(" ") && !key.contains(bare) && !bare.contains(Regex.replaceAll(key, "[^a-z]", "")) ? key + " (" + said + ")" : key;
        }).toList();
    }

    /** The filter's values whose words occur, longest phrase first so "rate limit" is not read as "limit". */
    private List<String> values(String filter, String words) {
        Semantics.Filter f = semantics.filters().get(filter);
        if (f == null) {
            return List.of();
        }
        record Hit(String value, int at, int length) {
        }
        List<Hit> hits = new ArrayList<>();
        // "sensitive-info detection" is "sensitive info detection" (same length: positions hold).
        String remaining = Regex.replaceAll(words, "(?<=[a-z])-(?=[a-z])", " ");
        List<Map.Entry<String, String>> phrases = new ArrayList<>();
        f.values().forEach((value, list) -> list.forEach(w -> phrases.add(Map.entry(w, value))));
        phrases.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        for (Map.Entry<String, String> phrase : phrases) {
            int at = indexOfPhrase(remaining, phrase.getKey());
            if (at >= 0) {
                hits.add(new Hit(phrase.getValue(), at, phrase.getKey().length()));
                remaining = remaining.substring(0, at) + " ".repeat(phrase.getKey().length()) + remaining.substring(at + phrase.getKey().length());
            }
        }
        hits.sort(Comparator.comparingInt(Hit::at));
        return new ArrayList<>(new LinkedHashSet<>(hits.stream().map(Hit::value).toList()));
    }

    /** The measure named: a ratio beats its parts, a conclusion beats "requests". */
    private String measure(String words) {
        boolean rate = asksRate(words);
        String best = null;
        int bestLength = 0;
        for (Map.Entry<String, Semantics.Measure> m : semantics.measures().entrySet()) {
            for (String w : m.getValue().words()) {
                if (w.length() > bestLength && containsPhrase(words, w) && !(m.getValue().isRatio() && !rate && !w.contains(" "))) {
                    best = m.getKey();
                    bestLength = w.length();
                }
            }
        }
        if (best != null && semantics.measures().get(best).isRatio()) {
            // "what fraction of requests ended in a challenge": a rate of another conclusion than the one the rate word names.
            Semantics.Measure ratio = semantics.measures().get(best);
            for (Map.Entry<String, Semantics.Measure> m : semantics.measures().entrySet()) {
                if (!m.getValue().isRatio() && m.getValue().conclusion() != null && !ratio.ratioOf().contains(m.getKey())
                        && m.getValue().words().stream().anyMatch(w -> containsPhrase(words, w))) {
                    return m.getKey();
                }
            }
        }
        if (best != null && !"requests".equals(best)) {
            // A conclusion word beats "requests" whatever its length: "denied requests" is denied.
            for (Map.Entry<String, Semantics.Measure> m : semantics.measures().entrySet()) {
                if (m.getValue().isRatio() && rate && semantics.measures().get(best).conclusion() != null
                        && m.getValue().ratioOf().get(0).equals(best)) {
                    return m.getKey();
                }
            }
            return best;
        }
        for (Map.Entry<String, Semantics.Measure> m : semantics.measures().entrySet()) {
            if (m.getValue().conclusion() != null && m.getValue().words().stream().anyMatch(w -> containsPhrase(words, w))) {
                return m.getKey();
            }
        }
        return best;
    }

    /** Whether a share or rate is asked: "rate" in "rate limit" is not one. */
    static boolean asksRate(String words) {
        // "% change", "change in denied count, %": a percent change, not a rate.
        String without = Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(words, "\\brate[- ]?limit\\w*", " "), "(?:%|percent|percentage)\\s+(?:change|increase|decrease|drop|rise)", " "), "\\bby\\s+(?:\\w+\\s+)?(?:what|how many|how much)\\s+(?:%|percent|percentage)", " "), "\\b(change|increase|decrease|growth|drop|rise)\\b([^%,.;?]{0,40}?)(?:,\\s*|\\s+in\\s+|\\s+as\\s+(?:a\\s+)?)?(?:%|percent\\b|percentage\\b)", "$1$2");
        return has(without, RATE);
    }

    /** "the bot … most", per dimension, built once (this runs for every question). */
    private static final Map<String, Pattern> THE_ONE_MOST = new java.util.concurrent.ConcurrentHashMap<>();

    private String dimension(String asked0, boolean hasPath) {
        // "which three bots": the count is the ranking's size, the rows are still "which bots".
        String words = Regex.replaceAll(asked0, WHICH_N, "$1 ");
        String best = null;
        int bestAt = Integer.MAX_VALUE;
        String asked = null;
        int askedAt = Integer.MAX_VALUE;
        for (Map.Entry<String, Semantics.Dimension> d : semantics.dimensions().entrySet()) {
            for (String w : d.getValue().words()) {
                int at = indexOfPhrase(words, w);
                if (at >= 0 && modifiesAnother(d.getKey(), words.substring(at + w.length()))) {
                    // "source countries": the countries, "source" only says which.
                    continue;
                }
                if (at >= 0 && at < bestAt && !(d.getKey().equals("reason") && w.equals("why") && hasPath)) {
                    best = d.getKey();
                    bestAt = at;
                }
                if (at < 0) {
                    // The word is not there: no pattern to build (this runs for every dimension word of every question).
                    continue;
                }
                // "which path ...", or "the IP with the most denials - from which country is it": the ranked rows come first.
                Matcher which = Regex.of("\\b(?:which|what|whichever)\\s+(?:single\\s+|one\\s+)?" + Pattern.quote(w) + "\\b"
                        + "|\\b(?:the|our)\\s+" + Pattern.quote(w) + "\\s+(?:with|that had|that got|having)\\s+(?:the\\s+)?(?:most|highest|biggest|largest|greatest)\\b").matcher(words);
                if (which.find() && which.start() < askedAt) {
                    asked = d.getKey();
                    askedAt = which.start();
                }
            }
        }
        if (asked == null) {
            // "what's the bot getting blocked most": the one row of that dimension ranked first.
            for (String key : semantics.dimensions().keySet()) {
                Matcher theOne = THE_ONE_MOST.computeIfAbsent(key, k -> Regex.of("\\bthe\\s+" + Pattern.quote(k.toLowerCase(Locale.ROOT))
                        + "\\s+(?!rule|rules|detection|protection|traffic|requests|denials|blocks)(?:[\\w']+\\s+){1,4}?(?:the\\s+)?most\\b")).matcher(words);
                if (theOne.find() && theOne.start() < askedAt) {
                    asked = key;
                    askedAt = theOne.start();
                }
            }
        }
        // "where are the bots concentrating? Which single path ...": the rows a "which" names, before any other mention.
        return asked != null ? asked : best;
    }

    /** Whether the words right after a dimension's word are another dimension's plural noun, which the first word then modifies. */
    private boolean modifiesAnother(String dimension, String after) {
        for (Map.Entry<String, Semantics.Dimension> other : semantics.dimensions().entrySet()) {
            if (!other.getKey().equals(dimension) && other.getValue().words().stream()
                    .anyMatch(w -> w.endsWith("s") && w.length() > 3 && after.contains(w) && Regex.matches(after, "^\\s+" + Pattern.quote(w) + "\\b.*"))) {
                return true;
            }
        }
        return false;
    }

    /** Words that ask about one configured thing rather than about traffic. */
    private static final List<String> ABOUT_ONE = List.of("what does", "what's the", "what is the", "configured", "config", "configuration",
            "expression", "settings", "setting", "check", "checks", "describe", "look up", "details", "version", "last changed", "changed", "inputs",
            "input", "mode", "enforcing", "only watching", "let through", "lets through", "keep out", "threshold", "largest", "max", "maximum",
            "guards", "guard", "read", "stay local", "exposure", "what kind", "which kinds", "live", "enabled", "active", "dry run", "turned on",
            "switched on", "still on", "set to", "what types", "which types", "what kinds", "types of", "kinds of", "set up to",
            "limits", "limit", "allow", "allows", "allowing", "cap", "stay", "local", "burst", "capacity", "refill", "sorts of", "allow list", "allowlist",
            "categories", "going out", "let slide", "lets slide", "let in", "lets in", "wave through", "waves through");

    /** The longest stretch read hour by hour (a week): beyond it, a series is read day by day. */
    private static final int MOST_HOURS = 7 * 24;

    /** "which rule is …", "what policy is …": a question that picks rows of a list by a condition. */
    private static final String WHICH_ONE = "\\b(?:which|what)\\s+(?:\\w+\\s+)?(?:rule|rules|policy|policies)\\s+(?:is|are|was|were)\\b";

    /** The report listing an entity ("rule" → the rules), or null. */
    private String listOf(String entity) {
        Semantics.Lookup l = semantics.lookups().get(entity);
        return l == null || l.list() == null ? null : semantics.reports().entrySet().stream()
                .filter(r -> r.getValue().tool().equals(l.list().tool()) && r.getValue().rows() != null).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** An entity listed by the vendor and named here in words, unless the question asks for the whole list or counts traffic. */
    private Reading column(String text, String words) {
        for (Semantics.Dimension d : semantics.dimensions().values()) {
            for (Map.Entry<String, List<String>> field : d.fields().entrySet()) {
                for (String w : field.getValue()) {
                    if (!words.contains(w)) {
                        continue;
                    }
                    Matcher asked = Regex.of("\\b(?:which|what)\\s+(?:\\w+\\s+)?" + Pattern.quote(w) + "\\b").matcher(words);
                    // ("the ten IPs we denied most - which countries are they from": the rows named before, pointed back at.)
                    if (!asked.find() || !has(words.substring(asked.end()), d.words().toArray(String[]::new))
                            && !(has(words.substring(0, asked.start()), d.words().toArray(String[]::new))
                                    && Regex.matches(words.substring(asked.end()), "\\s+(?:(?:are|were|do|did)\\s+)?(?:they|those|these|those ones)\\b.*"))
                            // "which country was the worst offender": the country is what is ranked, not a column of ranked IPs.
                            || Regex.matches(words.substring(asked.end()), "\\s+(?:was|is|were|are)\\s+(?:the\\s+)?(?:worst|top|biggest|main|leading|largest|noisiest|busiest)\\b.*")) {
                        continue;
                    }
                    // The rows are what the question says without the field: "do our 10 busiest IPs come from".
                    List<String> kept = new ArrayList<>();
                    boolean dropped = false;
                    for (String token : Regex.split(text, "\\s+")) {
                        String bare = Regex.replaceAll(token.toLowerCase(Locale.ROOT), "[^a-z]", "");
                        if (!dropped && (bare.equals(w) || bare.length() >= 5 && w.equals(Spelling.nearest(bare, List.of(w))))) {
                            dropped = true;
                            continue;
                        }
                        kept.add(token);
                    }
                    String rest = Regex.replaceAll(String.join(" ", kept), "(?i)\\b(?:are|is|was|were)\\s+behind\\b", " ");
                    Reading rows = new QuestionParser(semantics, catalog, zone, now).read(rest);
                    boolean listed = rows.query() instanceof Query.Breakdown b && d.equals(semantics.dimensions().get(b.dimension()))
                            || rows.query() instanceof Query.Report r && r.section() != null && d.lookup() != null
                            && d.lookup().equals(semantics.reports().get(r.report()).entities().get(r.section()));
                    if (dropped && listed) {
                        List<String> understood = new ArrayList<>(rows.understood());
                        understood.add("the " + Formats.words(field.getKey()) + " of those rows");
                        return reading(new Query.Column(rows.query(), field.getKey()), understood, rows.ignored(), Math.min(rows.confidence(), 0.8));
                    }
                }
            }
        }
        return null;
    }

    /** The entity a later part points back to by name ("that IP", "its address"): a dimension that can be looked up. */
    /** "who was … and where are they coming from": the client asked about, by where it is. */
    /** "… I mean", "… or rather", "… sorry,": what comes next corrects what was said before. */
    /** A part that only says what the one before meant ("like denied stuff", "i mean the blocked ones", "as in …"). */
    private static final Pattern CLARIFIES = Pattern.compile("^\\s*(?:like|i mean|i meant|as in|ie|i\\.e\\.?|meaning)\\b(?!\\s+(?:how|what|which|who|why|when|where|is|are|was|were|did|do|does)\\b)");
    /** A part that asks how a figure moved against another period ("the change in percent against the week before"). */
    private static final String CHANGE_AGAINST = "\\b(?:change|changed|difference|up or down|growth|grew)\\b.*\\b(?:against|vs|versus|compared (?:to|with)|from|over|than)\\b";
    /** A would-be block, its words brought together by WOULD_APART. */
    private static final String WOULD_HAVE = "\\bwould have (?:been )?(?:blocked|stopped|denied|caught|flagged)\\b";
    /** "per IP", "does one IP send", "each client": one row of a dimension, as a unit an average is taken over. */
    private static final Pattern PER_ROW = Pattern.compile("\\b(?:per|each|one|a single|every|an|a)\\s+(ip|ip address|address|client|visitor|source ip)\\b(?!\\s+(?:range|ranges|block|list))");
    /** "the most-denied IP …, its latest request": a ranked IP first, then a request of its own. */
    private static final Pattern TOP_IP_THEN_ITS = Pattern.compile("\\b(?:most[- ]denied|most[- ]blocked|most[- ]active|busiest|noisiest|top|worst|sketchiest)\\s+ip\\b"
            + "(?=.*\\b(?:its|that ip's|their|from it|from that ip)\\s+(?:(?:very\\s+)?(?:latest|most recent|last|newest)))");
    private static final String CORRECTION = "\\b(?:i mean|i meant|or rather|i\\.e\\.?|sorry,?|correction:?)\\s*,?\\s*";
    /** A name in quotes ("'Fetched pages'", "“Support agent email”"), not an apostrophe inside a word. */
    private static final Pattern QUOTED_NAME = Pattern.compile("(?<![\\w'’])['‘\"“]([^'‘’\"“”?!.]{3,40})['’\"”](?![\\w])");
    /** "that rule's configured max", "its rule's limit": the rule a request names. */
    private static final String ITS_RULE = "\\b(?:that|the same|this|its|the)\\s+rule'?s\\b|\\bof\\s+(?:that|this|the same)\\s+rule\\b";
    /** "which company's network was it coming from", "what ASN did it come from": the network of the request's client. */
    private static final String NETWORK_OF_IT = "\\b(?:what|which|whose)\\s+(?:company'?s?\\s+|provider'?s?\\s+|hosting\\s+)?(?:network|asn|isp|provider|hosting provider|company)\\b"
            + ".{0,30}?\\b(?:it|they|that request|that one|this one)\\b";
    private static final String WHERE_THEY_ARE = "\\bwho\\b.*\\b(?:where|what country|which country|what network|which network|what isp)\\b.{0,30}?\\b(?:they|he|she|them)\\b";

    private String entityReferredTo(String padded) {
        if (Regex.find(padded, WHERE_THEY_ARE) || Regex.find(padded, NETWORK_OF_IT)) {
            // The lookup of the rows a "who" ranks or lists: the clients.
            String clients = semantics.dimensions().values().stream().filter(d -> d.lookup() != null && d.words().contains("clients"))
                    .map(Semantics.Dimension::lookup).findFirst().orElse(null);
            if (clients != null) {
                return clients;
            }
        }
        for (Semantics.Dimension d : semantics.dimensions().values()) {
            if (d.lookup() != null && semantics.lookups().containsKey(d.lookup()) && d.words().stream().filter(w -> !w.endsWith("s"))
                    .anyMatch(w -> Regex.of("\\b(?:that|this|its|the|same)\\s+(?:(?:source|sources|client|clients|sending|originating)\\s+)?"
                            + Pattern.quote(w) + "\\b").matcher(padded).find())) {
                return d.lookup();
            }
        }
        return null;
    }

    /** "dry-run rules", "live policies", "production sites": the rows with that value; "aren't enforced yet" are the ones in dry run. */
    private String onlyRows(String report, String words, String text) {
        if (semantics.reports().get(report).rows() == null && !"sites".equals(report)) {
            return null;
        }
        boolean notLive = Regex.of("\\b(?:not|arent|isnt|aren't|isn't|never|un|as opposed to|rather than|instead of|unlike)\\s*(?:yet\\s+|being\\s+|the\\s+|actually\\s+|really\\s+|currently\\s+)?(?:live|enforced?|enforcing|in force)\\b"
                + "|\\b(?:hasn't|hasnt|has not|haven't|havent|have not|isn't|isnt|not|never)\\s+(?:been\\s+|yet\\s+)*(?:switched|turned|flipped)\\s+on\\b").matcher(words).find();
        boolean notDry = Regex.of("\\b(?:not|arent|isnt|aren't|isn't|no longer|never|rather than|as opposed to|instead of|unlike)\\s+(?:just\\s+|only\\s+|still\\s+|those\\s+|the ones\\s+)?"
                + "(?:running\\s+|sitting\\s+|being\\s+|left\\s+)?(?:in\\s+)?(?:dry[- ]?run|dry mode|logging|log only)").matcher(words).find();
        boolean dry = !notDry && (notLive || has(words, "dry run", "dry-run", "dryrun", "dry mode", "dry running", "dry-running", "only watching", "monitoring only", "only logging",
                "just logging", "logging only", "only logs", "just logs", "log only", "testing mode", "test mode", "in testing", "monitor mode", "monitoring mode"));
        boolean live = !notLive && (notDry || has(words, "live", "enforced", "enforcing", "in force", "being enforce", "actually enforce", "are enforce",
                "currently enforce", "switched on", "turned on", "actually on", "enabled", "actually blocking", "really blocking"));
        return dry && live ? null : dry ? "DRY_RUN" : live ? "LIVE"
                : "sites".equals(report) && has(text, "production ones", "production sites", "prod sites", "are production") ? "production"
                : "sites".equals(report) && has(text, "staging ones", "staging sites", "are staging") ? "staging" : null;
    }

    /** The column of a list named in the plural ("which types", "the modes of our rules"): its distinct values are the answer. */
    private String projected(String report, String words) {
        // Named with the list: "which types of rule", "the rule types", "what modes are our rules in"; not "the rules and their modes",
        // nor "what types of data is the policy set up to block".
        List<String> listWords = semantics.reports().get(report).words().stream().filter(w -> !w.contains(" ")).toList();
        for (Map.Entry<String, List<String>> column : semantics.reports().get(report).fields().entrySet()) {
            for (String field : column.getValue().stream().filter(w -> w.split(" ")[0].endsWith("s")).toList()) {
                if (!words.contains(field)) {
                    // Every way of naming the column below says its word; most questions name none of them.
                    continue;
                }
                for (String list : listWords) {
                    if (words.contains(list) && Regex.of("\\b" + Pattern.quote(field) + "\\s+(?:of\\s+|are\\s+|do\\s+|does\\s+)?(?:the\\s+|our\\s+|all\\s+|its\\s+)?(?:\\w+\\s+)?"
                            + Pattern.quote(list) + "\\b|\\b" + Pattern.quote(list) + "\\s+" + Pattern.quote(field) + "\\b"
                            // "which actions of our agents are covered by a guard policy": the column of the rows that cover them.
                            + "|\\b(?:which|what)\\s+" + Pattern.quote(field) + "\\b.{0,40}?\\b(?:covered|guarded|governed|protected|handled)\\s+by\\s+"
                            + "(?:an?\\s+|the\\s+|any\\s+|our\\s+)?(?:\\w+\\s+)?" + Pattern.quote(list) + "\\b").matcher(words).find()) {
                        return column.getKey();
                    }
                }
            }
        }
        return null;
    }

    /** "the api rate limit: how many requests per minute?": what a limit lets through, not traffic counted. */
    private static boolean asksAllowance(String words) {
        return has(words, "limit") && has(words, "how many requests per", "how many reqs per", "how many calls per", "requests it allow", "requests it allows",
                "requests does it allow", "requests do it allow", "how many requests in how long", "in how long", "in which window", "which window", "what window", "window size", "what time window", "over what time", "time window")
                && !has(words, "blocked", "denied", "deny", "denials", "block", "hit", "triggered", "caught", "stopped", "limited", "got", "did", "were",
                "sent", "saw", "received", "came");
    }

    private String namedEntity(String words) {
        for (Map.Entry<String, Semantics.Lookup> lookup : semantics.lookups().entrySet()) {
            Semantics.Lookup l = lookup.getValue();
            // One thing is named in the singular: "the bot rule", not "which rules" or "the policies".
            // "how many refunds can one actor issue in a burst under the refund policy": a setting, though it says "how many".
            boolean setting = has(words, "burst", "capacity", "refill", "maximum", "at most", "can one", "can a", "allowed to", "is allowed", "for one ip",
                    "per ip", "is allowing", "allow per", "per window", "cap", "max", "largest", "biggest");
            if (l.list() != null && l.sections().keySet().stream().anyMatch(k -> k.endsWith("/max")) && asksAllowance(words)) {
                return lookup.getKey();
            }
            // "the bot rule's allow list" is one rule's setting, not a request for a list.
            String unlisted = Regex.replaceAll(words, "\\b(?:allow|block|deny|white|black)[- ]?list\\b", " ");
            // "the sensitive-info entities the email policy denies": a list of its own named, so one of them.
            if (l.list() != null && has(words, l.words()) && (has(words, ABOUT_ONE) || section(lookup.getKey(), words) != null) && !has(words, "rules", "policies")
                    && (!has(unlisted, "list", "how many", "all the", "all our", "every", "each") && !has(unlisted, COUNT) || setting)) {
                return lookup.getKey();
            }
        }
        return null;
    }

    /** A second ranked dimension joined by "and" ("paths and IPs"). */
    private String secondDimension(String words, String first) {
        if (first == null) {
            return null;
        }
        for (Map.Entry<String, Semantics.Dimension> d : semantics.dimensions().entrySet()) {
            if (d.getKey().equals(first) || d.getValue().listing() || "reason".equals(d.getKey())) {
                continue;
            }
            for (String w : d.getValue().words()) {
                for (String f : semantics.dimensions().get(first).words()) {
                    if (containsPhrase(words, f + " and " + w) || containsPhrase(words, f + " & " + w) || containsPhrase(words, f + " and the " + w)) {
                        return d.getKey();
                    }
                }
            }
        }
        return null;
    }

    /** A weekday found alone ("Tuesday") as that day of last week, or null when there is none. */
    private TimeWindows.Found ofLastWeek(TimeWindows.Found f) {
        String expression = f.window().expression().replace(")", ",week-1)");
        TimeWindows.Window w = TimeWindows.resolve(expression, zone, now);
        return w == null ? null : new TimeWindows.Found(new TimeWindows.Window(expression, f.window().phrase() + " last week", w.start(), w.end()), f.from(), f.to());
    }

    /** The listed entity (rule, policy) an id-like word names, by the words around it or its own parts ("rule_prod_bot"), or null. */
    private String listedEntityNamedBy(String lowerRaw, String idLike) {
        for (Map.Entry<String, Semantics.Lookup> lookup : semantics.lookups().entrySet()) {
            if (lookup.getValue().list() != null && (has(" " + lowerRaw + " ", lookup.getValue().words())
                    || has(" " + idLike.replace('_', ' ') + " ", lookup.getValue().words()))) {
                return lookup.getKey();
            }
        }
        // "Inputs of gpol_prod_refund": the entity whose result holds what is asked about.
        for (Map.Entry<String, Semantics.Lookup> lookup : semantics.lookups().entrySet()) {
            if (lookup.getValue().list() != null && lookup.getValue().sections().values().stream().anyMatch(w -> has(" " + lowerRaw + " ", w))) {
                return lookup.getKey();
            }
        }
        return null;
    }

    /** The listed dimension whose words share a word with a filter value's ("bots": the bot dimension and the BOT reason), or null. */
    private String dimensionSharingWords(String filter, String value) {
        Set<String> valueWords = new java.util.HashSet<>();
        semantics.filters().get(filter).values().getOrDefault(value, List.of()).forEach(w -> valueWords.addAll(List.of(w.split(" "))));
        for (Map.Entry<String, Semantics.Dimension> d : semantics.dimensions().entrySet()) {
            if (d.getValue().listing() && d.getValue().words().stream().flatMap(w -> java.util.Arrays.stream(w.split(" "))).anyMatch(valueWords::contains)) {
                return d.getKey();
            }
        }
        return null;
    }

    /** "The newest rule", "the policy changed most recently": the report whose time column the words name, ordered by it; else null. */
    private Query newest(String site, String words) {
        String report = report(words);
        Semantics.Report r = report == null ? null : semantics.reports().get(report);
        if (r == null || r.rows() == null) {
            return null;
        }
        boolean recent = has(words, "most recently", "most recent", "latest", "newest", "last", "recently", "lately", "just");
        if (!has(words, "which", "what", "newest", "latest", "most recent", "most recently") || has(words, "when")) {
            // "When was the rate limit rule last changed" is about that rule, not which one changed last.
            return null;
        }
        for (Map.Entry<String, List<String>> time : r.times().entrySet()) {
            if (has(words, time.getValue()) && (recent || has(words, "newest"))) {
                return new Query.Report(site, report, null, null, null, time.getKey());
            }
        }
        for (Map.Entry<String, List<String>> most : r.most().entrySet()) {
            if (has(words, most.getValue())) {
                return new Query.Report(site, report, null, null, null, most.getKey());
            }
        }
        return null;
    }

    /** How the row a report is ordered by was chosen: "the latest updated at", "the highest version". */
    private String orderedBy(Query.Report r) {
        return (semantics.reports().get(r.report()).most().containsKey(r.newest()) ? "the highest " : "the latest ") + Formats.words(r.newest());
    }

    private String report(String words) {
        String best = null;
        int bestLength = 0;
        boolean bestGeneral = true;
        for (Map.Entry<String, Semantics.Report> r : semantics.reports().entrySet()) {
            for (String w : r.getValue().words()) {
                boolean general = r.getValue().general().contains(w);
                // The longest words win, but a topic named at all wins over a general report ("the rundown on the dry run").
                boolean better = best == null || bestGeneral && !general || bestGeneral == general && w.length() > bestLength;
                if (better && containsPhrase(words, w)) {
                    best = r.getKey();
                    bestLength = w.length();
                    bestGeneral = general;
                }
            }
        }
        return best;
    }

    private String label(String measure) {
        Semantics.Measure m = semantics.measures().get(measure);
        return m == null ? measure : m.label();
    }

    private static int limit(String words) {
        Matcher m = TOP_N.matcher(words);
        if (m.find() || (m = N_ITEMS.matcher(words)).find()) {
            String n = m.group(1);
            return Math.max(1, Math.min(100, SMALL_NUMBERS.getOrDefault(n, Regex.matches(n, "\\d+") ? Integer.parseInt(n) : n.equals("twenty") ? 20 : 50)));
        }
        return 0;
    }

    /**
     * The period each part is asked over: one period per part, in order, when there are as many; else the period said within the
     * part or in its sentence ("Take the IP we blocked most yesterday. Over the last 30 days, how many requests has it sent, and how
     * many of those were denied?": the later parts are over the 30 days), a part saying none keeping the one before it.
     */
    private List<TimeWindows.Found> periodsOfParts(List<String> parts, List<TimeWindows.Found> windows) {
        if (windows.size() == 1 || windows.size() == parts.size()) {
            return java.util.stream.IntStream.range(0, parts.size()).mapToObj(i -> windows.get(windows.size() == parts.size() ? i : 0)).toList();
        }
        List<TimeWindows.Found> first = java.util.Collections.nCopies(parts.size(), windows.get(0));
        int[] starts = new int[parts.size()];
        int[] ends = new int[parts.size()];
        int from = 0;
        // (The sentence ends are gone from the text by now: where a period stands says whose it is.)
        for (int i = 0; i < parts.size(); i++) {
            String[] w = Regex.split(parts.get(i).strip(), "\\s+");
            String opening = String.join(" ", java.util.Arrays.copyOfRange(w, 0, Math.min(2, w.length)));
            String closing = String.join(" ", java.util.Arrays.copyOfRange(w, Math.max(0, w.length - 2), w.length));
            int start = lastNormalized.indexOf(opening, from);
            int end = start < 0 ? -1 : lastNormalized.indexOf(closing, start);
            if (end < 0) {
                return first;
            }
            starts[i] = start;
            ends[i] = end + closing.length();
            from = ends[i];
        }
        TimeWindows.Found[] owned = new TimeWindows.Found[parts.size()];
        for (TimeWindows.Found window : windows) {
            int at = window.from() + 1;
            int owner = 0;
            for (int i = 0; i < parts.size(); i++) {
                if (starts[i] <= at) {
                    owner = i;
                }
            }
            // Said between two parts and leading into the next ("… the most yesterday. Over the last 30 days, how many …"): the next part's.
            int after = Math.min(window.to() + 1, lastNormalized.length());
            if (at >= ends[owner] && owner + 1 < parts.size() && after <= starts[owner + 1]
                    && !lastNormalized.substring(ends[owner], at).isBlank() && Regex.matches(lastNormalized.substring(after, starts[owner + 1]), "[\\s,:;-]*")) {
                owner++;
            }
            if (owned[owner] == null) {
                owned[owner] = window;
            }
        }
        List<TimeWindows.Found> periods = new ArrayList<>();
        TimeWindows.Found kept = windows.get(0);
        for (TimeWindows.Found own : owned) {
            kept = own != null ? own : periods.isEmpty() ? kept : periods.get(periods.size() - 1);
            periods.add(kept);
        }
        return periods;
    }

    private Reading combine(List<String> asked, List<TimeWindows.Found> windows, String site, List<String> understood, List<String> ignored) {
        // "traffic, blocks, and what the dry run would have caught": a part that lists figures is one part per figure.
        List<String> parts = new ArrayList<>();
        for (String part : asked) {
            List<String> listed = asked.size() > 1 ? enumeration(part) : List.of(part);
            parts.addAll(listed.size() >= 2 ? listed : List.of(part));
        }
        // "which countries send the most sketchy traffic today? like denied stuff. top 3": a part that only says what the one
        // before meant is read with it.
        for (int i = parts.size() - 1; i > 0; i--) {
            if (CLARIFIES.matcher(parts.get(i)).find()) {
                parts.set(i - 1, parts.get(i - 1) + " " + parts.remove(i).replaceFirst(CLARIFIES.pattern(), " "));
            }
        }
        if (parts.size() < 2) {
            return null;
        }
        // "last 24h vs the 24h before that - what's the % change?": the comparison states its change; not a part of its own.
        if (parts.size() > 1 && Regex.matches(parts.get(parts.size() - 1), CHANGE_ONLY)
                && has(" " + String.join(" ", parts.subList(0, parts.size() - 1)) + " ", COMPARE)) {
            understood.add("\"" + parts.remove(parts.size() - 1).strip() + "\" answered by the comparison");
        }
        // "I'm putting together a slide for the team - how many …": why the asker asks, not a part of the question.
        for (int i = parts.size() - 2; i >= 0; i--) {
            String bare = Regex.replaceAll(" " + parts.get(i) + " ", FOR_WHOM, " ");
            if ((Regex.find(parts.get(i).strip(), ASKER_CONTEXT) || Regex.find(" " + parts.get(i) + " ", FOR_WHOM))
                    && measure(bare) == null && dimension(bare, false) == null && report(bare) == null
                    && !has(bare, "how", "what", "which", "who", "sum up", "summarise", "summarize", "could you", "can you", "show", "give", "tell", "list")) {
                understood.add("\"" + parts.remove(i).strip() + "\" as context");
            }
        }
        if (parts.size() >= 3 && parts.subList(1, parts.size()).stream().allMatch(QuestionParser::aboutAnEarlierAnswer)) {
            // "find the IP denied most, tell me how many requests it sent and why it got blocked": each later part about the first's
            // answer, read as a question of two parts with the first, the first's own answer given once.
            List<Query> each = new ArrayList<>();
            double least = 1;
            String periods = String.join(" ", windows.stream().map(f -> f.window().phrase()).toList());
            Reading first = new QuestionParser(semantics, catalog, zone, now).read(parts.get(0) + " " + periods);
            if (first.query() instanceof Query.Breakdown b) {
                each.add(withSite(b.topRow(), site));
            }
            String counted = null;
            for (String later : parts.subList(1, parts.size())) {
                Reading two = combine(List.of(parts.get(0), later), windows, site, understood, ignored);
                if (two == null) {
                    each = null;
                    break;
                }
                Query got = two.query();
                if (counted != null && has(" " + later + " ", "of those", "of them", "of these", "of which") && got instanceof Query.Chain c
                        && c.then() instanceof Query.Metric m && !counted.equals(m.window())) {
                    // "how many requests it sent over the last 30 days, and how many of those got denied": "those" are the 30 days' requests.
                    got = new Query.Chain(c.first(), c.entity(), m.withWindow(counted));
                }
                counted = got instanceof Query.Chain c && c.then() instanceof Query.Metric m ? m.window() : null;
                each.addAll(got instanceof Query.Parts p ? p.parts() : List.of(got));
                least = Math.min(least, two.confidence());
            }
            if (each != null) {
                List<Query> distinct = new ArrayList<>(new LinkedHashSet<>(each));
                return reading(distinct.size() == 1 ? distinct.get(0) : new Query.Parts(distinct), understood, ignored, least);
            }
        }
        if (parts.size() == 1) {
            // What is left is one question: read whole, its periods put back.
            String periods = String.join(" ", windows.stream().map(f -> f.window().phrase()).toList());
            Reading whole = new QuestionParser(semantics, catalog, zone, now).read(parts.get(0) + " " + periods);
            return whole.query() instanceof Query.Unanswerable ? null : reading(withSite(whole.query(), site), understood, ignored, whole.confidence() * 0.95);
        }
        List<Query> queries = new ArrayList<>();
        double confidence = 1;
        List<String> firstReasons = values("reason", " " + parts.get(0) + " ");
        String firstMeasure = measure(" " + parts.get(0) + " ");
        // A path typed in the question was taken out of its words; it goes back to the part it was cut from, the one
        // left ending in "for", "on", "to" ("p(deny) for /api/signup, and its request count"), else the first.
        String path = lastPaths.size() == 1 ? lastPaths.get(0) : null;
        int pathPart = 0;
        for (int i = 0; i < parts.size(); i++) {
            // ("… if it were switched on": a verb's own word, not a path's place.)
            if (Regex.matches(parts.get(i).strip(), ".*\\b(?:for|on|to|of|at|hitting|against|from|under)$")
                    && !Regex.matches(parts.get(i).strip(), ".*\\b(?:switched|turned|flipped|signed|logged|kept|carried|went|came|going|held|hung)\\s+(?:on|to|at|for)$")) {
                pathPart = i;
                break;
            }
        }
        List<TimeWindows.Found> periods = windows.isEmpty() ? null : periodsOfParts(parts, windows);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            // "this week so far, and what was it for the whole of last week": one period per part, in order.
            String phrase = periods == null ? null : periods.get(i).window().phrase();
            String padded = " " + part + " ";
            String context = path != null && i == pathPart ? part + " " + path : part;
            // A later part shares the first one's subject: "how many were rate limited and which IP was the worst"; not a part about
            // the first one's top row ("the path with most rate-limit denials, and how many requests did it get").
            boolean aboutTopRow = !queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Breakdown && has(padded, "it", "its", "they", "them",
                    "that path", "that ip", "that one", "this one", "that address", "that endpoint", "the same path", "the same ip", "that page", "that url", "that route");
            // ("bots blocked yesterday, and how many got challenged instead": a reason counts denials only, so a later part about another
            // conclusion keeps its own count.)
            String ownMeasure = measure(padded);
            boolean otherConclusion = ownMeasure != null && semantics.measures().get(ownMeasure).conclusion() != null
                    && firstMeasure != null && !ownMeasure.equals(firstMeasure) && semantics.measures().get(firstMeasure).conclusion() != null;
            if (!queries.isEmpty() && values("reason", padded).isEmpty() && !firstReasons.isEmpty() && !aboutTopRow && !otherConclusion) {
                context += " " + semantics.filters().get("reason").values().get(firstReasons.get(0)).get(0);
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Report listed && semantics.reports().get(listed.report()).rows() != null
                    && (has(padded, "of them", "of those", "of these", "which ones", "which one", "any of") || Regex.matches(padded, "\\s*(?:and\\s+)?(?:which|what)\\s+(?:are|is|were)\\b.*")
                    || has(padded, "how many are", "how many were", "how many is") && measure(padded) == null
                    // "# of rules, # live": the count of the list's rows in a mode.
                    || Regex.matches(padded, "\\s*(?:how many|number(?: of)?|count(?: of)?)\\s+(?:are\\s+|is\\s+|were\\s+)?(?:still\\s+|currently\\s+|only\\s+|yet\\s+)?"
                            + "(?:live|enforced|enforcing|in dry[- ]?run|dry[- ]?run\\w*)\\b.*"))) {
                // "how many policies ..., and which of them aren't enforced": still the policies.
                List<String> named = semantics.reports().get(listed.report()).words();
                context += " " + named.stream().filter(w -> w.endsWith("s")).findFirst().orElse(named.get(0));
            }
            if (!queries.isEmpty() && measure(padded) == null && firstMeasure != null && !"requests".equals(firstMeasure)
                    && !has(padded, "busiest", "most requested", "most visited", "most popular", "most active", "most traffic", "hottest")) {
                // ("denials yesterday, and the busiest path": the busiest is by traffic, not by the first part's measure.)
                context += " " + semantics.measures().get(firstMeasure).words().get(0);
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Breakdown previous) {
                // "for that path, what were the reasons": the path is the first part's; the part asks about reasons.
                for (String word : semantics.dimensions().get(previous.dimension()).words()) {
                    context = Regex.replaceAll(context, "\\b(?:that|this|the same|said) " + Pattern.quote(word) + "\\b", "it");
                }
            }
            String periodOfAll = phrase != null && TimeWindows.findAll(part, zone, now).isEmpty() ? " " + phrase : "";
            Reading r = new QuestionParser(semantics, catalog, zone, now).read(context + periodOfAll);
            Matcher unseen = r.query() instanceof Query.Unanswerable u && "site-not-visible".equals(u.reason()) && site != null
                    ? Regex.of("names the site \"([^\"]+)\"").matcher(String.join(" ", r.understood())) : null;
            if (unseen != null && unseen.find()) {
                // "how many rules has the practise site (the staging one) got, and …": the question named its site; the word before "site" only describes it.
                r = new QuestionParser(semantics, catalog, zone, now).read(Regex.replaceAll(context, "\\b" + Pattern.quote(unseen.group(1)) + "\\b", " ") + periodOfAll);
            }
            if (place != null && (i > 0 || !placeInLaterPart) && r.query() instanceof Query.Metric own && own.subject() == null) {
                // "how many came from Germany, and how many of those were denied": every part is about that country.
                r = new Reading(own.withSubject(place), r.understood(), r.ignored(), r.confidence());
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Distinct among && has(padded, "of those", "of them", "of these", "of which")
                    && measure(padded) != null && semantics.measures().get(measure(padded)).conclusion() != null) {
                // "how many different IPs hit /api/login, and how many of those got denied at least once": the same rows, counted among the denied.
                Map<String, String> narrowed = new LinkedHashMap<>(among.filters());
                narrowed.putAll(conclusionFilters(measure(padded), Map.of()));
                understood.add("\"" + part.strip() + "\": the distinct " + Formats.words(among.dimension()) + "s among the " + label(measure(padded)));
                queries.add(new Query.Distinct(among.site(), among.dimension(), narrowed, among.window()));
                continue;
            }
            if (path != null && i > pathPart && r.query() instanceof Query.Metric own && own.subject() == null && !queries.isEmpty()
                    && queries.get(queries.size() - 1) instanceof Query.Metric before && before.subject() != null && path.equals(before.subject().key())
                    && !has(padded, "overall", "in total", "site-wide", "sitewide", "site wide", "whole site", "across the site", "all paths", "everything", "every path", "altogether")) {
                // "requests to /api/signup last week, and how many were denied": the later count is of the same path.
                r = new Reading(own.withSubject(new Query.Subject("path", path)), r.understood(), r.ignored(), r.confidence());
            }
            if (path != null && i > pathPart && r.query() instanceof Query.Breakdown ranked && !"path".equals(ranked.dimension()) && !ranked.filters().containsKey("path")
                    && semantics.listing().filters().contains("path") && !queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Metric before
                    && before.subject() != null && path.equals(before.subject().key()) && has(padded, "of them", "of those", "of these", "behind", "responsible", "they", "them")) {
                // "login denials yesterday, and which IP was behind the most of them": ranked among that path's own requests.
                Map<String, String> narrowed = new LinkedHashMap<>(ranked.filters());
                narrowed.put("path", path);
                r = new Reading(new Query.Breakdown(ranked.site(), ranked.dimension(), ranked.measure(), narrowed, ranked.window(), ranked.limit(), ranked.only()),
                        r.understood(), r.ignored(), r.confidence());
            }
            if (!queries.isEmpty() && (queries.get(queries.size() - 1) instanceof Query.Breakdown top && top.limit() == 1
                    || queries.get(queries.size() - 1) instanceof Query.Report ranked && ranked.section() != null && has(" " + parts.get(i - 1) + " ", RANKING))
                    && Regex.find(part, BARE_COUNT)) {
                // "who got denied the most, and how many times": the top row's own figure.
                understood.add("\"" + part.strip() + "\" answered by the top row's figure");
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Breakdown ranked && Regex.matches(part, ONLY_THE_TOP) && limit(part) > 0) {
                // "rank the bots we denied, and give me the top three": how many rows of that ranking, not a question of its own.
                queries.set(queries.size() - 1, new Query.Breakdown(ranked.site(), ranked.dimension(), ranked.measure(), ranked.filters(), ranked.window(),
                        limit(part), ranked.only()));
                understood.add("\"" + part.strip() + "\" as the number of rows");
                continue;
            }
            String rowsNamed = null;
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Report whole && whole.section() == null && has(padded, "which", "what")
                    && aboutAnEarlierAnswer(part) && !(r.query() instanceof Query.Report own && own.report().equals(whole.report()) && own.section() != null)) {
                for (Map.Entry<String, String> rows : semantics.reports().get(whole.report()).entities().entrySet()) {
                    rowsNamed = rowsNamed == null && has(padded, rows.getValue(), rows.getValue() + "s") ? rows.getKey() : rowsNamed;
                }
            }
            if (rowsNamed != null) {
                // "total would-block across the dry-run rules, and which rule accounts for it": the same report's rows of that kind, largest first.
                Query.Report whole = (Query.Report) queries.get(queries.size() - 1);
                understood.add("\"" + part.strip() + "\" from the " + whole.report() + " report's " + Formats.words(rowsNamed.substring(1)));
                queries.add(new Query.Report(whole.site(), whole.report(), whole.window(), null, rowsNamed));
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Comparison
                    && has(padded, "which one", "which ones", "which is", "which was", "who wins", "which wins", "which side") && !(r.query() instanceof Query.Comparison)) {
                // "bots vs rate limits this week — which one's blocking more": the comparison already says which.
                understood.add("\"" + part.strip() + "\" answered by the comparison");
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Report && Regex.find(padded, DESCRIBE_IT)
                    && r.query() instanceof Query.Metric m && m.subject() == null && measure(padded) == null) {
                // "which dry-run rule would have blocked the most, and what does it actually do": the report's rows say what each does.
                understood.add("\"" + part.strip() + "\" answered by the report's rows");
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Report earlier && semantics.reports().get(earlier.report()).rows() == null
                    && r.query() instanceof Query.Metric other && other.site() != null && !other.site().equals(earlier.site()) && measure(padded) == null
                    && report(padded) == null) {
                // "what would the dry-run rules have blocked on prod, and how many on staging": the same report for the other site.
                understood.add("\"" + part.strip() + "\" as the same report for the other site");
                queries.add(earlier.onSite(other.site()));
                continue;
            }
            String earlierWindow = queries.isEmpty() ? null : AnalysisService.windowOf(queries.get(queries.size() - 1));
            if (earlierWindow != null && has(padded, "before that", "prior to that", "the one before", "the previous one", "before it")
                    && r.query() instanceof Query.Metric m && earlierWindow.equals(m.window())) {
                // "last week, and how many the week before that": the period before the first part's.
                String before = TimeWindows.previousOf(earlierWindow, false);
                understood.add("\"" + part.strip() + "\" as " + TimeWindows.phraseOf(before));
                r = new Reading(m.withWindow(before), r.understood(), r.ignored(), r.confidence());
            }
            if (earlierWindow != null && r.query() instanceof Query.Metric m && m.window() != null && !earlierWindow.equals(m.window())
                    && Regex.find(padded, CHANGE_AGAINST)) {
                // "last week's requests, … and the change in percent against the week before": the earlier part's period set against this one.
                understood.add("\"" + part.strip() + "\" as " + TimeWindows.phraseOf(earlierWindow) + " against " + TimeWindows.phraseOf(m.window()));
                queries.add(new Query.Comparison(List.<Query.Metric>of((Query.Metric) withSite(m.withWindow(earlierWindow), site), (Query.Metric) withSite(m, site))));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Chain chained && chained.then() instanceof Query.Metric figure
                    && figure.subject() == null && r.query() instanceof Query.Metric next && next.subject() == null && next.per() == null
                    && has(padded, "it", "its", "those", "of them", "them", "they", "their", "that ip", "that path", "that one")) {
                // "… how many requests has it sent, and how many of those were denied": the same row's other figure.
                understood.add("\"" + part.strip() + "\" for the same row as the part before");
                queries.add(new Query.Chain(chained.first(), null, withSite(next, site)));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            Query.Subject earlier = queries.isEmpty() ? null : queries.get(queries.size() - 1) instanceof Query.Metric m ? m.subject()
                    : queries.get(queries.size() - 1) instanceof Query.Ratio ratio ? ratio.numerator().subject() : null;
            if (earlier != null && !"reason".equals(earlier.dimension()) && has(padded, "it", "its", "that path", "that ip", "those", "of them", "them")
                    && r.query() instanceof Query.Metric m && m.subject() == null) {
                // "p(deny) for /api/signup, and its request count": the second figure is of the same path.
                queries.add(withSite(m.withSubject(earlier), site));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Metric counted && counted.per() == null
                    && !semantics.measures().get(counted.measure()).isRatio() && r.query() instanceof Query.Metric of && of.subject() == null
                    && !semantics.measures().get(of.measure()).isRatio() && has(padded, "share", "percent", "percentage", "proportion", "fraction", "portion", "part of", "%")
                    && has(padded, "that", "it", "those", "this", "them")) {
                // "how many were challenged, and what share of all traffic is that": the first count over the total the part names.
                understood.add("\"" + part.strip() + "\": the first part's count as a share of " + label(of.measure()));
                queries.add(new Query.Ratio(counted, new Query.Metric(counted.site(), of.measure(), Map.of(), counted.window(), null, null)));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Breakdown previous && "reason".equals(previous.dimension())
                    && semantics.lookups().containsKey("rule") && has(padded, "rule", "rules", "protection")
                    && has(padded, "it", "its", "behind", "responsible", "that", "which rule", "what rule", "which one")) {
                // "the top deny reason, and the rule behind it": the rule of that kind.
                queries.remove(queries.size() - 1);
                understood.add("\"" + part.strip() + "\": the rule behind the first part's top reason");
                queries.add(new Query.Chain(previous.topRow(), "rule"));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            String looked = !queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Breakdown previous
                    ? semantics.dimensions().get(previous.dimension()).lookup() : null;
            String section = looked == null ? null : section(looked, padded);
            if (section != null && has(padded, "it", "its", "that ip", "that address", "that one", "this one", "they", "them")) {
                // "the busiest IP, and which paths it hit": the top row looked up, the list asked for read from it.
                Query.Breakdown b = (Query.Breakdown) queries.remove(queries.size() - 1);
                Query.Breakdown top = b.topRow();
                // "the noisiest IP this week, and what it has been up to over the month": a second period is the lookup's.
                String own = windows.size() == 2 && queries.isEmpty() ? windows.get(1).window().expression() : b.window();
                understood.add("\"" + part.strip() + "\" from the " + looked + " lookup of the first part's top row");
                queries.add(new Query.Chain(top, null, new Query.Lookup(site, looked, null, own, section)));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            String ownWindow = AnalysisService.windowOf(r.query());
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Breakdown previous
                    && has(padded, "it", "its", "them", "those", "that one", "they", "each")
                    && r.query() instanceof Query.Metric m && m.subject() == null && m.per() == null && ownWindow != null && !ownWindow.equals(previous.window())
                    && windows.size() > 1) {
                // "the two IPs we denied most last week: how many requests did they send over the last 30 days": each row's figure
                // over the other period (and their sum).
                queries.remove(queries.size() - 1);
                boolean many = has(padded, "they", "them", "those", "these", "between", "each", "together", "combined");
                Query.Breakdown rows = many ? previous
                        : previous.topRow();
                understood.add("\"" + part.strip() + "\" for " + (many ? "each of the first part's rows, " : "the first part's top row, ")
                        + TimeWindows.phraseOf(ownWindow));
                queries.add(new Query.Chain(rows, null, withSite(m, site)));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Breakdown previous
                    // ("who's been spamming us hardest, and what network are they on": one client, named "they".)
                    && (has(padded, "it", "its", "that one", "this one") || previous.limit() == 1 && has(padded, "they", "them", "their"))
                    && semantics.dimensions().get(previous.dimension()).lookup() != null && has(padded, INVESTIGATE) && !has(padded, COUNT)) {
                // "the IPs we denied most: take the top one and tell me how risky it is": that row, looked up.
                queries.remove(queries.size() - 1);
                understood.add("\"" + part.strip() + "\" from the lookup of the first part's top row");
                queries.add(new Query.Chain(previous.topRow(), semantics.dimensions().get(previous.dimension()).lookup()));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Breakdown previous
                    && has(padded, "it", "its", "that one", "this one", "that ip", "that path", "that address", "that endpoint")
                    && (r.query() instanceof Query.Metric rate && rate.subject() == null && semantics.measures().get(rate.measure()).isRatio()
                            && semantics.dimensions().get(previous.dimension()).values().keySet().containsAll(semantics.measures().get(rate.measure()).ratioOf())
                        || r.query() instanceof Query.Ratio ratio && ratio.numerator().subject() == null && ratio.denominator().subject() == null
                            && semantics.dimensions().get(previous.dimension()).values().keySet()
                                    .containsAll(List.of(ratio.numerator().measure(), ratio.denominator().measure())))) {
                // "our most requested path: what fraction of the requests to it were denied": the ratio of that row.
                queries.remove(queries.size() - 1);
                understood.add("\"" + part.strip() + "\" for the first part's top row");
                queries.add(new Query.Chain(previous.topRow(), null, withSite(r.query(), site)));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Breakdown previous
                    && (previous.filters().containsKey("reason") || "requests".equals(measure(padded)) && !"requests".equals(previous.measure()) && !asksRate(padded))
                    && r.query() instanceof Query.Metric all && !semantics.measures().get(all.measure()).isRatio()
                    && has(padded, "in total", "overall", "or not", "all requests", "altogether", "all traffic", "all its traffic", "all denied", "all denials",
                        "all the denied", "all blocked", "all blocks", "every denial", "any reason", "all reasons", "whatever the reason", "total")
                    && has(padded, "it", "its", "that path", "that ip", "that one", "this one", "that address")) {
                // "the path bots were blocked on most, and how many requests did that path get in total, bots or not": every request
                // (or every denial, whatever its reason) of that row, not the ranking's filtered count.
                queries.remove(queries.size() - 1);
                // The measure the part names ("requests in total, bots or not"), else the one read from it ("all denied").
                String counted = measure(padded) != null ? measure(padded) : all.measure();
                understood.add("\"" + part.strip() + "\": all " + label(counted) + " of the first part's top row");
                queries.add(new Query.Chain(previous.topRow(), null, new Query.Metric(site, counted, Map.of(), all.window(), null, null)));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Breakdown previous && has(padded, "it", "its", "them", "those", "that one", "they",
                    "is that", "was that", "is this")
                    && (r.query() instanceof Query.Metric all && all.subject() == null && all.per() == null && !semantics.measures().get(all.measure()).isRatio()
                        || semantics.dimensions().get(previous.dimension()).listing() && (r.query() instanceof Query.Ratio || r.query() instanceof Query.Metric))
                    && has(padded, "share", "percent", "percentage", "proportion", "fraction", "portion", "part of", "slice", "chunk", "%")) {
                // "the busiest IP yesterday - what share of the traffic was it": that row's figure over everything; a row counted
                // from the listing ("the country with most denials") carries no share of its own: its count over all of that count.
                Query.Metric ranked = new Query.Metric(site, previous.measure(), Map.of(), previous.window(), null, null);
                Query share = semantics.dimensions().get(previous.dimension()).listing() ? new Query.Ratio(ranked, ranked)
                        : new Query.Ratio((Query.Metric) r.query(), (Query.Metric) r.query());
                queries.remove(queries.size() - 1);
                understood.add("\"" + part.strip() + "\" for the first part's top row");
                queries.add(new Query.Chain(previous.topRow(), null, withSite(share, site)));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Breakdown previous && has(padded, "its", "their", "it", "that one", "this one")
                    && !has(padded, "they", "them", "those", "these", "each") && r.query() instanceof Query.Metric other && other.subject() == null && other.per() == null
                    && !semantics.measures().get(other.measure()).isRatio() && !other.measure().equals(previous.measure())) {
                // "the most active visitor yesterday, and did any of their requests get blocked": that row's own count of another measure.
                queries.remove(queries.size() - 1);
                understood.add("\"" + part.strip() + "\" for the first part's top row");
                queries.add(new Query.Chain(previous.topRow(), null, withSite(other, site)));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Breakdown previous && has(padded, "it", "its", "them", "those", "that one", "they",
                    "is that", "was that", "is this")
                    && (r.query() instanceof Query.Metric || r.query() instanceof Query.Ratio || r.query() instanceof Query.Breakdown b && b.dimension().equals(previous.dimension()))) {
                boolean shareOfAll = has(padded, "share", "percent", "percentage", "proportion", "fraction", "slice", "%")
                        && has(padded, "of all", "of total", "of the total", "of our", "of everything");
                Query.Metric whole = r.query() instanceof Query.Ratio share && share.numerator().equals(share.denominator()) ? share.numerator()
                        : r.query() instanceof Query.Metric all && shareOfAll ? all
                        // ("what share of all our traffic did that one IP make": read alone, that is the ranking again.)
                        : r.query() instanceof Query.Breakdown again && shareOfAll ? new Query.Metric(again.site(), again.measure(), Map.of(), again.window(), null, null)
                        : null;
                if (whole != null && whole.subject() == null && !semantics.measures().get(whole.measure()).isRatio()) {
                    // "the busiest IP this week, and what share of all our traffic did that one IP make": its count over the whole.
                    queries.set(queries.size() - 1, new Query.Chain(previous.topRow(), null, withSite(new Query.Ratio(whole, whole), site)));
                    understood.add("\"" + part.strip() + "\": the first part's top row's share of the whole");
                    confidence = Math.min(confidence, r.confidence());
                    continue;
                }
                // "the busiest path, and how many requests did it get": the ranking's own row answers it.
                understood.add("\"" + part.strip() + "\" read from the first part's top row");
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Report listed && "sites".equals(listed.report())
                    && r.query() instanceof Query.Metric each && each.site() == null && has(padded, "each one", "each of them", "each", "every one", "per site")
                    && catalog.sites().size() > 1) {
                // "go through our sites and tell me how many requests each one got today": the figure on every site, side by side.
                queries.set(queries.size() - 1, new Query.Comparison(catalog.sites().stream()
                        .map(one -> each.onSite(one.id())).toList()));
                understood.add("\"" + part.strip() + "\" on each of the sites");
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Series peak && r.query() instanceof Query.Metric then
                    && PEAK.matcher(" " + parts.get(i - 1) + " ").find() && then.per() == null
                    // ("the busiest day last week, and how many requests did it get": "it" is that day.)
                    && (Regex.find(padded, POINTS_BACK_IN_TIME) || has(padded, "was that", "is that", "did it get", "did it see", "did it have", "it got", "it had", "was it"))) {
                // "the busiest day last week, and what was the denial rate that day": the figure over the peak bucket.
                queries.set(queries.size() - 1, new Query.Chain(peak, null, withSite(then, site)));
                understood.add("\"" + part.strip() + "\" over the first part's peak " + peak.grain());
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            if (!queries.isEmpty() && (has(padded, "it", "its", "that path", "that ip", "that address", "that one", "that request", "this one", "that reason",
                    "that cause", "that category", "there", "that page", "that url", "that route") || queries.get(queries.size() - 1) instanceof Query.Breakdown ranked
                    && Regex.find(padded, "\\b(?:that|this|the same|said|that same|this same)\\s+" + Pattern.quote(ranked.dimension().toLowerCase(Locale.ROOT)) + "\\b"))
                    && (queries.get(queries.size() - 1) instanceof Query.Breakdown || queries.get(queries.size() - 1) instanceof Query.Listing)
                    && (r.query() instanceof Query.Listing || r.query() instanceof Query.Lookup || r.query() instanceof Query.Breakdown
                            || r.query() instanceof Query.Series || r.query() instanceof Query.Distinct || r.query() instanceof Query.Ratio
                            // "… then how many requests that same path got over the last 7 days": the figure of that row, named again.
                            || r.query() instanceof Query.Metric named && named.subject() == null && queries.get(queries.size() - 1) instanceof Query.Breakdown again
                                    && Regex.find(padded, "\\b(?:that|the same|that same|this same)\\s+" + Pattern.quote(again.dimension().toLowerCase(Locale.ROOT)) + "\\b"))
                    && QueryEngine.narrowed(semantics, r.query(), queries.get(queries.size() - 1), "key") != null) {
                // "the path bots hit most, then the five latest denials on it": the second part is about the first's top row.
                Query previous = queries.remove(queries.size() - 1);
                Query top = previous instanceof Query.Breakdown b
                        ? b.topRow() : previous;
                understood.add("\"" + part.strip() + "\" about the first part's top row");
                queries.add(new Query.Chain(top, null, withSite(r.query(), site)));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Report listed && semantics.reports().get(listed.report()).rows() != null
                    && has(padded, "it", "its", "that rule", "that policy", "that one", "this one") && r.query() instanceof Query.Report other
                    && !other.report().equals(listed.report())
                    // ("which policy is in dry run, and what rule types does it contain": that policy's own rules, described below.)
                    && describedBy(semantics.reports().get(listed.report()).tool(), padded) == null) {
                // "which rule is still in dry run, and how much would it have blocked": the other report's row for that rule.
                queries.remove(queries.size() - 1);
                understood.add("\"" + part.strip() + "\" for the row the first part finds");
                queries.add(new Query.Chain(listed, null, withSite(other, site)));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            Query.Metric ofItsPath = !queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Listing && Regex.find(padded, ITS_PATH)
                    && semantics.dimensions().containsKey("path") ? countedOnAPath(r.query()) : null;
            if (ofItsPath != null) {
                // "find the last request blocked by the rate limit, then how many denials its path had in the last 24 hours": that
                // request's path, counted (the path is read from the request when the chain runs).
                Query.Listing l = (Query.Listing) queries.remove(queries.size() - 1);
                understood.add("\"" + part.strip() + "\" about the path of the request the first part finds");
                queries.add(new Query.Chain(new Query.Listing(l.site(), l.filters(), l.window(), 1), null,
                        withSite(ofItsPath.withSubject(new Query.Subject("path", null)), site)));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            String rowEntity = queries.isEmpty() || !(queries.get(queries.size() - 1) instanceof Query.Listing) ? null : entityReferredTo(padded);
            if (rowEntity != null) {
                // "the latest blocked request: what IP was it, and how often has that IP been blocked": the request's IP, looked up.
                Query.Listing l = (Query.Listing) queries.remove(queries.size() - 1);
                String own = AnalysisService.windowOf(r.query());
                understood.add("\"" + part.strip() + "\" about the " + Formats.words(rowEntity) + " of the request the first part finds");
                queries.add(new Query.Chain(new Query.Listing(l.site(), l.filters(), l.window(), 1), null,
                        new Query.Lookup(l.site(), rowEntity, null, own != null ? own : l.window(), section(rowEntity, padded))));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Listing l && has(padded, "it", "its", "that request", "that one", "this one")
                    && !(r.query() instanceof Query.Listing) && semantics.lookups().containsKey("request")) {
                // "grab the most recent challenged request, and tell me which bot it was": that request, looked up.
                queries.remove(queries.size() - 1);
                understood.add("\"" + part.strip() + "\" about the request the first part finds");
                // "… and which rules ran on it": that part of the request's explanation, as rows.
                String ofRequest = section("request", padded);
                queries.add(ofRequest == null ? new Query.Chain(new Query.Listing(l.site(), l.filters(), l.window(), 1), "request")
                        : new Query.Chain(new Query.Listing(l.site(), l.filters(), l.window(), 1), null, new Query.Lookup(l.site(), "request", null, l.window(), ofRequest)));
                continue;
            }
            String described = !queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Report listedRows && listedRows.section() == null
                    && semantics.reports().get(listedRows.report()).rows() != null && has(padded, "it", "its", "that one", "this one", "they", "them")
                    ? describedBy(semantics.reports().get(listedRows.report()).tool(), padded) : null;
            if (described != null) {
                // "which guard policy is still in dry run, and what kind of rule does it run": the row the list finds, described.
                Query.Report listedRows = (Query.Report) queries.remove(queries.size() - 1);
                understood.add("\"" + part.strip() + "\" from the " + Formats.words(described) + " the first part lists");
                queries.add(new Query.Chain(listedRows, null, new Query.Lookup(listedRows.site(), described, null, listedRows.window(), section(described, padded))));
                confidence = Math.min(confidence, r.confidence());
                continue;
            }
            String looksUp = null;
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Report found && found.section() != null
                    && has(padded, "it", "its", "that one", "this one", "that ip", "that address", "that rule", "this rule", "that policy")) {
                // "take the first new threat in the anomalies and tell me which network it belongs to": that row, looked up.
                for (Map.Entry<String, Semantics.Lookup> lookup : semantics.lookups().entrySet()) {
                    if (looksUp == null && lookup.getValue().pattern() != null
                            && (section(lookup.getKey(), padded) != null || has(padded, lookup.getValue().words()))) {
                        looksUp = lookup.getKey();
                    }
                }
                if (looksUp == null && semantics.lookups().containsKey(semantics.reports().get(found.report()).entities().get(found.section()))) {
                    // "the top new threat — how many requests has it sent us": the section's rows are IPs, so that IP.
                    looksUp = semantics.reports().get(found.report()).entities().get(found.section());
                }
                if (looksUp != null) {
                    queries.remove(queries.size() - 1);
                    understood.add("\"" + part.strip() + "\" about the first row the first part lists");
                    String own = AnalysisService.windowOf(r.query());
                    queries.add(new Query.Chain(found, null, new Query.Lookup(found.site(), looksUp, null,
                            own != null && !own.equals(found.window()) && windows.size() > 1 ? own : found.window(), section(looksUp, padded))));
                    continue;
                }
            }
            if (r.query() instanceof Query.Unanswerable) {
                return null;
            }
            if (!queries.isEmpty() && queries.get(queries.size() - 1) instanceof Query.Report whole && whole.section() == null && whole.only() == null
                    && whole.field() == null && r.query() instanceof Query.Report one && one.section() != null
                    && whole.equals(withSite(new Query.Report(one.site(), one.report(), one.window(), null, null, null, null), site))
                    && Regex.split(parts.get(i - 1).strip(), "\\s+").length <= 4) {
                // "staging dry run - which 3 IPs would it hit hardest": the first part only names the report the second reads.
                queries.set(queries.size() - 1, withSite(r.query(), site));
                understood.add("\"" + parts.get(i - 1).strip() + "\" as the report the question reads");
                continue;
            }
            if (queries.contains(withSite(r.query(), site)) && part.strip().split(" ").length > 3) {
                // Two questions read alike: the parts were not read apart, so the question is read whole.
                return null;
            }
            if (queries.contains(withSite(r.query(), site))) {
                // "would-block, false-positive share": two figures of one report, answered once.
                understood.add("\"" + part.strip() + "\" answered by the same call as an earlier part");
                continue;
            }
            // A part that is itself in parts ("what they would have blocked, and what share of that …") adds each.
            for (Query q : r.query() instanceof Query.Parts inner ? inner.parts() : List.of(r.query())) {
                queries.add(withSite(q, site));
            }
            confidence = Math.min(confidence, r.confidence());
        }
        if (queries.size() > 1 && queries.stream().allMatch(q -> q instanceof Query.Report r && r.section() == null && r.field() == null && r.newest() == null
                && semantics.reports().get(r.report()).rows() != null)
                && queries.stream().filter(q -> ((Query.Report) q).only() != null).count() >= 2
                && queries.stream().map(q -> ((Query.Report) q).withOnly(null)).distinct().count() == 1
                && !parts.stream().allMatch(p -> Regex.matches(p.strip(), "(?:and\\s+)?(?:which|what)\\b.*"))) {
            // "how many are enforced and how many are only in dry run": the one list, its rows counted by mode
            // ("which are enforced and which are in dry run" keeps a list for each).
            understood.add("the whole " + ((Query.Report) queries.get(0)).report() + " list, counted by kind");
            return reading(((Query.Report) queries.get(0)).withOnly(null), understood, ignored, confidence * 0.95);
        }
        // A scope read as a part of its own ("check /api/signup for 24 hours — how many requests hit it, …") repeats the next: once is enough.
        queries = new ArrayList<>(new java.util.LinkedHashSet<>(queries));
        if (queries.size() == 1) {
            return reading(queries.get(0), understood, ignored, confidence * 0.95);
        }
        List<Site> compared = allSites(lastNormalized);
        if (compared.size() >= 2 && (has(lastNormalized, COMPARE) || has(lastNormalized, "for each", "for both", "each site", "each of them"))
                && queries.stream().allMatch(q -> q instanceof Query.Metric m && m.subject() == null && m.per() == null)) {
            // "Compare production and staging over the past 7 days - total requests and denials for each": each figure on both sites.
            understood.add("each figure on " + String.join(" and ", compared.stream().map(Site::name).toList()));
            return reading(new Query.Parts(queries.stream().map(q -> (Query) new Query.Comparison(compared.stream()
                    .map(one -> ((Query.Metric) q).onSite(one.id())).toList())).toList()), understood, ignored, confidence * 0.95);
        }
        understood.add(parts.size() + " parts: " + String.join(" / ", parts.stream().map(p -> "\"" + p.strip() + "\"").toList()));
        return reading(new Query.Parts(queries), understood, ignored, confidence * 0.95);
    }

    /** Words that set a second list apart from the first: "on prod but not on staging", "today that weren't yesterday". */
    private static final Pattern COLON_QUESTION = Pattern.compile("\\s:\\s+(?=(?:what|which|who|how|why|where|when|is|are|was|were|did|does|show|list|give|tell|its|the)\\b)");
    private static final String AND_THE_ONE_BEFORE = "\\band\\s+(?:also\\s+)?the\\s+(?:day|week|hour|month|one)\\s+before\\b";
    private static final String MORE_OR_FEWER = "\\b(?:more|fewer|less|vs|versus|than|compared?|compare)\\b";
    private static final String SET_AGAINST = "\\b(?:or|vs\\.?|versus|than|and|to|with)\\b";
    private static final String TOGETHER = "\\b(?:taken together|together|combined|altogether|in total|summed|added up|put together|all told)\\b";
    private static final String FOR_WHOM = "\\bfor\\s+(?:the|my|our|a)\\s+(?:team|boss|manager|board|cto|ceo|execs?|leadership|standup|stand-up|meeting|retro|slide|deck|weekly|update|report|customer|client)\\b";
    /** "I'm putting together …", "we're trying to …": the asker saying what they are doing. */
    private static final String ASKER = "(?:so\\s+|ok\\s+|hey\\s+|hi\\s+)?(?:i'?m|i am|we'?re|we are)\\s+"
            + "(?:putting|preparing|prepping|writing|working|doing|building|making|trying|getting|about to|pulling|sizing|planning)\\b";
    private static final String ASKER_SENTENCE = "^\\s*" + ASKER + "[^.?!]*[.!]\\s+(?=\\S)";
    private static final String ASKER_CONTEXT = "^" + ASKER;
    private static final String ELABORATION = "(?<=[?.!])\\s+[^?.!]{0,80}?,?\\s*\\b(?:that kind of thing|that sort of thing|and so on|and stuff|stuff like that|"
            + "things like that|and the like|etc)\\b[^?.!]*[.?!]*\\s*$";
    /**
     * The figure a part counts on a path named "its path": its own count, or the measure of a ranking of paths it reads as
     * ("how many denials its path had"); a reason carried over from the first part is the request's, not a filter on the count.
     */
    private static Query.Metric countedOnAPath(Query part) {
        if (part instanceof Query.Metric m && m.per() == null && (m.subject() == null || "reason".equals(m.subject().dimension()))) {
            return new Query.Metric(m.site(), m.subject() == null ? m.measure() : "denied", m.filters(), m.window(), null, null);
        }
        return part instanceof Query.Breakdown b && "path".equals(b.dimension()) ? new Query.Metric(b.site(), b.measure(), b.filters(), b.window(), null, null) : null;
    }

    /** "which paths haven't had a single bot block", "IPs with no denials": rows that had traffic but none of what is named. */
    private static final Pattern NONE_OF = Pattern.compile("\\b(?:(?:have|has|had|did)(?:n't|nt|\\s+not)\\s+(?:had|got|gotten|seen|received|get|see|have)"
            + "|never\\s+(?:had|got|gotten|saw|seen|received)|(?:had|got|saw|with)\\s+(?:no|zero))\\s+(?:a\\s+single\\s+|any\\s+|one\\s+|a\\s+)?"
            + "(?:[\\w-]+\\s+){0,2}?(?:blocks?|denials?|challenges?)\\b");

    private Reading withNone(String text, List<TimeWindows.Found> windows, List<String> understood, List<String> ignored) {
        Matcher none = NONE_OF.matcher(text);
        if (windows.size() > 1 || allSites(text).size() > 1 || !has(text, "which", "what", "list", "show", "any") || !none.find()) {
            return null;
        }
        String rows = dimension(" " + text.substring(0, none.start()) + " ", false);
        Semantics.Dimension dimension = rows == null ? null : semantics.dimensions().get(rows);
        if (dimension == null || dimension.listing()) {
            return null;
        }
        // The rows with any traffic, read without the words of what they had none of.
        Reading all = new QuestionParser(semantics, catalog, zone, now).read(text.substring(0, none.start()) + " " + text.substring(none.end()));
        if (!(all.query() instanceof Query.Breakdown b) || !b.dimension().equals(rows)) {
            return null;
        }
        Map<String, String> had = new LinkedHashMap<>();
        List<String> reasonsNamed = semantics.filters().containsKey("reason") ? values("reason", none.group()) : List.of();
        if (reasonsNamed.size() == 1) {
            had.put("reason", reasonsNamed.get(0));
        }
        String measure = has(none.group(), "challenge", "challenges") && semantics.measures().containsKey("challenged") ? "challenged" : "denied";
        int max = dimension.limit() == null ? 50 : dimension.limit().max();
        Query left = new Query.Breakdown(b.site(), rows, "requests", Map.of(), b.window(), max, "nonzero");
        Query right = new Query.Breakdown(b.site(), rows, measure, conclusionFilters(measure, had), b.window(), max, "nonzero");
        if (dimension.lookup() != null) {
            // Entities such as IPs are too many for a ranked list: every one, from the requests themselves.
            left = new Query.Distinct(b.site(), rows, Map.of(), b.window());
            right = new Query.Distinct(b.site(), rows, conclusionFilters(measure, had), b.window());
        }
        understood.add("the " + rows + "s with requests but no " + label(measure) + (reasonsNamed.size() == 1 ? " (" + semantics.label(reasonsNamed.get(0)) + ")" : ""));
        return reading(new Query.SetOperation(Query.SetOperation.MINUS, left, right, null), understood, ignored, Math.min(all.confidence(), 0.8));
    }

    private static final List<String> MINUS = List.of("but not", "never touched", "never hit", "never caught", "never flagged", "but have no", "but has no", "but there is no", "and not", "doesn't have", "does not have", "don't have", "do not have", "doesn't run",
            "don't run", "doesn't use", "don't use", "missing from", "missing on", "is missing", "are missing", "missing entirely", "lacking", "never seen on", "never are seen", "never seen", "not seen on",
            "not on", "isn't on", "aren't on", "not in", "lacks", "that weren't", "that werent", "that were not", "that wasnt", "that didnt", "but werent", "but didnt", "that wasn't", "that didn't", "but weren't",
            "but didn't", "but never", "but had none", "but had no", "that had none", "yet had none", "and had none", "that never", "which never", "but none", "and none", "but no", "but zero", "never saw", "never sees", "never see",
            "never gets", "never got", "hasn't", "has not", "haven't", "doesn't", "does not", "isn't", "is not", "doesnt", "hasnt", "havent", "isnt", "dont",
            "don't", "is missing", "are missing", "but nothing", "and nothing", "hadn't", "had not", "hadnt", "didn't", "did not", "didnt",
            "weren't", "were not", "wasn't", "was not");
    private static final List<String> BOTH = List.of("both", "in common", "on each", "shared by", "also show up", "also shows up", "also showed up",
            "also appear", "also appears", "also appeared", "also seen", "also hit", "also got", "still");

    /**
     * "Which rule types run on prod that staging doesn't have", "paths denied today but not yesterday",
     * "IPs denied on both sites": one list read from the question, then the same list on the other
     * site or in the other period, compared as sets; null when the question is not about two lists.
     */
    private Reading setOperation(String text, List<TimeWindows.Found> windows, List<String> understood, List<String> ignored) {
        Reading untouched = withNone(text, windows, understood, ignored);
        if (untouched != null) {
            return untouched;
        }
        List<Site> named = new ArrayList<>(allSites(text));
        named.sort(java.util.Comparator.comparingInt(x -> mentionAt(x, text)));
        boolean twoSites = named.size() == 2;
        String before = windows.size() == 1 && has(text, "the hour before", "the day before", "the week before", "the one before", "the period before",
                "the previous", "the prior", "the preceding") ? TimeWindows.previousOf(windows.get(0).window().expression(), false) : null;
        // "paths bots got blocked on that the rate limiter never touched": the same rows under two reasons.
        List<String> reasonsNamed = semantics.filters().containsKey("reason") ? values("reason", text) : List.of();
        // "IPs that tripped both the rate limiter and bot detection": the rows both reasons denied.
        boolean twoReasons = !twoSites && windows.size() < 2 && before == null && reasonsNamed.size() == 2
                && (has(text, MINUS.toArray(String[]::new)) || has(text, "both"));
        if (!(twoSites || windows.size() == 2 || before != null || twoReasons)
                || !has(text, "which", "what", "list", "any", "show", "paths", "ips")
                && !(twoSites && (has(text, MINUS.toArray(String[]::new)) || has(text, BOTH.toArray(String[]::new))))) {
            return null;
        }
        String operation = null;
        int at = -1;
        for (String phrase : MINUS) {
            int i = indexOfPhrase(text, phrase);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
                operation = Query.SetOperation.MINUS;
            }
        }
        if (operation == null && (has(text, BOTH) || before != null && has(text, "and the hour before", "and the day before", "and the week before",
                "and also the day before")) && !has(text, "both sites", "both of them")) {
            // "IPs blocked yesterday AND the day before": the rows of both periods.
            operation = Query.SetOperation.BOTH;
        }
        if (operation == null) {
            return null;
        }
        String firstText;
        if (at >= 0) {
            firstText = text.substring(0, at);
            int clause = Math.max(firstText.lastIndexOf(" that "), Math.max(firstText.lastIndexOf(" but "), firstText.lastIndexOf(" which ")));
            if (twoReasons && clause > 0) {
                // "paths bots got blocked on that the rate limiter never touched": the second reason is the other side's.
                firstText = firstText.substring(0, clause);
            }
            int second = twoSites ? mentionAt(named.get(1), firstText) : -1;
            if (second >= 0 && second < firstText.length()) {
                // "paths on prod that staging never saw": the second site is the other side, not part of the first.
                firstText = firstText.substring(0, second) + Regex.replaceFirst(firstText.substring(second), "^\\S+", "");
            }
        } else if (twoReasons) {
            // The first side is read without the second reason's words.
            firstText = text;
            for (String phrase : semantics.filters().get("reason").values().get(reasonsNamed.get(1)).stream()
                    .sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList()) {
                firstText = Regex.replaceAll(firstText, "\\b" + Pattern.quote(phrase) + "\\b", " ");
            }
            firstText = Regex.replaceAll(firstText, "\\b(?:and|&)\\s+(?=\\s*(?:on|in|over|during|this|last|yesterday|today|the past|[?.!]|$))", " ");
        } else if (twoSites) {
            int second = mentionAt(named.get(1), text);
            firstText = text.substring(0, second) + Regex.replaceFirst(text.substring(second), "^\\S+", "");
        } else if (windows.size() < 2) {
            // "both yesterday and the day before": one period named, the other is the one before it.
            firstText = Regex.replaceAll(text, "\\b(?:and|or|but)?\\s*(?:in\\s+|on\\s+)?the\\s+(?:hour|day|week|month|one|period)\\s+before\\b", " ");
        } else {
            TimeWindows.Found second = windows.get(1);
            firstText = text.substring(0, Math.min(text.length(), second.from() + 1)) + " " + text.substring(Math.min(text.length(), second.to() + 1));
        }
        for (String both : BOTH) {
            firstText = firstText.replace(" " + both + " ", " ");
        }
        Reading first = new QuestionParser(semantics, catalog, zone, now).read(firstText);
        Query left = first.query();

        String field = null;
        if (left instanceof Query.Breakdown b && !TOP_N.matcher(text).find() && !has(text, "top-10", "top-5", "top-3", "top-20")) {
            // Every row with the measure, not only the top few: a set has no ranking ("the top 10 lists" keep theirs).
            int max = semantics.dimensions().get(b.dimension()).limit() == null ? 50 : semantics.dimensions().get(b.dimension()).limit().max();
            left = new Query.Breakdown(b.site(), b.dimension(), b.measure(), b.filters(), b.window(), max, b.only() == null ? "nonzero" : b.only());
        }
        if (left instanceof Query.Lookup l && semantics.lookups().get(l.entity()).list() != null && (l.section() == null || !twoSites)) {
            // "Which policy labels exist on prod": the list the entity is found in, not one entity.
            String tool = semantics.lookups().get(l.entity()).list().tool();
            left = semantics.reports().entrySet().stream().filter(r -> r.getValue().tool().equals(tool) && r.getValue().rows() != null)
                    .map(r -> (Query) new Query.Report(l.site(), r.getKey(), null)).findFirst().orElse(left);
        }
        if (left instanceof Query.Breakdown || left instanceof Query.Distinct || left instanceof Query.Lookup l && l.section() != null && twoSites) {
            // already a set (a looked-up list compared across sites: the kinds of data each site's copy of a policy blocks)
        } else if (left instanceof Query.Report r && semantics.reports().get(r.report()).rows() != null) {
            for (Map.Entry<String, List<String>> column : semantics.reports().get(r.report()).fields().entrySet()) {
                if (has(text, column.getValue())) {
                    field = column.getKey();
                    break;
                }
            }
            if (field != null && r.field() == null) {
                // Each side lists that column's values, read from a text answer's lines too.
                left = new Query.Report(r.site(), r.report(), r.window(), r.only(), r.section(), r.newest(), field);
            }
        } else {
            return null;
        }
        Query right;
        if (twoReasons) {
            if (!(left instanceof Query.Breakdown named0) || !reasonsNamed.get(0).equals(named0.filters().get("reason"))) {
                return null;
            }
            // "paths bots got blocked on that the rate limiter never touched this week": a period said after the clause is both sides'.
            Query.Breakdown b = named0.window() == null && windows.size() == 1 ? new Query.Breakdown(named0.site(), named0.dimension(), named0.measure(),
                    named0.filters(), windows.get(0).window().expression(), named0.limit(), named0.only()) : named0;
            left = b;
            Map<String, String> otherFilters = new LinkedHashMap<>(b.filters());
            otherFilters.put("reason", reasonsNamed.get(1));
            right = new Query.Breakdown(b.site(), b.dimension(), b.measure(), otherFilters, b.window(), b.limit(), b.only());
            if (semantics.dimensions().get(b.dimension()).lookup() != null && "nonzero".equals(b.only())) {
                // Entities such as IPs are too many for a ranked list: every one, from the requests themselves.
                left = new Query.Distinct(b.site(), b.dimension(), b.filters(), b.window());
                right = new Query.Distinct(b.site(), b.dimension(), otherFilters, b.window());
            }
            understood.add("the " + b.dimension() + "s with " + semantics.label(reasonsNamed.get(0)) + (at >= 0 ? " but not " : " and also ")
                    + semantics.label(reasonsNamed.get(1)));
        } else if (twoSites) {
            if (left instanceof Query.Breakdown b && b.window() == null && windows.size() == 1) {
                // "which IPs hit prod but not staging this week": the period said after the second site is both sides'.
                left = new Query.Breakdown(b.site(), b.dimension(), b.measure(), b.filters(), windows.get(0).window().expression(), b.limit(), b.only());
            }
            left = onSite(left, named.get(0).id());
            right = onSite(left, named.get(1).id());
            String rows = field != null ? field + "s" : left instanceof Query.Breakdown b ? b.dimension() + "s"
                    : left instanceof Query.Lookup l ? Formats.words(Regex.replaceAll(l.section(), "/\\*", "").substring(l.section().lastIndexOf('/') + 1))
                    : ((Query.Report) left).report();
            understood.add("the " + rows + " on " + named.get(0).name() + (at >= 0 ? " but not on " : " and on ") + named.get(1).name());
        } else {
            // "on both the Monday and the Tuesday of last week": the periods as the whole question reads them ("the Monday" alone is this week's).
            String leftWindow = windows.size() == 2 && before == null ? windows.get(0).window().expression() : AnalysisService.windowOf(left);
            String other = before != null ? before : windows.stream().map(f -> f.window().expression()).filter(w -> !w.equals(leftWindow)).findFirst().orElse(null);
            if (left instanceof Query.Breakdown b && leftWindow != null && !leftWindow.equals(b.window())) {
                left = new Query.Breakdown(b.site(), b.dimension(), b.measure(), b.filters(), leftWindow, b.limit(), b.only());
            } else if (left instanceof Query.Distinct d && leftWindow != null && !leftWindow.equals(d.window())) {
                left = new Query.Distinct(d.site(), d.dimension(), d.filters(), leftWindow);
            }
            if (left instanceof Query.Breakdown b && semantics.dimensions().get(b.dimension()).lookup() != null && "nonzero".equals(b.only())) {
                // Entities such as IPs are too many for a ranked list (it stops at its maximum): every one, from the requests themselves
                // (a "top-10 list" widened to nothing keeps its ranking).
                left = new Query.Distinct(b.site(), b.dimension(), b.filters(), b.window());
            }
            if (other == null) {
                return null;
            }
            if (left instanceof Query.Distinct d && lastPaths.size() == 1 && !d.filters().containsKey("path")) {
                // "which IPs got denied on /api/login both yesterday and today": the typed path narrows both sides.
                Map<String, String> narrowed = new LinkedHashMap<>(d.filters());
                narrowed.put("path", lastPaths.get(0));
                left = new Query.Distinct(d.site(), d.dimension(), narrowed, d.window());
            }
            if (left instanceof Query.Distinct d) {
                right = new Query.Distinct(d.site(), d.dimension(), d.filters(), other);
            } else if (left instanceof Query.Breakdown b) {
                right = new Query.Breakdown(b.site(), b.dimension(), b.measure(), b.filters(), other, b.limit(), b.only());
            } else {
                return null;
            }
            String rows = left instanceof Query.Distinct d ? d.dimension() : ((Query.Breakdown) left).dimension();
            understood.add("the " + rows + "s " + TimeWindows.phraseOf(leftWindow) + (at >= 0 ? " but not " : " and ") + TimeWindows.phraseOf(other));
        }
        return reading(new Query.SetOperation(operation, left, right, field), understood, ignored, Math.min(first.confidence(), 0.85));
    }

    private int mentionAt(Site site, String text) {
        int best = indexOfPhrase(text, site.name().toLowerCase(Locale.ROOT));
        for (String word : semantics.sites().environments().getOrDefault(String.valueOf(site.environment()).toLowerCase(Locale.ROOT), List.of())) {
            int i = indexOfPhrase(text, word);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best < 0 ? Integer.MAX_VALUE : best;
    }

    /** The same query on another site. */
    private static Query onSite(Query query, String site) {
        if (query instanceof Query.Breakdown b) {
            return new Query.Breakdown(site, b.dimension(), b.measure(), b.filters(), b.window(), b.limit(), b.only());
        } else if (query instanceof Query.Report r) {
            return r.onSite(site);
        } else if (query instanceof Query.Lookup l) {
            // The same thing on the other site, found there by the same words ("the support email policy" and its staging copy).
            return new Query.Lookup(site, l.entity(), l.key(), l.window(), l.section());
        }
        return query;
    }

    private static final String ONE_REQUEST = "\\bthe\\s+(?:very\\s+)?(?:last|latest|most recent|newest)\\s+(?:\\w+\\s+)?(?:request|denial|block|hit|call)\\b";

    /** How many requests a listing shows: one for "the last request that got denied", else a page of them. */
    private static int pageOf(String words) {
        return Regex.find(words, ONE_REQUEST) ? 1 : 10;
    }

    /** The list inside a lookup's result the words ask for ("which paths": the targeted paths), or null. */
    /** The key whose phrase is the longest one found in the words, or null: "by rule type" beats "by rule". */
    private static String longestNamed(Map<String, List<String>> named, String words) {
        String best = null;
        int longest = 0;
        for (Map.Entry<String, List<String>> entry : named.entrySet()) {
            for (String phrase : entry.getValue()) {
                if (phrase.length() > longest && containsPhrase(words, phrase)) {
                    best = entry.getKey();
                    longest = phrase.length();
                }
            }
        }
        return best;
    }

    /** The lookup that describes one row of a list the {@code tool} gives, when the words ask for a part of its description. */
    private String describedBy(String tool, String words) {
        for (Map.Entry<String, Semantics.Lookup> lookup : semantics.lookups().entrySet()) {
            if (lookup.getValue().list() != null && tool.equals(lookup.getValue().list().tool()) && lookup.getValue().tool() != null
                    && section(lookup.getKey(), words) != null) {
                return lookup.getKey();
            }
        }
        return null;
    }

    private String section(String entity, String words) {
        Semantics.Lookup lookup = semantics.lookups().get(entity);
        String best = lookup == null ? null : longestNamed(lookup.sections(), words);
        // "which inputs never leave the app": the section's rows with the field value the words pick.
        for (Map.Entry<String, Map<String, List<String>>> field : best == null ? List.<Map.Entry<String, Map<String, List<String>>>>of()
                : lookup.where().getOrDefault(best, Map.of()).entrySet()) {
            for (Map.Entry<String, List<String>> value : field.getValue().entrySet()) {
                if (has(words, value.getValue())) {
                    return best + "?" + field.getKey() + "=" + value.getKey();
                }
            }
        }
        return best;
    }

    /** "of all the blocking", "out of everything we turned away": a share whose whole is that measure's count. */
    private boolean ofMeasure(String words, String measure) {
        Semantics.Measure m = semantics.measures().get(measure);
        if (m == null) {
            return false;
        }
        return OF_MEASURE.computeIfAbsent(m.words(), measureWords -> {
            String named = measureWords.stream().filter(w -> w.length() > 3).sorted(java.util.Comparator.comparingInt(String::length).reversed())
                    .map(Pattern::quote).collect(java.util.stream.Collectors.joining("|"));
            return Regex.of("\\b(?:out\\s+)?of\\s+(?:all\\s+|everything\\s+)?(?:of\\s+)?(?:the\\s+|our\\s+|those\\s+|these\\s+|that\\s+|we\\s+|it\\s+)?"
                    + "(?:(?!(?:requests|request|traffic|hits|calls|visits|were|was|are|is|got|get|gets|been|be|being)\\b)[\\w']+\\s+)?(?:" + named + ")\\b"
                    // "of all the requests we turned away": the requests, then what someone did to them ("of all traffic that got bounced as
                    // bots" is all of it, some bounced).
                    + "|\\b(?:out\\s+)?of\\s+(?:all\\s+)?(?:the\\s+|our\\s+|those\\s+)?(?:requests|hits|calls|traffic)\\s+(?:that\\s+)?(?:we|it|they|arcjet)\\s+"
                    + "(?:have\\s+|has\\s+|had\\s+)?(?:" + named + ")\\b");
        }).matcher(words).find();
    }

    /** The pattern of "of all the <measure>", built once per measure's words. */
    private static final Map<List<String>, Pattern> OF_MEASURE = new java.util.concurrent.ConcurrentHashMap<>();

    /** A list of figures asked at once, split at commas, "and" and "+"; only pieces that each name something count. */
    private List<String> enumeration(String words) {
        if (Regex.find(words, SHARE_ACROSS_COMMA)) {
            return List.of(words);
        }
        String body = Regex.replaceFirst(words, "^.*?:\\s", " ");
        String[] pieces = Regex.split(body, "\\s*(?:,|;|\\+|&|\\band\\b|\\bplus\\b)\\s*");
        List<String> parts = new ArrayList<>();
        for (String piece : pieces) {
            String p = piece.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (Regex.matches(p, "(?:the\\s+)?(?:total volume|volume|total traffic|overall traffic|traffic volume)")
                    || Regex.matches(p, "(?:the\\s+)?(?:total|overall|tally)") && report(" " + words + " ") == null) {
                // "prod last 24h: total, denied, top path": the total is every request (after "the dry run:", the dry run's total).
                p = "total requests";
            }
            String padded = " " + p + " ";
            boolean names = measure(padded) != null || has(padded, "top", "main", "most", "busiest", "biggest", "noisiest", "worst", "heaviest", "loudest") && dimension(padded, false) != null
                    || has(padded, DISTINCT) && dimension(padded, false) != null
                    // "across all of our sites combined, how many …" names a scope, not a list asked for.
                    // "(live, not dry run)" sets a list apart, it asks for no other.
                    || report(padded) != null && !has(padded, semantics.sites().words()) && !has(padded, "not", "no", "non", "without", "except", "rather than")
                    // "how many rules, how many are live": a count of what the piece before it names.
                    || !parts.isEmpty() && report(" " + parts.get(parts.size() - 1) + " ") != null && Regex.matches(p, "(?:how many|how much|number|count)\\b.*");
            if (!names && !parts.isEmpty() && has(padded, "of that", "of those", "of them", "of it", "of these")) {
                // "what the dry-run rules would have blocked, and what share of that looks like real people": about the piece before.
                parts.set(parts.size() - 1, parts.get(parts.size() - 1) + " and " + p);
                continue;
            }
            if (!names && parts.isEmpty() && p.split(" ").length <= 4 && p.equals(pieces[0].strip()) && dimension(padded, false) == null
                    && report(padded) == null) {
                // "status, traffic, blocks", "what's the damage? reqs, blocks": a lead-in before the figures it asks for.
                continue;
            }
            if (!names) {
                return List.of(words);
            }
            parts.add(p);
        }
        return parts.size() >= 2 ? parts : List.of(words);
    }

    /**
     * One share with its whole said before a comma, not a list of figures: "of today's denials, what fraction came from the rate
     * limiter", "what proportion of last week's traffic, Monday to Sunday, got blocked".
     */
    private static final String SHARE_ACROSS_COMMA = "^\\s*(?:out\\s+)?of\\s+[^,]{1,50},\\s*(?:what|how|which)\\b"
            + "|\\b(?:fraction|share|proportion|percent|percentage|part)\\s+of\\s+[^,]{1,50}(?:,[^,]{0,40})?,\\s*(?:got|were|was|came|have|has|are|is|ended|been)\\b";

    /**
     * "the path with the most bot denials: list the 5 latest requests on it": a lead-in that names something (three words or
     * more, not "two things:"), then a question about it.
     */
    private List<String> colonParts(String words) {
        Matcher m = COLON_QUESTION.matcher(words);
        if (m.find()) {
            String first = words.substring(0, m.start()).strip();
            String second = words.substring(m.end()).strip();
            String lead = " " + first + " ";
            if (first.split(" ").length >= 3 && second.split(" ").length >= 2
                    && (measure(lead) != null || has(lead, RANKING) && dimension(lead, false) != null)) {
                return List.of(first, second);
            }
        }
        return List.of(words);
    }

    /** A part that asks about what an earlier part finds ("how many requests it sent", "why they got blocked"). */
    private static boolean aboutAnEarlierAnswer(String part) {
        return has(" " + part + " ", "it", "its", "they", "them", "that one", "of those", "of these");
    }

    /** What joins two questions in one ("…, and how many", "… -> which rule", "…, what it is checking"): compiled once, as it runs per part. */
    private static final Pattern PART_JOIN = Pattern.compile("\\s(?:\\+|,?\\s*and|also,?|plus,?|then,?|&|[—–]|--?|n|-+>|=>|→)\\s+"
            // ("which IPs got blocked on Saturday and are still blocked today": the same rows, said of again; one question.)
            + "(?!(?:is|are|was|were)\\s+(?:still|also|again|now)\\b)(?=(?:what|which|who|how|why|where|when|is|are|was|were|did|does|show|list|give|gimme|grab|pull|fetch|tell|the most|the top|the busiest|the worst|its|(?:for|on|about|of) (?:that|this|it|those|these|them)|out of (?:those|these|them|that)|the (?:rule|protection) (?:behind|responsible|that))\\b)|\\s\\+\\s"
            // "the policy changed most recently, what it is checking": a second question after a comma, about the first's answer.
                + "|,(?=\\s+what\\s+(?:it|they)\\s+(?:is|are)\\s+\\w+ing\\b)"
                // "the IP with the most requests since Monday, has it ever been blocked": a yes-or-no question about the first's answer.
                + "|,(?=\\s+(?:has|have|had|is|was|did|does)\\s+(?:it|they|that ip|that one|that path)\\s+(?:ever\\s+|also\\s+|still\\s+)?\\w+)");

    /** Exactly two counts and a comma between them; a longer list ("how many rules, how many live, and how much traffic") is an enumeration. */
    private static final Pattern HOW_MANY_TWICE = Pattern.compile("^([^,]*\\bhow\\s+(?:many|much)\\b[^,]*),\\s+(how\\s+(?:many|much)\\b(?:(?!\\band\\b)[^,])*)$");

    /** "how many X and what was the main reason": the text before and after the joining "and". */
    private static List<String> splitParts(String asked) {
        return splitParts(asked, true);
    }

    private static final String FILLER_BETWEEN_PARTS = "(?:,?\\s*and)?\\s+(?:(?:once|when|after)\\s+you(?:'ve|\\s+have)?(?:\\s+got|\\s+found)?"
            + "\\s+(?:that|it|this)|while\\s+you(?:'re|\\s+are)\\s+at\\s+it)\\s*,?\\s+";

    private static List<String> splitParts(String asked, boolean again) {
        // "… and once you've got that, how many …": the filler between two parts is a plain "then".
        // ("… and while you're at it, how many …" too.)
        String words = Regex.replaceAll(asked, FILLER_BETWEEN_PARTS, " then ");
        Matcher twice = HOW_MANY_TWICE.matcher(words);
        if (twice.matches()) {
            // "prod rules: how many total, how many still in dry run": two counts listed with a comma.
            return List.of(twice.group(1).strip(), twice.group(2).strip());
        }
        Matcher m = PART_JOIN.matcher(words);
        if (m.find()) {
            String first = words.substring(0, m.start()).strip();
            String second = words.substring(m.end()).strip();
            if (first.split(" ").length >= 2 && second.split(" ").length >= 2) {
                // "the IP denied most, how many requests it sent in total and why it got blocked": three parts at most.
                List<String> rest = splitParts(second, false);
                return rest.size() == 2 && again && rest.stream().allMatch(QuestionParser::aboutAnEarlierAnswer)
                        ? List.of(first, rest.get(0), rest.get(1)) : List.of(first, second);
            }
        }
        return List.of(words);
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    static boolean has(String text, String... phrases) {
        for (String p : phrases) {
            if (containsPhrase(text, p)) {
                return true;
            }
        }
        return false;
    }

    static boolean has(String text, List<String> phrases) {
        return has(text, phrases.toArray(String[]::new));
    }

    /** Whether the phrase occurs as whole words ("bot" is not in "bottom"). */
    static boolean containsPhrase(String text, String phrase) {
        return indexOfPhrase(text, phrase) >= 0;
    }

    private static int indexOfPhrase(String text, String phrase) {
        if (phrase.isBlank()) {
            return -1;
        }
        int from = 0;
        while (true) {
            int at = text.indexOf(phrase, from);
            if (at < 0) {
                return -1;
            }
            boolean startOk = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)) || !Character.isLetterOrDigit(phrase.charAt(0));
            int end = at + phrase.length();
            boolean endOk = end >= text.length() || !Character.isLetterOrDigit(text.charAt(end)) || !Character.isLetterOrDigit(phrase.charAt(phrase.length() - 1));
            if (startOk && endOk) {
                return at;
            }
            from = at + 1;
        }
    }
}
