package dev.sightline.sandbox.traffic;

/**
 * Everything about a request but its time and client address: route, method, user agent, bot and
 * the decision. A site sees a few thousand kinds among millions of requests, so each request
 * stores the number of its kind, and counts per kind carry every figure the tools report except
 * those per address. Indexes point into the site's lists of paths, agents, bots and rules; -1 is
 * none.
 */
record RequestKind(int path, int method, int agent, int bot, Conclusion conclusion, Reason reason, int rule,
                   Reason dryRunReason, int dryRunRule) {

    private static final Conclusion[] CONCLUSIONS = Conclusion.values();
    private static final Reason[] REASONS = Reason.values();

    boolean denied() {
        return conclusion == Conclusion.DENY;
    }

    /** Whether a DRY_RUN rule would have blocked it. */
    boolean flagged() {
        return dryRunRule >= 0;
    }

    /** The decision alone, in a byte: what the counts per address are kept by. */
    int verdict() {
        return verdict(conclusion, reason, dryRunReason);
    }

    static int verdict(Conclusion conclusion, Reason reason, Reason dryRunReason) {
        return conclusion.ordinal() << 6 | reason.ordinal() << 3 | dryRunReason.ordinal();
    }

    static Conclusion conclusionOf(int verdict) {
        return CONCLUSIONS[verdict >>> 6];
    }

    static Reason reasonOf(int verdict) {
        return REASONS[verdict >>> 3 & 7];
    }

    static Reason dryRunReasonOf(int verdict) {
        return REASONS[verdict & 7];
    }
}
