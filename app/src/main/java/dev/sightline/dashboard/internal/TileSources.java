package dev.sightline.dashboard.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sightline.account.SightlineUser;
import dev.sightline.source.DataSourceReconnected;
import dev.sightline.source.DataSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which data sources a tile reads, from its stored plan: the plan's own source and any source a
 * typed query names (a business table beside a vendor's tools). Disconnecting a source names the
 * tiles that read it first; connecting the same vendor account again points them at the new one.
 */
@Component
class TileSources implements DataSources.Dependents {

    private static final Logger log = LoggerFactory.getLogger(TileSources.class);
    /** The plan fields that hold a data source's id: AnalysisPlan.dataSourceId, Query.Table.dataSource. */
    private static final Set<String> SOURCE_FIELDS = Set.of("dataSourceId", "dataSource");

    private final JdbcClient jdbc;

    TileSources(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record StoredTile(long id, String dashboard, String title, String plan, long ownerId, boolean shared) {
    }

    @Override
    public Map<Long, List<String>> of(SightlineUser user, Collection<Long> dataSourceIds) {
        // The workspace's tiles are read and parsed once, whatever the number of sources asked about.
        List<StoredTile> tiles = tiles(user.workspaceId());
        List<JsonNode> plans = tiles.stream().map(t -> JsonMapper.shared().readTree(t.plan())).toList();
        Map<Long, List<String>> dependents = new HashMap<>();
        for (long id : dataSourceIds) {
            List<String> named = new ArrayList<>();
            long hidden = 0;
            for (int i = 0; i < tiles.size(); i++) {
                StoredTile tile = tiles.get(i);
                if (!reads(plans.get(i), id)) {
                    continue;
                }
                if (tile.ownerId() == user.id() || tile.shared()) {
                    named.add(tile.dashboard() + " › " + tile.title());
                } else {
                    hidden++;
                }
            }
            if (hidden > 0) {
                // Others' private dashboards are theirs: how many tiles, not what they are called.
                named.add(hidden + (hidden == 1 ? " tile" : " tiles") + " on other people's private dashboards");
            }
            if (!named.isEmpty()) {
                dependents.put(id, named);
            }
        }
        return dependents;
    }

    @EventListener
    void reconnected(DataSourceReconnected event) {
        int moved = 0;
        for (StoredTile tile : tiles(event.workspaceId())) {
            JsonNode plan = JsonMapper.shared().readTree(tile.plan());
            if (replace(plan, event.oldId(), event.newId())) {
                jdbc.sql("UPDATE dashboard_tile SET plan = ? WHERE id = ? AND workspace_id = ?")
                        .params(JsonMapper.shared().writeValueAsString(plan), tile.id(), event.workspaceId()).update();
                moved++;
            }
        }
        log.info("Data source {} was connected again as {}: {} dashboard tiles read it again", event.oldId(), event.newId(), moved);
    }

    private List<StoredTile> tiles(long workspaceId) {
        return jdbc.sql("""
                SELECT t.id, d.name, t.title, t.plan, d.user_id, d.shared FROM dashboard_tile t JOIN dashboard d ON d.id = t.dashboard_id
                WHERE t.workspace_id = ? AND d.workspace_id = ?""")
                .params(workspaceId, workspaceId)
                .query((rs, n) -> new StoredTile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getBoolean(6))).list();
    }

    static boolean reads(JsonNode node, long sourceId) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                if (SOURCE_FIELDS.contains(field.getKey()) && field.getValue().isIntegralNumber() && field.getValue().asLong() == sourceId
                        || reads(field.getValue(), sourceId)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (reads(item, sourceId)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Replaces the old id with the new one wherever a source field holds it; true when anything changed. */
    static boolean replace(JsonNode node, long oldId, long newId) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.properties().forEach(field -> names.add(field.getKey()));
            for (String name : names) {
                JsonNode value = object.get(name);
                if (SOURCE_FIELDS.contains(name) && value.isIntegralNumber() && value.asLong() == oldId) {
                    object.put(name, newId);
                    changed = true;
                } else {
                    changed |= replace(value, oldId, newId);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                changed |= replace(item, oldId, newId);
            }
        }
        return changed;
    }
}
