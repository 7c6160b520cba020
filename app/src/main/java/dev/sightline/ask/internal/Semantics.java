package dev.sightline.ask.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sightline.ask.Analysis;
import dev.sightline.source.DataSources;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What a connector's tools mean, loaded from {@code connectors/<id>/semantics.yaml}: measures,
 * dimensions, filters with their words, entities and how to look them up, reports, refusals,
 * missing data and troubleshooting messages. The engine is generic over this; a second vendor is
 * a second file.
 */
record Semantics(String connector, String vendor, List<String> requires, Scope scope, Sites sites, Map<String, Measure> measures,
                 Map<String, Dimension> dimensions, Map<String, Filter> filters, Listing listing, Map<String, Lookup> lookups,
                 Map<String, Report> reports, Refusals refusals, Map<String, String> labels, Map<String, List<String>> missingData,
                 String records, Map<String, List<String>> followUps, List<String> suggestedQuestions, List<String> exemplars,
                 Map<String, Message> troubleshooting) {

    /** A field of the listed requests no tool filters on, kept on the listed items themselves ("the pages Googlebot crawled"). */
    boolean keptOnItems(String field) {
        Dimension dimension = dimensions.get(field);
        return dimension != null && dimension.listing() && !filters.containsKey(field) && !listing.filters().contains(field);
    }

    private static final Map<String, Exemplars> EXEMPLARS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Questions offered when one was not understood: the exemplars and suggested questions nearest to it, else the usual three. */
    List<String> closestTo(String question) {
        List<String> offered = new java.util.ArrayList<>(EXEMPLARS.computeIfAbsent(connector, c -> {
            // Trigrams of the exemplars are counted once per connector, not for every question not understood.
            List<String> pool = new java.util.ArrayList<>(exemplars == null ? List.of() : exemplars);
            pool.addAll(suggestedQuestions == null ? List.of() : suggestedQuestions);
            return new Exemplars(pool);
        }).nearest(question, 3));
        for (String usual : followUps("unclear", "")) {
            if (offered.size() < 3 && !offered.contains(usual)) {
                offered.add(usual);
            }
        }
        return offered;
    }

    /** The follow-up questions of a kind of answer, {when} filled with its period in words. */
    List<String> followUps(String kind, String when) {
        return followUps == null ? List.of() : followUps.getOrDefault(kind, List.of()).stream().map(q -> q.replace("{when}", when)).toList();
    }

    /** How a vendor value reads in an answer: its label, else its constant as words. */
    String label(String value) {
        if (value != null && value.contains("|")) {
            // "OPENAI_CRAWLER|ANTHROPIC_CRAWLER": values counted together, each by its own label.
            return String.join(" and ", java.util.Arrays.stream(Regex.split(value, "\\|")).map(this::label).toList());
        }
        return labels != null && labels.containsKey(value) ? labels.get(value) : Formats.words(value);
    }

    record Scope(String argument, String entity, Window window) {
    }

    record Window(String start, String end) {
    }

    /** {@code idPattern}: what a site id looks like, so one the user cannot see is declined rather than ignored. */
    record Sites(Source teams, Source sites, Map<String, List<String>> environments, List<String> words, String idPattern, List<String> ownWords) {
        Sites {
            ownWords = ownWords == null ? List.of() : ownWords;
        }
    }

    /** A tool that lists things: its items, and each item's id, name and environment fields. */
    record Source(String tool, String argument, String items, String id, String name, String environment) {
    }

    /** A figure a tool returns: where it is, what it is called, and the filter it stands for ({@code conclusion}). */
    record Measure(String tool, String field, String label, String unit, String conclusion, List<String> ratioOf, List<String> words) {
        boolean isRatio() {
            return ratioOf != null && ratioOf.size() == 2;
        }
    }

    /**
     * Rows a tool ranks ({@code rows} of {@code tool}), or, with {@code listing}, a field of the
     * individual requests counted here; {@code fields}: other fields of its rows a question may ask
     * for across them ("which countries do the top IPs come from"), field → words.
     * {@code codes}: "iso-3166" when the values are country codes, so a country named in words ("from Germany") is one of them.
     * {@code namedBefore}: the nouns after which a word names one of the rows by a part of its key ("the checkout
     * endpoint" is /api/checkout), resolved against the rows the site has.
     * {@code partNames}: a value named in {@code names} is a part of the row's value, not all of it (a user agent
     * that contains "Android").
     */
    record Dimension(String tool, String rows, String key, Map<String, String> values, Limit limit, String lookup, boolean listing,
                     List<String> words, Map<String, List<String>> fields, String codes, List<String> namedBefore,
                     Map<String, List<String>> names, String ownReason, boolean partNames) {
        Dimension {
            values = values == null ? Map.of() : values;
            names = names == null ? Map.of() : names;
            words = words == null ? List.of() : words;
            fields = fields == null ? Map.of() : fields;
            namedBefore = namedBefore == null ? List.of() : namedBefore;
        }

        /** Whether a row's value is the one asked for: the same, or containing it where names are parts. */
        /** Whether a listed value is the one asked for; "A|B" asks for either (two bots counted together). */
        boolean matches(String value, String asked) {
            if (value == null || asked == null) {
                return false;
            }
            for (String one : Regex.split(asked, "\\|")) {
                if (partNames ? value.toLowerCase(java.util.Locale.ROOT).contains(one.toLowerCase(java.util.Locale.ROOT)) : value.equalsIgnoreCase(one)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Limit(String argument, int max) {
    }

    /** An argument whose values have words; {@code denialsFrom}: the dimension whose rows hold the value's exact denials. */
    record Filter(String argument, String denialsFrom, Map<String, List<String>> values) {
    }

    record Listing(String tool, String items, String key, Limit limit, Cursor cursor, List<String> filters, List<String> words) {
    }

    record Cursor(String argument, String next) {
    }

    /**
     * How one entity is looked up: by a value the question states ({@code pattern}), or, with
     * {@code list}, by its words matched against the rows of a listing, then described by {@code tool};
     * {@code sections}: lists inside the result a question may ask for by their words, pointer → words.
     * {@code where}: per section, a field whose value the words pick ("never leave the app": exposure
     * LOCAL), checked in the order written, so a negated phrase can come before the plain one.
     * {@code sentences}: fields a text answer states only in a sentence, field → pattern whose first group is the value.
     */
    record Lookup(String tool, String argument, String pattern, boolean windowed, String details, Map<String, String> figures, Source list,
                  List<String> words, Map<String, List<String>> sections, Map<String, Map<String, Map<String, List<String>>>> where,
                  Map<String, String> sentences) {
        Lookup {
            sections = sections == null ? Map.of() : sections;
            where = where == null ? Map.of() : where;
            sentences = sentences == null ? Map.of() : sentences;
        }

        /** Found by its words in a listing ("the bot rule", "the refund policy"), having no id of a form to spot in a question. */
        boolean foundByName() {
            return list != null && pattern == null;
        }
    }

    /**
     * A composed report; {@code sections}: lists inside it a question may ask for by their words
     * ("new threats"), each list's pointer → words; {@code argument}: a document the question pastes
     * (a policy to validate) goes to this argument;
     * {@code windows}: the only windows a report with fixed windows covers; {@code otherWindows}:
     * the report that answers instead when the question names another; {@code fields}: columns of
     * its rows a question may name ("rule types"), column → words; {@code times}: its time columns a
     * question may order by ("changed most recently": updatedAt), column → words; {@code verdicts}:
     * a figure a text answer states in words ("is not valid": valid = false), figure → phrase → value;
     * {@code entities}: what a section's rows are (the new threats are IPs), pointer → lookup;
     * {@code sentences}: a figure a text answer states inside a sentence ("would have blocked 811
     * requests"), figure → pattern whose one group is the value (a percent is read as a fraction);
     * {@code rowSentences}: the same for a field of a row a text answer lists ("`rule_x`: bot [LIVE]");
     * {@code general}: the words that ask for a report about everything ("rundown", "overview"), which give way
     * to a report on one topic named beside them ("the rundown on the dry run"); the report's own name does not;
     * {@code most}: a number of each row and the words that ask for the row where it is highest ("revised the most times": the version).
     */
    record Report(String tool, boolean windowed, String rows, String key, Map<String, String> figures, Map<String, List<String>> sections,
                  String argument, List<String> words, List<String> windows, String otherWindows, Map<String, List<String>> fields,
                  Map<String, List<String>> times, Map<String, Map<String, Object>> verdicts, Map<String, String> entities,
                  Map<String, String> sentences, Map<String, String> rowSentences, List<String> general, Map<String, List<String>> most) {
        Report {
            sentences = sentences == null ? Map.of() : sentences;
            rowSentences = rowSentences == null ? Map.of() : rowSentences;
            entities = entities == null ? Map.of() : entities;
            verdicts = verdicts == null ? Map.of() : verdicts;
            fields = fields == null ? Map.of() : fields;
            times = times == null ? Map.of() : times;
            windows = windows == null ? List.of() : windows;
            figures = figures == null ? Map.of() : figures;
            sections = sections == null ? Map.of() : sections;
            words = words == null ? List.of() : words;
            general = general == null ? List.of() : general;
            most = most == null ? Map.of() : most;
        }
    }

    record Refusals(List<String> secretTools, List<String> secretWords, List<String> writeWords) {
    }

    record Message(String title, String cause, String fix) {
    }

    private static final Map<String, Semantics> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The connector's semantics, if it has any. */
    static Optional<Semantics> of(String connector) {
        if (connector == null || !Regex.matches(connector, "[a-z0-9-]{1,40}")) {
            return Optional.empty();
        }
        return Optional.ofNullable(LOADED.computeIfAbsent(connector, Semantics::load));
    }

    private static Semantics load(String connector) {
        try (InputStream in = Semantics.class.getResourceAsStream("/connectors/" + connector + "/semantics.yaml")) {
            if (in == null) {
                return null;
            }
            return YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build().readValue(in, Semantics.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What does not fit the live catalog: a tool the file names that the source does not offer as
     * allowed, or an argument its input schema does not declare. Empty when the file fits.
     */
    List<String> mismatches(DataSources.DataSource source) {
        List<String> problems = new ArrayList<>();
        for (String tool : requires) {
            if (!source.hasTool(tool)) {
                problems.add("required tool " + tool + " is not available");
            }
        }
        Map<String, List<String>> arguments = new LinkedHashMap<>();
        measures.values().forEach(m -> arguments.computeIfAbsent(m.tool(), t -> new ArrayList<>()).addAll(List.of(scope.argument(), scope.window().start())));
        dimensions.values().stream().filter(d -> d.limit() != null).forEach(d -> arguments.computeIfAbsent(d.tool(), t -> new ArrayList<>()).add(d.limit().argument()));
        filters.values().forEach(f -> measures.values().forEach(m -> arguments.computeIfAbsent(m.tool(), t -> new ArrayList<>()).add(f.argument())));
        lookups.values().stream().filter(l -> l.tool() != null).forEach(l -> arguments.computeIfAbsent(l.tool(), t -> new ArrayList<>()).add(l.argument()));
        for (Map.Entry<String, List<String>> tool : arguments.entrySet()) {
            Optional<DataSources.AllowedTool> live = source.tools().stream().filter(t -> t.name().equals(tool.getKey())).findFirst();
            if (live.isEmpty()) {
                continue;
            }
            Object properties = live.get().inputSchema() == null ? null : live.get().inputSchema().get("properties");
            if (properties instanceof Map<?, ?> declared) {
                tool.getValue().stream().distinct().filter(a -> !declared.containsKey(a))
                        .forEach(a -> problems.add(tool.getKey() + " does not take " + a));
            }
        }
        return problems;
    }

    /** Whether this file can answer from the source: its vendor, with the tools it relies on allowed and as declared. */
    boolean fits(DataSources.DataSource source) {
        return connector.equals(source.connector()) && mismatches(source).isEmpty();
    }

    /** A troubleshooting message as a warning, its {name} placeholders replaced. */
    Analysis.Warning warning(String name, Map<String, String> values) {
        Message message = troubleshooting.get(name);
        if (message == null) {
            throw new IllegalStateException("The " + connector + " semantics have no message " + name);
        }
        return new Analysis.Warning(fill(message.title(), values), fill(message.cause(), values), fill(message.fix(), values));
    }

    private static String fill(String text, Map<String, String> values) {
        String filled = text;
        for (Map.Entry<String, String> v : values.entrySet()) {
            filled = filled.replace("{" + v.getKey() + "}", v.getValue());
        }
        return filled;
    }
}
