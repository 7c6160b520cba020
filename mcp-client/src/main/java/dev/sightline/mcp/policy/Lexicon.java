package dev.sightline.mcp.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The words the read-only policy knows, as data. Grown from the tool catalogs of public MCP servers
 * (GitHub, Slack, Stripe, Notion, Linear, Sentry, Postgres, SQLite, filesystem, git, server-everything,
 * Playwright, Puppeteer, Cloudflare, Supabase, Google Analytics, Arcjet). A word the lexicon does not
 * know is never taken as a read: a name passes only with a known read word and nothing that writes,
 * runs or hands over a secret.
 */
final class Lexicon {

    private Lexicon() {
    }

    /** The blocklist the product documentation names; its reasons need no further explanation. */
    static final Set<String> DOCUMENTED = words("create", "update", "delete", "send", "refund");

    /** Verbs that change something wherever they stand in a name, even where a noun could stand. */
    static final Set<String> WRITE = words(
            // records
            "create", "update", "delete", "remove", "insert", "upsert", "modify", "edit", "write", "overwrite", "rewrite", "replace",
            "rename", "set", "unset", "reset", "add", "append", "prepend", "put", "patch", "post", "save", "submit", "store", "mutate",
            "increment", "decrement", "populate", "fill", "duplicate", "clone", "copy", "move", "reorder", "reprioritize", "prioritize",
            "sort", "triage", "review",
            // shell spellings
            "rm", "del", "rmdir", "mkdir", "mv", "chmod", "chown", "truncatetable",
            // destruction
            "drop", "truncate", "wipe", "purge", "flush", "clear", "clean", "cleanup", "erase", "destroy", "nuke", "obliterate",
            "annihilate", "kill", "terminate", "shutdown", "reboot", "restart", "halt", "abort", "cancel", "void", "discard", "revert",
            "rollback", "undo", "redo",
            // lifecycle and state
            "start", "stop", "pause", "resume", "suspend", "unsuspend", "disable", "enable", "toggle", "activate", "deactivate",
            "reactivate", "archive", "unarchive", "restore", "recover", "repair", "fix", "heal", "upgrade", "downgrade", "migrate",
            "provision", "deprovision", "scale", "resize", "rotate", "regenerate", "generate", "renew", "refresh", "retry", "reopen",
            "close", "lock", "unlock", "block", "unblock", "ban", "unban", "mute", "unmute", "snooze", "dismiss", "acknowledge", "ack",
            "resolve", "unresolve", "confirm", "reject", "accept", "decline", "deny", "approve", "unapprove", "configure", "setup",
            "init", "initialize", "bootstrap", "install", "uninstall", "reinstall", "deploy", "undeploy", "redeploy", "rebase",
            "mark", "flag", "unflag", "manage", "handle", "process", "finalize", "escalate", "deescalate", "promote", "demote",
            // publishing and moving data out
            "publish", "unpublish", "republish", "upload", "import", "reimport", "sync", "push", "merge", "commit", "fork", "share",
            "unshare", "send", "resend", "forward", "reply", "respond", "comment", "react", "vote", "notify", "broadcast", "announce",
            "email", "mail", "message", "tweet", "invite", "uninvite", "subscribe", "unsubscribe", "follow", "unfollow", "star",
            "unstar", "pin", "unpin", "like", "unlike", "attach", "detach", "link", "unlink", "tag", "untag", "label", "unlabel",
            "assign", "unassign", "reassign", "grant", "revoke", "authorize", "deauthorize", "register", "unregister", "enroll",
            "unenroll", "join", "leave", "kick", "transfer", "withdraw", "deposit", "schedule", "reschedule", "book", "reserve",
            "order", "buy", "purchase", "sell", "trade", "swap", "mint", "burn", "pay", "charge", "refund", "capture", "invoice",
            "bill", "checkout", "donate", "login", "logout", "signin", "signout", "signup", "sign", "connect", "disconnect",
            // browser and desktop control
            "click", "tap", "type", "press", "drag", "hover", "scroll", "navigate", "select", "upload", "draw", "annotate", "highlight",
            "record", "track", "log", "report", "request", "draft", "page", "call");

    /** Verbs that run code, jobs or workflows. */
    static final Set<String> EXECUTE = words("run", "rerun", "exec", "execute", "invoke", "trigger", "eval", "evaluate", "launch",
            "spawn", "dispatch", "perform", "shell", "bash", "sh", "powershell", "cmd", "sudo");

    /**
     * The subset of {@link #WRITE} that tool catalogs also use as nouns: get_issue, get_commit, list_tags,
     * get_request_details. Such a word changes something only where a verb stands: first in the name, right
     * after "and" or "then", or anywhere when no read word comes before it. The rest of the lexicon blocks
     * wherever it stands.
     */
    static final Set<String> NOUN_TOO = words("issue", "commit", "tag", "label", "link", "share", "comment", "reply", "request",
            "report", "record", "track", "log", "page", "call", "order", "process", "handle", "message", "email", "mail", "draft",
            "book", "star", "pin", "like", "fork", "copy", "move", "clone", "type", "press", "select", "block", "lock", "close",
            "capture", "void", "invoice", "bill", "sort", "store", "fill", "push", "sync", "vote", "react", "review", "follow",
            "connect", "join", "leave", "sign", "scale", "highlight", "draw", "tap", "handle", "accept", "decline", "reject",
            "confirm", "deny", "ack", "fix", "process", "clean", "halt", "comment", "login", "signin");

    /** Verbs (and the few nouns that name a reading) that only read. */
    static final Set<String> READ = words("get", "list", "read", "fetch", "search", "find", "query", "describe", "show", "view",
            "explain", "analyze", "analyse", "investigate", "inspect", "count", "summarize", "summarise", "lookup", "retrieve", "browse",
            "compare", "preview", "estimate", "calculate", "compute", "check", "validate", "lint", "diff", "trace", "audit", "explore",
            "measure", "forecast", "predict", "detect", "classify", "aggregate", "tail", "peek", "translate", "parse", "echo",
            "whoami", "status", "stats", "statistics", "info", "health", "usage", "summary", "overview", "tree", "screenshot",
            // compounds collapsed by NOUN_COMPOUNDS
            "run-report");

    /** Words of things a tool must never hand to the analysis engine. */
    static final Set<String> SECRET = words("key", "keys", "apikey", "apikeys", "secret", "secrets", "token", "tokens", "jwt", "jwts",
            "bearer", "credential", "credentials", "cred", "creds", "password", "passwords", "passwd", "passphrase", "passcode",
            "privatekey", "privatekeys", "private", "cookie", "cookies", "session", "sessions", "env", "envs", "environ",
            "environment", "dotenv", "printenv", "getenv", "envvar", "envvars", "otp", "totp", "mfa", "pin", "seed",
            "mnemonic", "dsn", "dsns", "keychain", "keyring", "keystore", "keyfile", "keypair", "authorization", "authorizations",
            "localstorage", "sessionstorage", "connection-string", "webhook-url");

    /**
     * Stems that give a secret away wherever they appear inside a word (apiToken, client_secrets,
     * getPasswords, ARCJET_KEY written as one word).
     */
    static final List<String> SECRET_STEMS = List.of("token", "secret", "passw", "credential", "cookie", "bearer", "jwt", "apikey",
            "privatekey", "privkey", "passphrase", "mnemonic", "dotenv", "printenv", "getenv", "setenv", "envvar", "environ");

    /** Ordinary words that contain a secret stem or end in "key" but hold no secret. */
    static final Set<String> NOT_SECRET = words("environments", "environmental", "monkey", "turkey", "hockey", "jockey", "donkey",
            "whiskey", "lackey", "tokenizer", "tokenize", "tokenization", "tokenizers");

    /**
     * Multi-word nouns whose words would otherwise mislead. Each is read as one word. "dry run" is
     * the reason this exists: Arcjet's get-dry-run-impact reads what DRY_RUN rules would have done and
     * runs nothing, while "run" alone is an execute verb. The list stays small and every entry is a
     * noun (or a known read phrase), so it can never turn a verb into a read by accident.
     */
    static final Map<List<String>, String> NOUN_COMPOUNDS = Map.ofEntries(
            Map.entry(List.of("dry", "run"), "dry-run"),
            Map.entry(List.of("dry", "runs"), "dry-run"),
            Map.entry(List.of("dryrun"), "dry-run"),
            Map.entry(List.of("workflow", "run"), "workflow-run"),
            Map.entry(List.of("test", "run"), "test-run"),
            Map.entry(List.of("check", "run"), "check-run"),
            Map.entry(List.of("pull", "request"), "pull-request"),
            Map.entry(List.of("pull", "requests"), "pull-request"),
            Map.entry(List.of("merge", "request"), "merge-request"),
            Map.entry(List.of("merge", "requests"), "merge-request"),
            Map.entry(List.of("feature", "flag"), "feature-flag"),
            Map.entry(List.of("feature", "flags"), "feature-flag"),
            Map.entry(List.of("primary", "key"), "primary-key"),
            Map.entry(List.of("primary", "keys"), "primary-key"),
            Map.entry(List.of("foreign", "key"), "foreign-key"),
            Map.entry(List.of("foreign", "keys"), "foreign-key"),
            Map.entry(List.of("page", "token"), "page-token"),
            Map.entry(List.of("next", "token"), "page-token"),
            Map.entry(List.of("token", "usage"), "token-usage"),
            Map.entry(List.of("token", "count"), "token-usage"),
            Map.entry(List.of("token", "counts"), "token-usage"),
            Map.entry(List.of("key", "metrics"), "key-metrics"),
            Map.entry(List.of("key", "event"), "key-event"),
            Map.entry(List.of("key", "events"), "key-event"),
            Map.entry(List.of("start", "date"), "start-date"),
            Map.entry(List.of("start", "time"), "start-time"),
            Map.entry(List.of("session", "replay"), "session-replay"),
            Map.entry(List.of("session", "replays"), "session-replay"),
            Map.entry(List.of("session", "recording"), "session-recording"),
            Map.entry(List.of("session", "recordings"), "session-recording"),
            Map.entry(List.of("look", "up"), "lookup"),
            // A read phrase: Google Analytics' run_report and run_realtime_report only read reports.
            Map.entry(List.of("run", "report"), "run-report"),
            Map.entry(List.of("run", "realtime", "report"), "run-report"),
            // Phrases that act although no single word says so.
            Map.entry(List.of("sign", "in"), "signin"),
            Map.entry(List.of("sign", "up"), "signup"),
            Map.entry(List.of("sign", "out"), "signout"),
            Map.entry(List.of("log", "in"), "login"),
            Map.entry(List.of("log", "out"), "logout"),
            Map.entry(List.of("check", "in"), "checkin"),
            Map.entry(List.of("check", "out"), "checkout"),
            Map.entry(List.of("shut", "down"), "shutdown"),
            Map.entry(List.of("set", "up"), "setup"),
            Map.entry(List.of("clean", "up"), "cleanup"),
            Map.entry(List.of("connection", "string"), "connection-string"),
            Map.entry(List.of("connection", "strings"), "connection-string"),
            Map.entry(List.of("conn", "str"), "connection-string"),
            Map.entry(List.of("database", "url"), "connection-string"),
            Map.entry(List.of("db", "url"), "connection-string"),
            // An incoming-webhook address is itself the credential that lets anyone post.
            Map.entry(List.of("webhook", "url"), "webhook-url"),
            Map.entry(List.of("webhook", "urls"), "webhook-url"),
            Map.entry(List.of("recovery", "codes"), "credentials"));

    /** Words that say a "query" goes to a database, where it may write. */
    static final Set<String> DATABASE = words("sql", "database", "databases", "db", "d1", "postgres", "postgresql", "mysql", "sqlite",
            "mssql", "mariadb", "tsql", "plsql", "table", "tables");

    /** Words that join two actions: after them comes a verb, which must read too. */
    static final Set<String> THEN = words("then", "also", "afterwards", "andthen");
    static final Set<String> AND = words("and", "or", "plus");

    /** Endings that turn a verb into a noun or an adjective (deployments, deleted, assignee). */
    static final Set<String> INFLECTIONS = words("s", "es", "d", "ed", "r", "er", "ers", "or", "ors", "ing", "ings", "ion", "ions",
            "ation", "ations", "ment", "ments", "able", "al", "als", "ee", "ees", "led", "ling", "ted", "ting", "ped", "ping", "ged",
            "ive", "ure", "ures", "ance", "ence", "y", "ies", "lation", "ent", "rs");

    /** Ordinary words in which a longer write verb hides by accident. */
    static final Set<String> PLAIN_WORDS = words("postgres", "postgresql", "posthog", "postman", "postal", "postcode", "postcodes",
            "postmark", "poster", "posters", "posture", "dropbox", "dropdown", "dropdowns", "backdrop", "raindrop", "skill", "skills",
            "skillset", "startup", "startups", "stopwatch", "sendgrid", "important", "importance", "preset", "presets", "chargeback",
            "chargebacks", "emergency", "emergencies", "emerge", "emergent", "vagrant", "clickhouse", "appendix", "surcharge", "surcharges", "credit", "credits", "recharge", "discharge", "nuclear", "unclear",
            "typescript", "javascript", "prescript", "subscript", "transcript", "transcripts", "manuscript", "runtime", "runtimes",
            "runbook", "runbooks", "runner", "runners", "pipeline", "dataset", "datasets", "asset", "assets", "offset", "subset",
            "settings", "setting", "upset", "mindset", "toolset", "toolsets", "charset", "sunset", "onset", "closet", "typeset",
            "starter", "deadlock", "padlock", "wedlock", "gridlock", "unlocked", "blocklist", "blockchain", "blocks", "timestamps",
            "messages", "messaging", "commits", "comments", "requests", "reports", "records", "recordings", "tags", "labels",
            "links", "shares", "orders", "processes", "pages", "calls", "issues", "logs", "logging", "schedules", "transfers",
            "charges", "refunds", "imports", "uploads", "posts", "runs", "merges", "patches", "triggers", "invoices", "drafts");

    /** Short ordinary words: never treated as fragments of a split-up verb. */
    static final Set<String> SHORT_WORDS = words("a", "an", "as", "at", "be", "by", "do", "go", "he", "id", "if", "in", "ip", "is",
            "it", "me", "my", "no", "of", "on", "or", "so", "to", "up", "us", "we", "ai", "ui", "db", "os", "pr", "qa", "v", "all",
            "and", "any", "api", "app", "are", "aws", "bot", "but", "can", "cpu", "csv", "day", "dns", "for", "gcp", "has", "how",
            "ids", "job", "kv", "map", "max", "min", "new", "not", "now", "off", "old", "one", "org", "out", "own", "pdf", "per",
            "raw", "sdk", "see", "sql", "ssl", "the", "top", "two", "url", "uri", "use", "via", "web", "who", "why", "xml", "yes",
            "his", "her", "its", "our", "you", "git", "llm", "iam", "ssh", "tls", "vm", "vms", "k8s", "gpu", "ram", "ttl", "utc");

    /** Endings that make an unknown word a verb (sanitize, nullify, anonymise). */
    static final List<String> VERB_ENDINGS = List.of("ize", "ise", "yze", "ify");
    /** Words with those endings that are not verbs. */
    static final Set<String> NOT_VERBS = words("size", "prize", "seize", "enterprise", "enterprises", "exercise", "franchise",
            "expertise", "merchandise", "premise", "promise", "noise", "cruise", "otherwise", "compromise", "paradise", "precise",
            "concise", "advertise", "praise", "raise", "wise", "likewise", "clockwise");

    /**
     * Write and execute verbs looked for inside longer words (deleteall, forcedelete). Short verbs
     * hide by accident in too many ordinary words (post in postgres, mark in markdown); the four kept
     * are the ones seen glued to their object (killall, dropdb).
     */
    static final Set<String> HIDDEN = Stream.concat(Stream.concat(WRITE.stream(), EXECUTE.stream())
                    .filter(w -> w.length() >= 5 && !NOUN_TOO.contains(w)), Stream.of("drop", "kill", "wipe", "nuke"))
            .collect(Collectors.toUnmodifiableSet());

    /** Every word any list knows: such a word is never a fragment. */
    static final Set<String> KNOWN = Stream.of(WRITE, EXECUTE, READ, SECRET, SHORT_WORDS, PLAIN_WORDS, THEN, AND)
            .flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());

    /** A set from a list that may repeat a word, as a lexicon grown from many catalogs does. */
    private static Set<String> words(String... words) {
        return Set.copyOf(List.of(words));
    }

    /** Digits and signs that stand in for letters (d3l3te, dr0p, k1ll). */
    static final Map<Character, String> LEET = Map.of('0', "o", '1', "li", '3', "e", '4', "a", '5', "s", '7', "t", '8', "b", '@', "a",
            '$', "s", '|', "l");
}
