package dev.sightline.source.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import dev.sightline.source.DataSources;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tables of business sources. Callers reach them only through a data source already found for
 * its owner ({@link DataSourceRecords}), so nobody reads another's tables.
 */
@Repository
class BusinessTables {

    /** A stored table: where it lives ({@code relation}) beside what questions see of it. */
    record Stored(long id, long dataSourceId, String relation, DataSources.Table table) {
    }

    private final JdbcClient jdbc;
    private final DataSourceRecords records;

    BusinessTables(JdbcClient jdbc, DataSourceRecords records) {
        this.jdbc = jdbc;
        this.records = records;
    }

    List<Stored> of(long dataSourceId) {
        return jdbc.sql("SELECT id, data_source_id, name, relation, columns, time_column, row_count FROM business_table WHERE data_source_id = ? ORDER BY id")
                .param(dataSourceId)
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getLong(2), rs.getString(4), new DataSources.Table(rs.getString(3), rs.getString(6),
                        columns(rs.getString(5)), rs.getLong(7))))
                .list();
    }

    Optional<Stored> find(long dataSourceId, String name) {
        return of(dataSourceId).stream().filter(t -> t.table().name().equals(name)).findFirst();
    }

    /**
     * Replaces the source's tables with these (a re-upload, or another pick of database tables): the
     * source's id stays. One transaction, with the source's row locked first, so a question never
     * sees the source with no or half its tables, and two replaces at once (a double click, two
     * nodes) run one after the other instead of leaving both sets.
     */
    @Transactional
    void replace(long dataSourceId, List<Stored> tables) {
        records.lock(dataSourceId);
        jdbc.sql("DELETE FROM business_table WHERE data_source_id = ?").param(dataSourceId).update();
        for (Stored t : tables) {
            jdbc.sql("INSERT INTO business_table (data_source_id, name, relation, columns, time_column, row_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(dataSourceId, t.table().name(), t.relation(), json(t.table().columns()), t.table().timeColumn(), t.table().rows(),
                            OffsetDateTime.now())
                    .update();
        }
    }

    void update(long dataSourceId, DataSources.Table table) {
        jdbc.sql("UPDATE business_table SET columns = ?, time_column = ?, row_count = ?, updated_at = ? WHERE data_source_id = ? AND name = ?")
                .params(json(table.columns()), table.timeColumn(), table.rows(), OffsetDateTime.now(), dataSourceId, table.name())
                .update();
    }

    private static String json(List<DataSources.Column> columns) {
        return JsonMapper.shared().writeValueAsString(columns);
    }

    private static List<DataSources.Column> columns(String json) {
        return JsonMapper.shared().readValue(json, new TypeReference<List<DataSources.Column>>() {
        });
    }
}
