package dev.sightline.source.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sightline.account.SightlineUser;
import dev.sightline.mcp.policy.ToolVerdict;
import dev.sightline.source.DataSources;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.stereotype.Service;

/** {@link DataSources} on the stored records and live MCP sessions. */
@Service
class DataSourcesService implements DataSources {

    private final DataSourceRecords records;
    private final DataSourceSessions sessions;
    private final BusinessSources business;

    DataSourcesService(DataSourceRecords records, DataSourceSessions sessions, BusinessSources business) {
        this.records = records;
        this.sessions = sessions;
        this.business = business;
    }

    @Override
    public List<DataSource> list(SightlineUser user) {
        return records.listUsable(user.workspaceId(), user.id()).stream().map(this::describe).toList();
    }

    @Override
    public Optional<DataSource> find(SightlineUser user, long id) {
        return records.findUsable(user.workspaceId(), user.id(), id).map(this::describe);
    }

    @Override
    public Optional<Disconnected> disconnected(SightlineUser user, long id) {
        return records.retired(user.workspaceId(), id);
    }

    @Override
    public TableResult aggregate(SightlineUser user, long dataSourceId, Aggregate aggregate) {
        return business.aggregate(user, dataSourceId, aggregate);
    }

    @Override
    public ToolSession open(SightlineUser user, long dataSourceId) {
        DataSourceRecord source = records.findUsable(user.workspaceId(), user.id(), dataSourceId)
                .filter(r -> !r.business())
                .orElseThrow(() -> new ToolCallException(ToolCallException.Kind.NOT_FOUND, "No such data source."));
        try {
            DataSourceSessions.OpenSession session = sessions.open(source);
            return new ToolSession() {
                @Override
                public ToolResult call(String tool, Map<String, Object> arguments) {
                    return toolResult(session.call(tool, arguments));
                }

                @Override
                public void abandon() {
                    session.abandon();
                }

                @Override
                public void close() {
                    session.close();
                }
            };
        } catch (ConnectionException e) {
            throw DataSourceSessions.unreachable(e);
        }
    }

    /**
     * A call's result as the engine reads it. Every text part is kept (one JSON text stays alone, as
     * it is the whole answer); an embedded text resource counts as text; resource links, and the
     * URIs of embedded resources, become links.
     */
    static ToolResult toolResult(McpSchema.CallToolResult result) {
        List<String> texts = new java.util.ArrayList<>();
        List<DataSources.Link> links = new java.util.ArrayList<>();
        for (McpSchema.Content c : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            if (c instanceof McpSchema.TextContent text && text.text() != null) {
                texts.add(text.text());
            } else if (c instanceof McpSchema.ResourceLink link) {
                links.add(new DataSources.Link(link.uri(), link.title() != null ? link.title() : link.name(), link.description(), link.mimeType()));
            } else if (c instanceof McpSchema.EmbeddedResource embedded && embedded.resource() != null) {
                links.add(new DataSources.Link(embedded.resource().uri(), null, null, embedded.resource().mimeType()));
                if (embedded.resource() instanceof McpSchema.TextResourceContents contents && contents.text() != null) {
                    texts.add(contents.text());
                }
            }
        }
        String first = texts.isEmpty() ? "" : texts.get(0).strip();
        String text = texts.size() <= 1 || first.startsWith("{") || first.startsWith("[") ? (texts.isEmpty() ? "" : texts.get(0)) : String.join("\n\n", texts);
        return new ToolResult(Boolean.TRUE.equals(result.isError()), text, result.structuredContent(), links);
    }

    private DataSource describe(DataSourceRecord record) {
        if (record.business()) {
            return new DataSource(record.id(), record.name(), record.connector(), null, record.status(), List.of(), null,
                    DataSourceRecord.FILE.equals(record.connector()) ? DataSource.FILE : DataSource.DATABASE, business.tablesOf(record.id()));
        }
        List<String> allowed = DataSourceSessions.policy(record).judgeAll(record.tools().stream().map(ToolInfo::descriptor).toList())
                .stream().filter(ToolVerdict::allowed).map(ToolVerdict::tool).toList();
        List<AllowedTool> tools = record.tools().stream().filter(t -> allowed.contains(t.name()))
                .map(t -> new AllowedTool(t.name(), t.title(), t.description(), t.inputSchema())).toList();
        return new DataSource(record.id(), record.name(), record.connector(), record.site(), record.status(), tools, record.siteName());
    }
}
