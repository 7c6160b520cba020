package dev.sightline.ask;

import java.util.List;
import java.util.Optional;

import dev.sightline.account.SightlineUser;

/** Asking questions and running stored plans (dashboards re-run them). */
public interface Analyses {

    /**
     * Plans and answers a question over the given data sources (all of the user's when empty);
     * {@code fresh} bypasses the cache of recent identical tool calls. A blank question, or one over
     * 1,000 characters, is refused with an {@link IllegalArgumentException} and not stored.
     */
    Analysis ask(SightlineUser user, String question, List<Long> dataSourceIds, boolean fresh, Progress progress);

    /** Runs a stored plan again; {@code fresh} bypasses the cache. Not stored as a new analysis. */
    Analysis run(SightlineUser user, AnalysisPlan plan, boolean fresh);

    /** Several stored plans at once (a dashboard): in parallel, sharing sessions and identical calls. */
    List<Analysis> runAll(SightlineUser user, List<AnalysisPlan> plans, boolean fresh);

    Optional<Analysis> find(SightlineUser user, String id);

    /** The user's latest questions, newest first: enough to list them, without their results. */
    List<Asked> recent(SightlineUser user, int limit);

    record Asked(String id, String question, java.time.Instant createdAt) {
    }

    /** Progress while an analysis runs: planning, each tool call as it starts and ends, composing. */
    interface Progress {
        Progress NONE = (stage, detail) -> { };

        void update(String stage, Object detail);
    }
}
