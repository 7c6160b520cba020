package dev.sightline.mcp.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a tool's description for what the tool itself does. A description can only block: a clause
 * in which the tool is the one acting ("Deletes inactive users", "Use this to send an email", "Rows
 * are deleted", "Returns the API key") blocks whatever the name says. Clauses about something else,
 * about what might happen, or about what does not happen ("rules that block bots", "would block if
 * promoted", "without saving anything", "passwords are redacted") do not.
 */
final class ToolDescription {

    private ToolDescription() {
    }

    /** Verbs that change data when the tool is their subject. */
    private static final Set<String> CHANGES = Set.of("delete", "remove", "create", "update", "modify", "edit", "write", "overwrite",
            "rewrite", "replace", "rename", "insert", "upsert", "drop", "truncate", "wipe", "purge", "flush", "clear", "erase", "destroy",
            "kill", "terminate", "reset", "revoke", "grant", "send", "email", "post", "publish", "upload", "import", "push", "merge",
            "commit", "deploy", "install", "uninstall", "transfer", "pay", "charge", "refund", "cancel", "archive", "restore", "move",
            "set", "change", "add", "save", "submit", "assign", "invite", "approve", "reject", "close", "reopen", "lock", "unlock", "ban",
            "block", "disable", "enable", "toggle", "activate", "deactivate", "start", "stop", "pause", "resume", "restart", "promote",
            "demote", "switch", "apply", "schedule", "notify", "forward", "reply", "share", "star", "subscribe", "unsubscribe", "mark",
            "flag", "attach", "detach", "register", "rotate", "regenerate", "migrate", "provision", "scale", "resize", "upgrade",
            "downgrade", "rollback", "revert", "fork", "duplicate", "fill", "type", "click", "press", "drag", "navigate", "hover",
            "store", "persist", "mutate", "increment", "decrement", "append", "prepend", "populate", "sync", "dismiss",
            "acknowledge", "snooze", "mute", "unmute", "book", "reserve", "order", "buy", "purchase", "sell", "withdraw", "deposit",
            "invoice", "bill", "checkout", "log", "record", "track", "tag", "label", "link", "follow", "seed", "select", "annotate",
            "highlight", "draw");

    /** Verbs that run code or jobs when the tool is their subject. */
    private static final Set<String> RUNS = Set.of("run", "execute", "exec", "invoke", "trigger", "launch", "spawn", "eval",
            "evaluate", "dispatch");

    /** Verbs whose third-person form is also a common plural noun: "updates on issues", "lists runs". */
    private static final Set<String> NOUN_TOO = Set.of("update", "change", "post", "run", "transfer", "charge", "refund", "import",
            "upload", "trigger", "set", "edit", "move", "grant", "invite", "merge", "schedule", "start", "stop", "email", "commit",
            "push", "drop", "write", "insert", "log", "record", "track", "request", "order", "book", "tag", "label", "link", "share",
            "star", "flag", "mark", "lock", "block", "ban", "click", "type", "press", "drag", "select", "reply", "forward", "follow",
            "deploy", "install", "scale", "reset", "save", "fork", "fill", "deposit", "bill", "invoice", "purchase", "archive",
            "rollback", "mute", "dispatch", "launch", "spawn", "seed", "sync", "pay", "sell", "buy", "switch", "store", "register",
            "clear", "close", "apply", "checkout", "replace", "reserve", "notify");

    /** Irregular past participles (and the pasts that equal them). */
    private static final Map<String, String> IRREGULAR = Map.ofEntries(Map.entry("written", "write"), Map.entry("overwritten", "overwrite"),
            Map.entry("rewritten", "rewrite"), Map.entry("sent", "send"), Map.entry("paid", "pay"), Map.entry("sold", "sell"),
            Map.entry("bought", "buy"), Map.entry("run", "run"), Map.entry("set", "set"), Map.entry("reset", "reset"),
            Map.entry("shut", "shut"), Map.entry("put", "put"));

    /** Verbs that double their last consonant before -ed and -ing. */
    private static final Set<String> DOUBLING = Set.of("drop", "stop", "commit", "ban", "submit", "tag", "star", "flag", "cancel",
            "ship", "pin", "plan", "log", "swap", "zip", "scrap", "strip", "set", "reset", "run", "upset");

    private static final Map<String, Form> FORMS = forms();

    private record Form(String base, char kind) {
        static final char BASE = 'b', THIRD = 's', PARTICIPLE = 'p', GERUND = 'g';
    }

    private static final Set<String> SUBORDINATORS = Set.of("that", "which", "who", "whom", "whose", "what", "whatever", "when",
            "whenever", "where", "wherever", "if", "unless", "whether", "would", "could", "might", "once", "until", "before", "after",
            "while", "how", "why", "instead", "rather", "since", "you", "via", "through", "see", "call", "using",
            "whichever", "otherwise", "else");
    private static final Set<String> NEGATIONS = Set.of("not", "never", "no", "cannot", "can't", "don't", "doesn't", "won't", "isn't",
            "aren't", "without", "nothing", "none", "neither", "nor", "nobody");
    private static final Set<String> BEFORE_BASE_VERB = Set.of("to", "can", "will", "may", "must", "shall", "also", "then", "and", "or",
            "please", "it'll", "and/or");
    private static final Set<String> SUBJECT_LINKS = Set.of("it", "tool", "this", "then", "also", "and", "server", "endpoint",
            "function", "command", "action", "operation", "immediately", "permanently", "silently", "automatically", "first", "finally");
    /** Words after which the word before was a subject noun ("Tag keys are case-sensitive"). */
    private static final Set<String> FOLLOWS_SUBJECT = Set.of("are", "is", "was", "were", "can", "will", "must", "should", "may");
    private static final Set<String> BE = Set.of("is", "are", "be", "being", "get", "gets");
    private static final Set<String> DETERMINERS = Set.of("a", "an", "the", "all", "any", "every", "each", "its", "their", "your",
            "his", "her", "our", "my", "this", "these", "those", "it", "them", "one", "some", "multiple", "new", "existing", "both",
            "selected", "specified", "given", "matching", "old", "stale", "inactive", "whole", "entire", "many", "several", "records",
            "rows", "users", "files", "data", "tables", "messages", "emails", "money", "funds", "payments");
    private static final Set<String> PREPOSITIONS = Set.of("of", "on", "in", "for", "to", "from", "by", "with", "per", "over", "since",
            "and", "or", "as", "at", "into", "across", "about", "between", "within", "during", "like", "that", "which", "are", "is",
            "were", "was", "made", "include", "including", ",");
    private static final Set<String> READ_ONLY_MARKS = Set.of("read-only", "readonly", "read_only");
    private static final Set<String> WHAT_IS_RUN_ONLY_READS = Set.of("report", "reports", "read-only", "readonly", "select");
    private static final Set<String> OBJECT_END = Set.of("of", "on", "for", "in", "with", "to", "from", "by", "that", "which", "and", "using");

    private static final Pattern CODE = Pattern.compile("```.*?```|`[^`]*`", Pattern.DOTALL);
    private static final Pattern TAGS = Pattern.compile("</?[A-Za-z][A-Za-z0-9_-]*>");
    private static final Pattern EXAMPLES = Pattern.compile("\\((?:e\\.g\\.|i\\.e\\.|eg\\b|for example|example)[^)]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PARAMETER_VALUES = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*\\s*=\\s*\\S+");
    /** Search syntax such as is:resolved or assigned:me. */
    private static final Pattern SEARCH_TERMS = Pattern.compile("\\b[A-Za-z_][A-Za-z0-9_.]*:[^\\s/]+");
    private static final Pattern CLAUSES = Pattern.compile("(?<=[.!?;:])\\s+|\\s*\\n+\\s*");
    private static final Pattern BULLET = Pattern.compile("^(?:[-*\u2022]|\\d+[.)])\\s+");
    private static final Pattern WORDS = Pattern.compile("[^a-z0-9'_/,-]+|(?<=,)|(?=,)");
    private static final Pattern WORD_EDGES = Pattern.compile("^['/-]+|['/-]+$");

    /** What a tool must never hand over, as descriptions put it. */
    private static final Pattern SECRETS = Pattern.compile(
            "\\b(?:api|sdk|secret|private|access|signing|license|ssh|encryption|master|client|service[ _-]role|anon|publishable|deploy"
                    + "|site|account|root|admin|webhook)[ _-]?keys?\\b"
                    + "|\\b(?:access|refresh|bearer|auth|api|session|id|oauth|personal[ _-]access|bot|user|service|run|csrf|github|slack"
                    + "|app|installation)[ _-]?tokens?\\b"
                    + "|(?<!input |output |max |page |next |pagination |continuation |cursor |completion |prompt |total |cached "
                    + "|reasoning |llm |model )\\btokens?\\b(?! usage| count| counts| limit| limits| used| budget| cost| costs| spent)"
                    + "|\\bsecrets?\\b|\\bpasswords?\\b(?! reset| policy| policies| strength| rules| expir| attempt| change| age)|\\bpasswd\\b|\\bpassphrases?\\b"
                    + "|\\bcredentials?\\b|\\bcookies?\\b|\\bjwts?\\b|\\bbearer\\b|\\benvironment[ _-]variables?\\b|\\benv[ _-]?vars?\\b"
                    + "|(?<![a-z0-9])\\.env\\b|\\bconnection[ _-]strings?\\b|\\bdsns?\\b|\\bseed[ _-]phrases?\\b|\\bmnemonics?\\b"
                    + "|\\b[a-z0-9]+_(?:key|token|secret|password)\\b");
    private static final Pattern NOT_SECRET = Pattern.compile("^(?:primary|foreign|sort|partition|idempotency|cache|object|row|map|group"
            + "|dedup|dedupe|lookup|page|search|unique|composite|hash|range|next|continuation)_");
    private static final Set<String> REDACTED = Set.of("redact", "redacts", "redacted", "mask", "masks", "masked", "omit", "omits",
            "omitted", "exclude", "excludes", "excluded", "excluding", "hide", "hides", "hidden", "strip", "strips", "stripped",
            "obfuscated", "sanitized", "scrubbed", "never");
    private static final Set<String> USES_SECRET = Set.of("requires", "require", "needs", "need", "using", "uses", "use", "authenticates",
            "authenticate", "authenticated", "authorized", "after", "before", "when", "if", "via", "configured", "set", "accessible",
            "limited");

    /** Why the description blocks the tool, or empty. */
    static Optional<String> objection(String description) {
        if (description == null || description.isBlank()) {
            return Optional.empty();
        }
        String text = ToolName.fold(description);
        text = CODE.matcher(text).replaceAll(" code ");
        text = TAGS.matcher(text).replaceAll(" ");
        text = EXAMPLES.matcher(text).replaceAll(" ");
        text = PARAMETER_VALUES.matcher(text).replaceAll(" code ");
        text = SEARCH_TERMS.matcher(text).replaceAll(" code ");
        boolean peoplesNeeds = false;
        for (String raw : CLAUSES.split(text)) {
            Matcher bullet = BULLET.matcher(raw.strip());
            boolean isBullet = bullet.find();
            String clause = (isBullet ? raw.strip().substring(bullet.end()) : raw.strip()).toLowerCase(Locale.ROOT);
            // "Use this tool when you need to:" followed by a list: the list says what a person wants
            // done ("- Set up the SDK"), which the tool helps with by reading. Secrets still count there.
            if (!isBullet) {
                peoplesNeeds = introducesNeeds(clause);
            }
            boolean heading = raw.strip().endsWith(":") && raw.equals(raw.toUpperCase(Locale.ROOT));
            Optional<String> action = isBullet && peoplesNeeds || heading ? Optional.empty() : action(words(clause));
            if (action.isPresent()) {
                return action;
            }
            Optional<String> secret = secret(clause);
            if (secret.isPresent()) {
                return secret;
            }
        }
        return Optional.empty();
    }

    /** The clause's words, with "," kept as a word: a comma ends the reach of "when", "not" and the like. */
    private static boolean introducesNeeds(String clause) {
        List<String> words = words(clause);
        return clause.endsWith(":") && words.stream().anyMatch(Set.of("when", "whenever", "if")::contains)
                && words.stream().anyMatch(w -> PEOPLE.contains(w) || w.startsWith("need") || w.startsWith("want"));
    }

    private static List<String> words(String clause) {
        List<String> words = new ArrayList<>();
        for (String w : WORDS.split(clause.replace(",", " , "))) {
            if (w.equals(",")) {
                words.add(w);
                continue;
            }
            String word = WORD_EDGES.matcher(w).replaceAll("");
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /** A clause whose subject is a person ("User shares a profile URL") tells what they do, not the tool. */
    private static final Set<String> PEOPLE = Set.of("user", "users", "you", "customer", "customers", "caller", "someone", "people");

    /** The first verb of the clause that the tool performs and that changes or runs something. */
    private static Optional<String> action(List<String> words) {
        int subject = !words.isEmpty() && words.get(0).equals("the") ? 1 : 0;
        if (subject < words.size() && PEOPLE.contains(words.get(subject))) {
            return Optional.empty();
        }
        for (int i = 0; i < words.size(); i++) {
            Form form = FORMS.get(words.get(i));
            if (form == null || subordinated(words, i) || !toolActs(words, i, form)) {
                continue;
            }
            if (RUNS.contains(form.base())) {
                if (onlyReads(words, i)) {
                    continue;
                }
                return Optional.of("Its description says it runs code or jobs ('" + words.get(i) + "').");
            }
            if (form.base().equals("apply") && next(words, i, 3).stream().anyMatch(w -> w.startsWith("filter") || w.startsWith("sort"))) {
                continue;
            }
            // "Set `verbose` to true": an instruction about the call's own arguments.
            if (form.base().equals("set") && next(words, i, 1).contains("code")) {
                continue;
            }
            return Optional.of("Its description says it changes data ('" + words.get(i) + "').");
        }
        return Optional.empty();
    }

    private static boolean toolActs(List<String> words, int i, Form form) {
        int start = firstWord(words);
        String prev = i > 0 ? words.get(i - 1) : "";
        String next = i + 1 < words.size() ? words.get(i + 1) : "";
        boolean nounToo = NOUN_TOO.contains(form.base());
        // A noun-like form followed by a preposition, a comma, a participle or nothing is the noun ("requests used").
        boolean verbShape = !nounToo || DETERMINERS.contains(next)
                || (!next.isEmpty() && !PREPOSITIONS.contains(next) && !next.endsWith("ed"));
        switch (form.kind()) {
            case Form.BASE:
                if (nounToo && next(words, i, 2).stream().anyMatch(FOLLOWS_SUBJECT::contains)) {
                    return false;
                }
                return (i <= start || BEFORE_BASE_VERB.contains(prev) || prev.endsWith("ly") && i - 1 <= start) && verbShape
                        && !(prev.equals("to") && i >= 2 && "how".equals(words.get(i - 2)));
            case Form.THIRD:
                if (!nounToo) {
                    return true;
                }
                if (DETERMINERS.contains(next)) {
                    return true;
                }
                return verbShape && (i <= start || SUBJECT_LINKS.contains(prev) || prev.endsWith("ly"));
            case Form.GERUND:
                return (i <= start || prev.equals("by")) && verbShape;
            default:
                int j = i - 1;
                while (j >= 0 && words.get(j).endsWith("ly")) {
                    j--;
                }
                return j >= 0 && BE.contains(words.get(j));
        }
    }

    /** Index of the first word that can carry the clause's verb, past "also", "then", "first" and adverbs. */
    private static int firstWord(List<String> words) {
        int i = 0;
        while (i < words.size() - 1 && (Set.of("also", "then", "first", "please", "and", "finally", "next").contains(words.get(i))
                || words.get(i).endsWith("ly"))) {
            i++;
        }
        return i;
    }

    /**
     * Whether a subordinating or negating word governs word i. A short aside closed by a comma ("when
     * called, deletes all users") governs nothing after the comma; a longer one is a list that goes on.
     */
    private static boolean subordinated(List<String> words, int i) {
        int from = 0;
        int comma = words.subList(0, i).lastIndexOf(",");
        if (comma >= 0) {
            int opener = -1;
            for (int j = comma - 1; j >= 0 && j >= comma - 4; j--) {
                if (SUBORDINATORS.contains(words.get(j)) || NEGATIONS.contains(words.get(j))) {
                    opener = j;
                }
            }
            if (opener >= 0) {
                from = comma + 1;
            }
        }
        for (int j = from; j < i; j++) {
            String w = words.get(j);
            if (SUBORDINATORS.contains(w) || NEGATIONS.contains(w)) {
                return true;
            }
            // "use X to ..." points at another tool, "use this to ..." at this one.
            if ((w.equals("use") || w.equals("uses")) && j + 1 < words.size() && !Set.of("this", "it", "me").contains(words.get(j + 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean onlyReads(List<String> words, int i) {
        if (words.stream().anyMatch(READ_ONLY_MARKS::contains)) {
            return true;
        }
        for (String w : next(words, i, 8)) {
            if (OBJECT_END.contains(w)) {
                return false;
            }
            if (WHAT_IS_RUN_ONLY_READS.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> next(List<String> words, int i, int count) {
        return words.subList(Math.min(words.size(), i + 1), Math.min(words.size(), i + 1 + count));
    }

    private static Optional<String> secret(String clause) {
        Matcher m = SECRETS.matcher(clause);
        while (m.find()) {
            if (NOT_SECRET.matcher(m.group()).find()) {
                continue;
            }
            List<String> before = words(clause.substring(0, m.start()));
            List<String> all = words(clause);
            boolean denied = before.stream().anyMatch(w -> NEGATIONS.contains(w) || USES_SECRET.contains(w))
                    || all.stream().anyMatch(REDACTED::contains);
            if (!denied) {
                return Optional.of("Its description says it hands over a secret ('" + m.group().strip() + "').");
            }
        }
        return Optional.empty();
    }

    private static Map<String, Form> forms() {
        Map<String, Form> forms = new HashMap<>();
        List<String> all = new ArrayList<>(CHANGES);
        all.addAll(RUNS);
        for (String base : all) {
            forms.put(base, new Form(base, Form.BASE));
            forms.put(third(base), new Form(base, Form.THIRD));
            String stem = DOUBLING.contains(base) ? base + base.charAt(base.length() - 1)
                    : base.endsWith("e") ? base.substring(0, base.length() - 1) : base;
            forms.putIfAbsent(stem + "ing", new Form(base, Form.GERUND));
            String participle = base.endsWith("e") ? base + "d"
                    : base.matches(".*[^aeiou]y") ? base.substring(0, base.length() - 1) + "ied" : stem + "ed";
            forms.putIfAbsent(participle, new Form(base, Form.PARTICIPLE));
        }
        forms.putIfAbsent("canceled", new Form("cancel", Form.PARTICIPLE));
        forms.putIfAbsent("canceling", new Form("cancel", Form.GERUND));
        IRREGULAR.forEach((participle, base) -> {
            if (!participle.equals(base)) {
                forms.put(participle, new Form(base, Form.PARTICIPLE));
            }
        });
        return Map.copyOf(forms);
    }

    private static String third(String base) {
        if (base.matches(".*(s|sh|ch|x|z)")) {
            return base + "es";
        }
        if (base.matches(".*[^aeiou]y")) {
            return base.substring(0, base.length() - 1) + "ies";
        }
        return base + "s";
    }
}
