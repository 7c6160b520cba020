package dev.sightline.storage.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * H2 creates its database file on the first connection, with the process's default permissions,
 * after {@link DataDirectoryPreparation} ran; so the data directory is tightened again once
 * Sightline has started, or has failed to (a first start that stops on a missing setting has
 * created the database already). Files the database makes later (a trace, temporary files) sit
 * in the closed directory. Registered in META-INF/spring.factories, so it hears a failed start too.
 */
class DataDirectoryFixUp implements ApplicationListener<SpringApplicationEvent> {

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        ConfigurableApplicationContext context = event instanceof ApplicationReadyEvent ready ? ready.getApplicationContext()
                : event instanceof ApplicationFailedEvent failed ? failed.getApplicationContext() : null;
        Path dataDir = context == null ? null : DataDirectory.of(context.getEnvironment());
        if (dataDir == null) {
            return;
        }
        Log log = LogFactory.getLog(DataDirectoryFixUp.class);
        try {
            List<String> failed = DataDirectory.tighten(dataDir);
            if (!failed.isEmpty()) {
                log.warn("Could not make these files in the data directory private (readable by this account only): " + String.join(", ", failed));
            }
        } catch (IOException e) {
            log.warn("Could not make the data directory " + dataDir.toAbsolutePath() + " private: " + e);
        }
    }
}
