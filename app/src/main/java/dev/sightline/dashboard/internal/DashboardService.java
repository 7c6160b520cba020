package dev.sightline.dashboard.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.sightline.account.SightlineUser;
import dev.sightline.account.Workspaces;
import dev.sightline.ask.Analyses;
import dev.sightline.ask.Analysis;
import dev.sightline.ask.AnalysisPlan;
import dev.sightline.ask.Query;
import dev.sightline.source.DataSources;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dashboards of pinned analyses. A tile keeps the plan, not the data: opening or refreshing a
 * dashboard runs every tile's plan again (relative windows move with time), tiles in parallel,
 * through the same executor, so identical calls of different tiles are made once.
 */
@Service
class DashboardService {

    static final List<String> INTERVALS = List.of("OFF", "5M", "1H", "1D");

    /**
     * A dashboard as its viewer sees it: {@code shared} with the workspace or private to its
     * creator ({@code ownerId}, {@code owner} their name), whose access its tiles run with.
     */
    record Dashboard(long id, String name, String refreshInterval, OffsetDateTime createdAt, boolean shared, long ownerId, String owner) {
        public boolean ownedBy(SightlineUser user) {
            return ownerId == user.id();
        }
    }

    private static final String SELECT_DASHBOARD = """
            SELECT d.id, d.name, d.refresh_interval, d.created_at, d.shared, d.user_id AS owner_id, u.display_name AS owner
            FROM dashboard d JOIN user_account u ON u.id = d.user_id
            WHERE d.workspace_id = ? AND (d.user_id = ? OR d.shared = TRUE)""";

    /** By position: looking up refreshInterval as a column name first fails, and H2 traces every such failure to its file. */
    private static final RowMapper<Dashboard> DASHBOARD = (rs, n) -> new Dashboard(rs.getLong(1), rs.getString(2), rs.getString(3),
            rs.getObject(4, OffsetDateTime.class), rs.getBoolean(5), rs.getLong(6), rs.getString(7));

    record Tile(long id, String title, AnalysisPlan plan, int position) {
    }

    /** A tile with the data of this run; {@code gone}: the source it read was disconnected (null while it is connected). */
    record TileView(long id, String title, Analysis analysis, Instant updatedAt, DataSources.Disconnected gone) {
    }

    private final JdbcClient jdbc;
    private final Analyses analyses;
    private final Workspaces workspaces;
    private final DataSources sources;

    DashboardService(JdbcClient jdbc, Analyses analyses, Workspaces workspaces, DataSources sources) {
        this.sources = sources;
        this.jdbc = jdbc;
        this.analyses = analyses;
        this.workspaces = workspaces;
    }

    /** The user's own dashboards and those others shared with the workspace. */
    List<Dashboard> list(SightlineUser user) {
        return jdbc.sql(SELECT_DASHBOARD + " ORDER BY d.created_at, d.id").params(user.workspaceId(), user.id()).query(DASHBOARD).list();
    }

    /** A dashboard the user may open: their own, or one shared with their workspace. */
    Optional<Dashboard> find(SightlineUser user, long id) {
        return jdbc.sql(SELECT_DASHBOARD + " AND d.id = ?").params(user.workspaceId(), user.id(), id).query(DASHBOARD).optional();
    }

    /** A dashboard the user may change: only their own, shared or not. */
    Optional<Dashboard> findOwn(SightlineUser user, long id) {
        return find(user, id).filter(d -> d.ownedBy(user));
    }

    /** Shares the creator's dashboard with the workspace, or makes it private again. */
    boolean setShared(SightlineUser user, long id, boolean shared) {
        return jdbc.sql("UPDATE dashboard SET shared = ? WHERE workspace_id = ? AND user_id = ? AND id = ?")
                .params(shared, user.workspaceId(), user.id(), id).update() == 1;
    }

    long create(SightlineUser user, String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 100) {
            throw new IllegalArgumentException("Give the dashboard a name of 1 to 100 characters.");
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO dashboard (workspace_id, user_id, name, created_at) VALUES (?, ?, ?, ?)")
                .params(user.workspaceId(), user.id(), clean, OffsetDateTime.now()).update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    void setRefresh(SightlineUser user, long id, String interval) {
        if (!INTERVALS.contains(interval)) {
            throw new IllegalArgumentException("Auto-refresh is one of off, every 5 minutes, hourly, daily.");
        }
        jdbc.sql("UPDATE dashboard SET refresh_interval = ? WHERE workspace_id = ? AND user_id = ? AND id = ?")
                .params(interval, user.workspaceId(), user.id(), id).update();
    }

    boolean delete(SightlineUser user, long id) {
        return jdbc.sql("DELETE FROM dashboard WHERE workspace_id = ? AND user_id = ? AND id = ?").params(user.workspaceId(), user.id(), id).update() == 1;
    }

    /** Pins an analysis to a new dashboard: both or neither, so an answer that cannot be pinned leaves no empty dashboard behind. */
    @Transactional
    long pinToNew(SightlineUser user, String name, String analysisId, String title) {
        long dashboard = create(user, name);
        pin(user, dashboard, analysisId, title);
        return dashboard;
    }

    /** Pins an analysis: its plan becomes a tile. */
    long pin(SightlineUser user, long dashboardId, String analysisId, String title) {
        findOwn(user, dashboardId).orElseThrow(() -> new IllegalArgumentException("No such dashboard of yours."));
        Analysis analysis = analyses.find(user, analysisId).orElseThrow(() -> new IllegalArgumentException("No such analysis."));
        if (!analysis.pinnable()) {
            throw new IllegalArgumentException(analysis.status() == Analysis.Status.FAILED
                    ? "This answer could not read its data, so there is nothing to pin. Ask again, then pin the answer."
                    : "This answer has no data to pin.");
        }
        String tileTitle = title == null || title.isBlank() ? analysis.question() : title.strip();
        int position = jdbc.sql("SELECT COALESCE(MAX(position), 0) + 1 FROM dashboard_tile WHERE dashboard_id = ?").param(dashboardId)
                .query(Integer.class).single();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO dashboard_tile (dashboard_id, workspace_id, title, plan, position, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(dashboardId, user.workspaceId(), tileTitle.length() > 200 ? tileTitle.substring(0, 200) : tileTitle,
                        JsonMapper.shared().writeValueAsString(analysis.plan()), position, OffsetDateTime.now())
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    boolean removeTile(SightlineUser user, long dashboardId, long tileId) {
        if (findOwn(user, dashboardId).isEmpty()) {
            return false;
        }
        return jdbc.sql("DELETE FROM dashboard_tile WHERE dashboard_id = ? AND workspace_id = ? AND id = ?")
                .params(dashboardId, user.workspaceId(), tileId).update() == 1;
    }

    /**
     * When a tile's figures were read: the oldest of its calls, so a tile served from the short-lived
     * cache says how old its figures are instead of the time it was shown.
     */
    private static Instant readAt(Analysis analysis, Instant now) {
        return analysis.steps() == null ? now : analysis.steps().stream().map(Analysis.Step::readAt).filter(java.util.Objects::nonNull)
                .min(Instant::compareTo).orElse(now);
    }

    List<Tile> tiles(SightlineUser user, long dashboardId) {
        return jdbc.sql("SELECT id, title, plan, position FROM dashboard_tile WHERE dashboard_id = ? AND workspace_id = ? ORDER BY position, id")
                .params(dashboardId, user.workspaceId())
                .query((rs, n) -> new Tile(rs.getLong(1), rs.getString(2), JsonMapper.shared().readValue(rs.getString(3), AnalysisPlan.class), rs.getInt(4)))
                .list();
    }

    /**
     * Runs every tile's plan, in parallel; {@code fresh} (the Refresh button) bypasses the cache. A
     * shared dashboard's tiles run with the access of the connections they were built on: its
     * creator's, whoever opens it. A dashboard the user may not open runs nothing.
     */
    List<TileView> run(SightlineUser user, long dashboardId, boolean fresh) {
        Optional<SightlineUser> runner = find(user, dashboardId)
                .flatMap(d -> d.ownedBy(user) ? Optional.of(user) : workspaces.member(user.workspaceId(), d.ownerId()));
        if (runner.isEmpty()) {
            return List.of();
        }
        return runAs(runner.get(), dashboardId, fresh);
    }

    private List<TileView> runAs(SightlineUser user, long dashboardId, boolean fresh) {
        List<Tile> tiles = tiles(user, dashboardId);
        List<Analysis> results = analyses.runAll(user, tiles.stream().map(Tile::plan).toList(), fresh);
        Instant now = Instant.now();
        List<TileView> views = new ArrayList<>();
        // Tiles mostly share a source or two: whether it was disconnected is looked up once per source.
        java.util.Map<Long, Optional<DataSources.Disconnected>> gone = new java.util.HashMap<>();
        for (int i = 0; i < tiles.size(); i++) {
            views.add(new TileView(tiles.get(i).id(), tiles.get(i).title(), results.get(i), readAt(results.get(i), now),
                    gone.computeIfAbsent(tiles.get(i).plan().dataSourceId(), id -> sources.disconnected(user, id)).orElse(null)));
            AnalysisPlan read = results.get(i).plan();
            if (tiles.get(i).plan().query() == null && read != null && read.query() != null && !(read.query() instanceof Query.Unanswerable)
                    && results.get(i).outcome() != null && Analysis.Outcome.ANSWER.equals(results.get(i).outcome().kind())) {
                // A tile stored before typed queries was read again from its question and answered: it keeps that reading from
                // now on. A reading that answered nothing (a site list briefly empty) is not kept.
                jdbc.sql("UPDATE dashboard_tile SET plan = ? WHERE id = ? AND dashboard_id = ? AND workspace_id = ?")
                        .params(JsonMapper.shared().writeValueAsString(read), tiles.get(i).id(), dashboardId, user.workspaceId()).update();
            }
        }
        return views;
    }
}
