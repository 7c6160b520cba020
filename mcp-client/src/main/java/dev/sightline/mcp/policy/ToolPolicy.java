package dev.sightline.mcp.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The read-only tool policy: a tool reaches the analysis engine only if it is judged read-only,
 * and the same judgement is repeated when a call is about to be sent. Every rule can only block;
 * the strictest wins:
 * <ol>
 *   <li>write verbs in the name (the documented blocklist create, update, delete, send, refund, and
 *       every other write verb), in any case and separator style;</li>
 *   <li>tools that hand over secrets (keys, tokens, passwords);</li>
 *   <li>annotations: {@code destructiveHint: true} or {@code readOnlyHint: false};</li>
 *   <li>a name that says neither read nor write is blocked unless annotated {@code readOnlyHint: true}.</li>
 * </ol>
 * {@code readOnlyHint: true} never overrides a write name or a secret.
 */
public final class ToolPolicy {

    /** The blocklist the product documentation names. */
    static final Set<String> DOCUMENTED = Set.of("create", "update", "delete", "send", "refund");

    /** Words that are verbs wherever they stand in a tool name. */
    static final Set<String> ALWAYS_WRITE = Set.of("create", "update", "delete", "send", "refund", "promote", "demote", "revoke",
            "cancel", "archive", "unarchive", "approve", "upsert", "insert", "modify", "rename", "destroy", "purge", "erase",
            "overwrite", "deploy", "undeploy", "publish", "unpublish", "install", "uninstall", "execute", "invoke", "trigger",
            "terminate", "subscribe", "unsubscribe", "enable", "disable", "activate", "deactivate", "unassign", "unban",
            "reopen", "unlock", "unblock", "unfollow", "unpin", "untag", "unlabel", "unlink", "unshare", "reschedule", "withdraw",
            "deposit", "escalate", "mutate", "remove", "grant", "invite", "suspend", "unsuspend", "restore", "rotate",
            "reset", "submit", "upload", "import", "write", "edit", "replace", "transfer", "charge");

    /** Words that are write verbs when they stand where a verb stands (first, or last as in rules_create). */
    static final Set<String> VERB_POSITION_WRITE = Set.of("add", "set", "put", "patch", "post", "save", "apply", "assign", "ban",
            "block", "lock", "close", "open", "start", "stop", "restart", "pause", "resume", "run", "exec", "move", "copy", "clone",
            "duplicate", "fork", "merge", "commit", "push", "sync", "schedule", "book", "pay", "mark", "flag", "star", "pin",
            "like", "follow", "tag", "label", "attach", "detach", "link", "share", "comment", "reply", "confirm", "reject",
            "accept", "decline", "dismiss", "resolve", "void", "capture", "issue", "register", "unregister", "kill", "drop",
            "clear", "change", "configure", "enroll", "refresh", "retry", "generate", "make", "new", "do", "perform", "process",
            "handle", "increment", "decrement", "toggle", "archive", "approve", "cancel");

    /** Verbs that only read. */
    static final Set<String> READ = Set.of("get", "list", "read", "fetch", "search", "find", "query", "describe", "show", "view",
            "explain", "analyze", "analyse", "investigate", "inspect", "count", "summarize", "summarise", "lookup", "retrieve",
            "browse", "compare", "preview", "estimate", "calculate", "check", "status", "stats", "report", "export", "download",
            "validate", "verify", "lint", "diff", "trace", "audit", "explore", "measure", "forecast", "predict", "detect", "scan",
            "tail", "watch", "translate", "render", "format", "parse", "convert", "evaluate", "test", "ping", "echo");

    /** Nouns of things a tool must never hand to the analysis engine. */
    static final Set<String> SECRETS = Set.of("key", "keys", "apikey", "apikeys", "secret", "secrets", "token", "tokens", "password",
            "passwords", "passwd", "credential", "credentials", "passphrase", "privatekey", "privatekeys", "cookie", "cookies", "otp",
            "totp", "mfa", "pin", "pins", "seed", "mnemonic");

    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");
    private static final Pattern SEPARATORS = Pattern.compile("[^A-Za-z0-9]+");

    private final Set<String> blockedByOwner;

    public ToolPolicy(Set<String> blockedByOwner) {
        this.blockedByOwner = Set.copyOf(blockedByOwner);
    }

    public static ToolPolicy standard() {
        return new ToolPolicy(Set.of());
    }

    public ToolVerdict judge(ToolDescriptor tool) {
        String name = tool.name() == null ? "" : tool.name();
        List<String> words = words(name);
        if (words.isEmpty()) {
            return ToolVerdict.block(name, "The tool has no usable name.");
        }
        String first = words.get(0);
        String last = words.get(words.size() - 1);
        boolean readVerbFirst = READ.contains(first) && !ALWAYS_WRITE.contains(first);

        for (String word : words) {
            if (ALWAYS_WRITE.contains(word)) {
                return ToolVerdict.block(name, "Its name says it changes data ('" + word + "')"
                        + (DOCUMENTED.contains(word) ? "." : ": a write operation."));
            }
        }
        if (VERB_POSITION_WRITE.contains(first) && !READ.contains(first)) {
            return ToolVerdict.block(name, "Its name says it changes data ('" + first + "').");
        }
        if (!readVerbFirst) {
            for (String word : words) {
                if (VERB_POSITION_WRITE.contains(word) && !READ.contains(word)) {
                    return ToolVerdict.block(name, "Its name says it changes data ('" + word + "').");
                }
            }
        }
        for (String word : words) {
            if (SECRETS.contains(word)) {
                return ToolVerdict.block(name, "It hands over a secret ('" + word + "'), which must never reach the analysis engine.");
            }
        }
        if (Boolean.TRUE.equals(tool.destructiveHint())) {
            return ToolVerdict.block(name, "The server marks it as destructive.");
        }
        if (Boolean.FALSE.equals(tool.readOnlyHint())) {
            return ToolVerdict.block(name, "The server marks it as not read-only.");
        }
        boolean readName = readVerbFirst || (READ.contains(last) && !VERB_POSITION_WRITE.contains(last));
        if (!readName && !Boolean.TRUE.equals(tool.readOnlyHint())) {
            return ToolVerdict.block(name, "Its name does not say it only reads, and the server does not mark it read-only.");
        }
        if (blockedByOwner.contains(name)) {
            return ToolVerdict.block(name, "Blocked by an owner of this workspace.");
        }
        return ToolVerdict.allow(name);
    }

    public List<ToolVerdict> judgeAll(List<ToolDescriptor> tools) {
        List<ToolVerdict> verdicts = new ArrayList<>();
        tools.forEach(t -> verdicts.add(judge(t)));
        return verdicts;
    }

    /**
     * The call-time check: only a tool that was listed and judged read-only may be called. A name
     * the catalog does not contain is refused too, whatever asks for it.
     */
    public boolean mayCall(String toolName, List<ToolDescriptor> catalog) {
        return catalog.stream().filter(t -> t.name().equals(toolName)).findFirst().map(t -> judge(t).allowed()).orElse(false);
    }

    /** Splits create-rule, createRule, rules_create, CreateRULE into lower-case words. */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        for (String part : SEPARATORS.split(name)) {
            for (String word : CAMEL.split(part)) {
                if (!word.isEmpty()) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        }
        return words;
    }
}
