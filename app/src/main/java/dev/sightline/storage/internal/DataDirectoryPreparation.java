package dev.sightline.storage.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.sightline.storage.PrivateFiles;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Runs once the configuration is read and before anything opens a file: logging starts after
 * environment post-processors, and the database and the vault later still. So the data directory
 * and the logs folder exist as 0700 and the log file as 0600 before the appender opens it, and
 * files an earlier version left readable are tightened. Registered in META-INF/spring.factories.
 */
class DataDirectoryPreparation implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    DataDirectoryPreparation(DeferredLogFactory logs) {
        this.log = logs.getLog(DataDirectoryPreparation.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path dataDir = DataDirectory.of(environment);
        if (dataDir == null) {
            // Not Sightline's configuration (an application started beside it in a test, say).
            return;
        }
        try {
            List<String> failed = DataDirectory.tighten(dataDir);
            if (!failed.isEmpty()) {
                log.warn("Could not make these files in the data directory private (readable by this account only): " + String.join(", ", failed));
            }
            Path logFile = DataDirectory.logFile(environment);
            if (logFile != null) {
                Path folder = logFile.toAbsolutePath().getParent();
                PrivateFiles.createDirectories(folder);
                PrivateFiles.createFile(logFile);
            }
        } catch (IOException e) {
            throw new IllegalStateException("The data directory " + dataDir.toAbsolutePath() + " could not be prepared (SIGHTLINE_DATA_DIR): " + e, e);
        }
    }

    @Override
    public int getOrder() {
        // After the configuration files are read, which is where the data directory is named.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
