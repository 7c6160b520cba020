package dev.sightline.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.sightline.storage.PrivateFiles;
import org.springframework.core.env.Environment;

/**
 * Brings the data directory to 0700 and what Sightline keeps in it to 0600: the directory itself,
 * the files at its top (the H2 database and its trace, the key file) and everything under the
 * folders Sightline writes (logs, file sources). Other folders a person keeps there are left as
 * they are (the closed directory already keeps others out of them), and permissions are only
 * taken from group and others, never from the owner.
 */
final class DataDirectory {

    /** The folders under the data directory whose whole content is Sightline's. */
    static final Set<String> OWN_FOLDERS = Set.of("logs", "files");

    private DataDirectory() {
    }

    static Path of(Environment environment) {
        String dir = environment.getProperty("sightline.data-dir");
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    /** The log file Spring Boot's file appender writes, if one is configured. */
    static Path logFile(Environment environment) {
        String name = environment.getProperty("logging.file.name");
        if (name != null && !name.isBlank()) {
            return Path.of(name);
        }
        String path = environment.getProperty("logging.file.path");
        return path == null || path.isBlank() ? null : Path.of(path, "spring.log");
    }

    /** Creates the data directory (0700) and tightens what is in it; returns what could not be tightened. */
    static List<String> tighten(Path dataDir) throws IOException {
        PrivateFiles.createDirectories(dataDir);
        List<String> failed = new ArrayList<>();
        try (Stream<Path> top = Files.list(dataDir)) {
            for (Path entry : top.toList()) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    restrict(entry, failed);
                } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && OWN_FOLDERS.contains(entry.getFileName().toString())) {
                    try (Stream<Path> all = Files.walk(entry)) {
                        all.forEach(path -> restrict(path, failed));
                    }
                }
            }
        }
        return failed;
    }

    private static void restrict(Path path, List<String> failed) {
        try {
            PrivateFiles.restrict(path);
        } catch (IOException | SecurityException e) {
            // Another account's file, say: named in a warning, the start goes on.
            failed.add(path + " (" + e.getMessage() + ")");
        }
    }
}
