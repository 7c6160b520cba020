package dev.sightline.source;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sightline.account.SightlineUser;

/**
 * What other modules may do with a user's data sources: list them with their allowed tools, and
 * open a session that calls those tools. The read-only policy is enforced inside: a tool that is
 * not allowed is refused before any network traffic, whoever asks.
 */
public interface DataSources {

    List<DataSource> list(SightlineUser user);

    Optional<DataSource> find(SightlineUser user, long id);

    /**
     * What the question engine knows about a source's vendor, checked against the source's live
     * catalog; implemented where that knowledge lives, shown on the source's page.
     */
    interface Knowledge {
        /** Empty when there is no vendor knowledge for this source: the generic planner answers. */
        Optional<KnowledgeReport> of(DataSource source);
    }

    /**
     * {@code mismatches}: what in the knowledge the live catalog does not offer (then the generic
     * planner answers); {@code topics}: what questions can be about; {@code examples}: questions to try.
     */
    record KnowledgeReport(String vendor, List<String> mismatches, List<String> topics, List<String> examples) {
        public boolean fits() {
            return mismatches.isEmpty();
        }
    }

    /** Opens one MCP session for several calls; close it when done. */
    ToolSession open(SightlineUser user, long dataSourceId);

    /**
     * A connected source: only its allowed (read-only) tools are listed. {@code site} is the id the
     * vendor's tools take (an Arcjet TypeID such as site_01...); {@code siteName} is what people call
     * it (acme-prod), null when unknown.
     */
    record DataSource(long id, String name, String connector, String site, String status, List<AllowedTool> tools, String siteName) {

        public boolean hasTool(String name) {
            return tools.stream().anyMatch(t -> t.name().equals(name));
        }
    }

    /** A tool the analysis engine may use, as the server described it. */
    record AllowedTool(String name, String title, String description, Map<String, Object> inputSchema) {
    }

    /**
     * A tool's answer: its text, the structured content when the server sent one, whether it is a
     * tool error, and the resources it points to (resource links, embedded resources) so they are
     * shown rather than dropped.
     */
    record ToolResult(boolean error, String text, Object structured, List<Link> links) {
        public ToolResult {
            links = links == null ? List.of() : List.copyOf(links);
        }

        public ToolResult(boolean error, String text, Object structured) {
            this(error, text, structured, List.of());
        }
    }

    /** A resource a tool result points to: its URI and what the server says about it. */
    record Link(String uri, String name, String description, String mimeType) {
    }

    /** Calls on one session. Not thread-bound: calls may run in parallel. */
    interface ToolSession extends AutoCloseable {
        ToolResult call(String tool, Map<String, Object> arguments);

        @Override
        void close();
    }

    /** Why a call could not be made. */
    final class ToolCallException extends RuntimeException {

        /**
         * REFUSED: not sent (policy or arguments); NEEDS_REAUTH: the person must sign in at the
         * vendor again; UNAVAILABLE: could not be reached, may pass, worth a retry; SERVER_ERROR:
         * the server answered with an error, retrying will not help; NOT_FOUND: no such data source.
         */
        public enum Kind { REFUSED, NEEDS_REAUTH, UNAVAILABLE, SERVER_ERROR, NOT_FOUND }

        private final Kind kind;

        public ToolCallException(Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }
}
