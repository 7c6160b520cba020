package dev.sightline.sandbox.oauth;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import dev.sightline.sandbox.SandboxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authorization server's records in one JSON file under the data directory, so that a restart
 * forgets no client and breaks no connection: registered clients, pending authorization codes,
 * access and refresh tokens, and revoked token families. Codes, tokens and client secrets are only
 * ever looked up, so the file holds their SHA-256 hashes, never the values.
 * <p>
 * {@link Clients} and {@link Grants} hand over their records whenever they change; each write
 * replaces the file atomically with the latest of both, so a crash leaves the previous file or the
 * new one, never half of one. A file that cannot be read is set aside and the server starts empty,
 * as one that forgot its clients: they register again.
 */
@Component
class AuthorizationStore {

    static final String FILE_NAME = "authorization-server.json";
    private static final int FORMAT = 1;
    private static final Logger log = LoggerFactory.getLogger(AuthorizationStore.class);

    /** The file's contents. */
    record Contents(int format, Map<String, Clients.Registration> clients, Grants.Records grants) {

        Contents {
            clients = clients == null ? Map.of() : clients;
            grants = grants == null ? Grants.Records.NONE : grants;
        }
    }

    private final JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private final Path directory;
    private final Path file;
    private Map<String, Clients.Registration> clients;
    private Grants.Records grants;

    AuthorizationStore(SandboxProperties properties) {
        this.directory = properties.dataDir();
        this.file = directory.resolve(FILE_NAME);
        Contents contents = load();
        this.clients = contents.clients();
        this.grants = contents.grants();
    }

    /** The clients as last saved. */
    synchronized Map<String, Clients.Registration> clients() {
        return clients;
    }

    /** The codes and tokens as last saved. */
    synchronized Grants.Records grants() {
        return grants;
    }

    synchronized void saveClients(Map<String, Clients.Registration> clients) {
        this.clients = Collections.unmodifiableMap(new TreeMap<>(clients));
        write();
    }

    synchronized void saveGrants(Grants.Records grants) {
        this.grants = grants;
        write();
    }

    private Contents load() {
        if (!Files.exists(file)) {
            log.info("No saved authorization server state at {}: starting with no clients or tokens", file);
            return new Contents(FORMAT, null, null);
        }
        try {
            Contents contents = mapper.readValue(Files.readAllBytes(file), Contents.class);
            if (contents == null || contents.format() != FORMAT) {
                setAside("format " + (contents == null ? "missing" : contents.format()) + " is not the expected " + FORMAT);
                return new Contents(FORMAT, null, null);
            }
            log.info("Loaded the authorization server state from {}: {} registered clients, {} refresh tokens",
                    file, contents.clients().size(), contents.grants().refreshTokens().size());
            return contents;
        } catch (JacksonException e) {
            // Only where and what kind: the parser's message quotes the file's content.
            setAside(e.getClass().getSimpleName() + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException | RuntimeException e) {
            setAside(e.getClass().getSimpleName());
        }
        return new Contents(FORMAT, null, null);
    }

    private void setAside(String reason) {
        Path aside = file.resolveSibling(FILE_NAME + ".corrupt");
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            log.warn("The authorization server state in {} cannot be read ({}); it is kept as {}. Starting with no clients or tokens: "
                    + "clients must register again.", file, reason, aside);
        } catch (IOException e) {
            log.warn("The authorization server state in {} cannot be read ({}) nor set aside ({}). Starting with no clients or tokens; "
                    + "the next change overwrites it.", file, reason, e.getClass().getSimpleName());
        }
    }

    private void write() {
        try {
            byte[] json = mapper.writeValueAsBytes(new Contents(FORMAT, clients, grants));
            createDirectory();
            Path temp = posix() ? Files.createTempFile(directory, FILE_NAME, ".tmp", ownerOnly("rw-------"))
                    : Files.createTempFile(directory, FILE_NAME, ".tmp");
            try {
                Files.write(temp, json);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | JacksonException e) {
            // Serving goes on from memory; only a restart would lose what this write carried.
            log.warn("Could not save the authorization server state to {}: {}", file, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (posix()) {
                Files.createDirectory(directory, ownerOnly("rwx------"));
            } else {
                Files.createDirectory(directory);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory)) {
                throw e;
            }
        }
    }

    private boolean posix() {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?> ownerOnly(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
