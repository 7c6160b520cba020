package dev.sightline.mcp.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The read-only tool policy: a tool reaches the analysis engine only if it is judged read-only, and
 * the same judgement is repeated when a call is about to be sent. It denies by default: a tool passes
 * only when its name, read the way a model reads it (see {@link ToolName}), has a word that only
 * reads and no word anywhere that writes, runs something or names a secret. Every other rule can only
 * block; the first that blocks gives the reason:
 * <ol>
 *   <li>write, execute and secret words anywhere in the name, also spelled across pieces or hidden
 *       inside a longer word, and a second action chained after a read ("get_then_drop_table");</li>
 *   <li>look-alike letters from other alphabets, or alphabets mixed in one name;</li>
 *   <li>a description in which the tool itself changes data, runs something or hands over a secret;</li>
 *   <li>annotations, which the MCP specification calls untrusted and which therefore never unblock:
 *       {@code destructiveHint: true}, {@code readOnlyHint: false}, and {@code openWorldHint: true}
 *       on a name with a write word in any form;</li>
 *   <li>no read word in the name, whatever {@code readOnlyHint} says;</li>
 *   <li>a block by an owner of the workspace.</li>
 * </ol>
 */
public final class ToolPolicy {

    private static final Pattern DATABASE_TEXT = Pattern.compile("\\b(?:sql|database|databases)\\b");
    private static final Pattern READ_ONLY_TEXT = Pattern.compile("\\bread[ -]?only\\b|\\bselect\\b");

    private final Set<String> blockedByOwner;

    public ToolPolicy(Set<String> blockedByOwner) {
        this.blockedByOwner = Set.copyOf(blockedByOwner);
    }

    public static ToolPolicy standard() {
        return new ToolPolicy(Set.of());
    }

    public ToolVerdict judge(ToolDescriptor tool) {
        ToolVerdict standard = STANDARD_VERDICTS.get(tool);
        if (standard == null) {
            standard = standardVerdict(tool);
            // Only small descriptors are remembered: the map counts entries, and a server may write descriptions of megabytes.
            if (tool.description() == null || tool.description().length() <= MAX_REMEMBERED_DESCRIPTION) {
                if (STANDARD_VERDICTS.size() >= MAX_REMEMBERED) {
                    STANDARD_VERDICTS.clear();
                }
                STANDARD_VERDICTS.put(tool, standard);
            }
        }
        if (standard.allowed() && blockedByOwner.contains(standard.tool())) {
            return ToolVerdict.block(standard.tool(), "Blocked by an owner of this workspace.");
        }
        return standard;
    }

    /**
     * The verdict without the owner's blocks, which depends on the descriptor alone (name,
     * description, annotations): remembered, as every question and every call checks the catalog
     * again, and reading a description is far dearer than the call that asks. A changed description
     * is another descriptor, judged afresh.
     */
    private static final Map<ToolDescriptor, ToolVerdict> STANDARD_VERDICTS = new ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 10_000;
    private static final int MAX_REMEMBERED_DESCRIPTION = 16 * 1024;

    private static ToolVerdict standardVerdict(ToolDescriptor tool) {
        ToolName name = ToolName.of(tool.name());
        if (name.words.isEmpty()) {
            return ToolVerdict.block(name.shown, "The tool has no usable name.");
        }
        Optional<String> objection = nameObjection(name.words)
                .or(() -> hiddenWordObjection(name))
                .or(() -> disguiseObjection(name))
                .or(() -> ToolDescription.objection(tool.description()))
                .or(() -> annotationObjection(tool, name.words))
                .or(() -> readsObjection(tool, name.words))
                .or(() -> queryObjection(tool, name.words));
        return objection.isPresent() ? ToolVerdict.block(name.shown, objection.get()) : ToolVerdict.allow(name.shown);
    }

    /**
     * Every tool of a listing judged. A name listed twice is blocked each time: a call names only the
     * tool, so which of the two the server runs cannot be known (one may be the read, the other a delete).
     */
    public List<ToolVerdict> judgeAll(List<ToolDescriptor> tools) {
        Map<String, Long> listed = tools.stream().filter(t -> t.name() != null)
                .collect(Collectors.groupingBy(ToolDescriptor::name, Collectors.counting()));
        List<ToolVerdict> verdicts = new ArrayList<>();
        for (ToolDescriptor t : tools) {
            verdicts.add(t.name() != null && listed.get(t.name()) > 1 ? ToolVerdict.block(ToolName.of(t.name()).shown, TWICE) : judge(t));
        }
        return verdicts;
    }

    private static final String TWICE = "The server lists two tools of this name, so which one a call would run cannot be known.";

    /**
     * The call-time check: only a tool that was listed once and judged read-only may be called. A
     * name the catalog does not contain, or contains twice, is refused too, whatever asks for it.
     */
    public boolean mayCall(String toolName, List<ToolDescriptor> catalog) {
        List<ToolDescriptor> named = catalog.stream().filter(t -> t.name() != null && t.name().equals(toolName)).limit(2).toList();
        return named.size() == 1 && judge(named.get(0)).allowed();
    }

    /** Splits create-rule, createRule, rules_create, CreateRULE into lower-case words. */
    static List<String> words(String name) {
        return ToolName.of(name).words;
    }

    private static Optional<String> nameObjection(List<String> words) {
        boolean suffixStyle = Lexicon.READ.contains(words.get(words.size() - 1)) && !afterAs(words, words.size() - 1);
        boolean readSeen = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            boolean chained = i > 0 && (Lexicon.THEN.contains(words.get(i - 1))
                    || Lexicon.AND.contains(words.get(i - 1)) && i > 1 && Lexicon.READ.contains(words.get(i - 2)));
            if (Lexicon.SECRET.contains(word)) {
                return Optional.of(secret(word));
            }
            if (Lexicon.EXECUTE.contains(word)) {
                return Optional.of("Its name says it runs something ('" + word + "').");
            }
            if (Lexicon.WRITE.contains(word)) {
                boolean verbHere = !Lexicon.NOUN_TOO.contains(word) || chained || !readSeen && !suffixStyle;
                if (verbHere) {
                    return Optional.of(changes(word));
                }
            } else if (chained && !Lexicon.READ.contains(word)) {
                return Optional.of("Its name chains a second action after the read ('" + word + "'), and that action is not a read.");
            }
            if (Lexicon.THEN.contains(word) && i == words.size() - 1) {
                return Optional.of("Its name chains a second action after the read.");
            }
            if ((i == 0 || chained) && looksLikeVerb(word)) {
                return Optional.of("Its name starts with a verb that is not known to only read ('" + word + "').");
            }
            if (Lexicon.READ.contains(word) && !afterAs(words, i)) {
                readSeen = true;
            }
            // An "and" after a read may be followed by the object ("list_users_and_groups"), so only
            // a read verb directly before it makes what follows a second action.
            if (Lexicon.AND.contains(word) && i > 0 && Lexicon.READ.contains(words.get(i - 1)) && i == words.size() - 1) {
                return Optional.of("Its name chains a second action after the read.");
            }
        }
        return Optional.empty();
    }

    /** "mark_as_read": a read word after "as" describes a state, it does not read. */
    private static boolean afterAs(List<String> words, int i) {
        return i > 0 && words.get(i - 1).equals("as");
    }

    /** An unknown word shaped like a verb (sanitize, nullify, anonymise): never taken as a read. */
    private static boolean looksLikeVerb(String word) {
        if (Lexicon.KNOWN.contains(word) || Lexicon.NOT_VERBS.contains(word) || word.length() < 6) {
            return false;
        }
        return Lexicon.VERB_ENDINGS.stream().anyMatch(word::endsWith);
    }

    private static Optional<String> hiddenWordObjection(ToolName name) {
        String split = name.splitWord();
        if (split != null) {
            return Optional.of(Lexicon.SECRET.contains(split) ? secret(split)
                    : Lexicon.EXECUTE.contains(split) ? "Its name says it runs something ('" + split + "'), spelled in pieces."
                    : "Its name says it changes data ('" + split + "'), spelled in pieces.");
        }
        for (String word : name.words) {
            if (Lexicon.KNOWN.contains(word) || word.contains("-")) {
                continue;
            }
            if (!Lexicon.NOT_SECRET.contains(word) && (Lexicon.SECRET_STEMS.stream().anyMatch(word::contains)
                    || word.length() > 4 && (word.endsWith("key") || word.endsWith("keys")) || word.length() > 3 && word.endsWith("env"))) {
                return Optional.of("It hands over a secret ('" + word + "'), which must never reach the analysis engine.");
            }
            String inside = writeInside(word);
            if (inside != null) {
                return Optional.of("Its name says it changes data ('" + inside + "' in '" + word + "').");
            }
        }
        return Optional.empty();
    }

    /**
     * A write or execute verb inside a longer unknown word (deleteall, truncatelogs, forcedelete), or
     * null. The verb with only an ending added is a noun or an adjective (deployments, deleted,
     * assignees), and so is the same with "un" or "non" before it (unpublished).
     */
    private static String writeInside(String word) {
        for (String verb : Lexicon.HIDDEN) {
            int at = word.indexOf(verb);
            if (at < 0) {
                continue;
            }
            String before = word.substring(0, at);
            String after = word.substring(at + verb.length());
            boolean inflected = Lexicon.INFLECTIONS.contains(after)
                    && (before.isEmpty() || before.equals("un") || before.equals("non") || before.equals("pre"));
            if (!inflected && !(before.isEmpty() && after.isEmpty())) {
                return verb;
            }
        }
        return null;
    }

    private static Optional<String> disguiseObjection(ToolName name) {
        if (name.disguise.isPresent()) {
            return Optional.of("Its name disguises letters with look-alikes (" + name.disguise.get() + ").");
        }
        return name.mixedScripts.map(scripts -> "Its name mixes alphabets (" + scripts + "), a way to disguise a word.");
    }

    private static Optional<String> annotationObjection(ToolDescriptor tool, List<String> words) {
        if (Boolean.TRUE.equals(tool.destructiveHint())) {
            return Optional.of("The server marks it as destructive.");
        }
        if (Boolean.FALSE.equals(tool.readOnlyHint())) {
            return Optional.of("The server marks it as not read-only.");
        }
        if (Boolean.TRUE.equals(tool.openWorldHint())) {
            for (String word : words) {
                String verb = writeForm(word);
                if (verb != null) {
                    return Optional.of("The server says it reaches outside systems, and its name says it acts there ('" + word + "').");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The write verb a word is the participle or gerund of (posted, sending, deleted), or null. Other
     * endings make nouns (attachment, reports) that say nothing about acting.
     */
    private static String writeForm(String word) {
        for (String verb : Lexicon.WRITE) {
            String stem = verb.endsWith("e") ? verb.substring(0, verb.length() - 1) : verb;
            if (word.startsWith(stem) && VERB_FORMS.contains(word.substring(stem.length()))) {
                return verb;
            }
        }
        return null;
    }

    private static final Set<String> VERB_FORMS = Set.of("ed", "ing", "ted", "ting", "ped", "ping", "led", "ling", "ged", "ging", "ied");

    private static Optional<String> readsObjection(ToolDescriptor tool, List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            if (Lexicon.READ.contains(words.get(i)) && !afterAs(words, i)) {
                return Optional.empty();
            }
        }
        return Optional.of(Boolean.TRUE.equals(tool.readOnlyHint())
                ? "Its name does not say it only reads, and the server's read-only mark alone is not trusted."
                : "Its name does not say it only reads.");
    }

    /**
     * A "query" of a database can write as well as read (SQL has DELETE and DROP), so a name whose only
     * read word is "query" passes against a database only when the description says it only reads.
     */
    private static Optional<String> queryObjection(ToolDescriptor tool, List<String> words) {
        boolean onlyQuery = words.stream().filter(Lexicon.READ::contains).allMatch("query"::equals);
        String description = tool.description() == null ? "" : tool.description().toLowerCase(java.util.Locale.ROOT);
        boolean database = words.stream().anyMatch(Lexicon.DATABASE::contains) || DATABASE_TEXT.matcher(description).find();
        if (onlyQuery && database && !READ_ONLY_TEXT.matcher(description).find()) {
            return Optional.of("A database query can also write, and its description does not say it only reads.");
        }
        return Optional.empty();
    }

    private static String changes(String word) {
        return "Its name says it changes data ('" + word + "')" + (Lexicon.DOCUMENTED.contains(word) ? "." : ": a write operation.");
    }

    private static String secret(String word) {
        return "It hands over a secret ('" + word + "'), which must never reach the analysis engine.";
    }
}
