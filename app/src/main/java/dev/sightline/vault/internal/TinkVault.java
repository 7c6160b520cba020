package dev.sightline.vault.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.Base64;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.sightline.storage.PrivateFiles;
import dev.sightline.vault.CredentialSlot;
import dev.sightline.vault.CredentialVault;
import dev.sightline.vault.VaultKeyRotated;
import dev.sightline.web.MissingSetting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Service;

/**
 * The vault on a Tink keyset. The keyset comes from {@code SIGHTLINE_MASTER_KEY} (the keyset JSON,
 * or that JSON base64-encoded) or from the key file under the data directory; the demo creates the
 * file on first start. Rotation adds a new primary key and keeps the old ones for decryption, so
 * nothing stops while stale values are re-sealed.
 */
@Service
class TinkVault implements CredentialVault {

    private static final Logger log = LoggerFactory.getLogger(TinkVault.class);

    private final Path keyFile;
    private final boolean fromEnvironment;
    private final ApplicationEventPublisher events;
    private volatile KeysetHandle keyset;
    private volatile Aead aead;

    TinkVault(@Value("${sightline.master-key:}") String masterKey, @Value("${sightline.data-dir}") Path dataDir,
              Environment environment, ApplicationEventPublisher events) throws GeneralSecurityException, IOException {
        AeadConfig.register();
        this.events = events;
        this.keyFile = dataDir.resolve("master.key");
        this.fromEnvironment = !masterKey.isBlank();
        if (fromEnvironment) {
            use(parse(masterKey.trim()));
        } else if (Files.exists(keyFile)) {
            use(parse(Files.readString(keyFile)));
            warnIfBesideTheDatabase(environment);
        } else if (environment.acceptsProfiles(Profiles.of("production"))) {
            throw new MissingSetting("No master key: SIGHTLINE_MASTER_KEY is required in production, which never creates a key file beside the data it protects.",
                    "Set SIGHTLINE_MASTER_KEY to a Tink AEAD keyset (its JSON, or base64 of it) kept in a secret store.");
        } else {
            use(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
            write();
            log.warn("Created a new master key in {}. Back it up: without it, stored credentials cannot be decrypted. "
                    + "In production, set SIGHTLINE_MASTER_KEY instead.", keyFile);
        }
    }

    @Override
    public String seal(String secret, CredentialSlot slot) {
        if (secret == null) {
            return null;
        }
        try {
            return Base64.getEncoder().encodeToString(aead.encrypt(secret.getBytes(StandardCharsets.UTF_8), associatedData(slot)));
        } catch (GeneralSecurityException e) {
            throw new VaultException("Could not seal a credential");
        }
    }

    @Override
    public String open(String sealed, CredentialSlot slot) {
        if (sealed == null) {
            return null;
        }
        try {
            return new String(aead.decrypt(Base64.getDecoder().decode(sealed), associatedData(slot)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new VaultException("A stored credential could not be decrypted for " + slot.record() + "/" + slot.field()
                    + " (wrong key, wrong record, or tampered)");
        }
    }

    @Override
    public boolean isStale(String sealed) {
        byte[] bytes = Base64.getDecoder().decode(sealed);
        return bytes.length < 5 || ByteBuffer.wrap(bytes, 1, 4).getInt() != keyset.getPrimary().getId();
    }

    /** Whether the keys come from SIGHTLINE_MASTER_KEY: then they are rotated and retired there, not here. */
    boolean keysFromEnvironment() {
        return fromEnvironment;
    }

    /** Adds a new primary key; old keys stay for decryption. Listeners re-seal their stale values. */
    synchronized int rotate() throws GeneralSecurityException, IOException {
        if (fromEnvironment) {
            throw new IllegalStateException("The master key comes from SIGHTLINE_MASTER_KEY: rotate it there (add a key to the keyset and make it primary).");
        }
        var builder = KeysetHandle.newBuilder(keyset);
        builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId());
        builder.getAt(builder.size() - 1).makePrimary();
        use(builder.build());
        write();
        int primary = keyset.getPrimary().getId();
        log.info("Rotated the master key; new primary key id {}", primary);
        events.publishEvent(new VaultKeyRotated(primary));
        return primary;
    }

    /**
     * Removes every key but the primary once {@code stillStale} (asked under the same lock as a
     * rotation, so no rotation slips in between) finds nothing sealed with them: a copy of the old
     * keyset then opens nothing stored today. Returns how many keys went, or -1 with nothing removed
     * while something is still sealed with an old key.
     */
    synchronized int retireOldKeys(java.util.function.LongSupplier stillStale) throws GeneralSecurityException, IOException {
        if (stillStale.getAsLong() > 0) {
            return -1;
        }
        return retireOldKeys();
    }

    /** Removes every key but the primary, unconditionally: the caller has made sure nothing needs them. */
    synchronized int retireOldKeys() throws GeneralSecurityException, IOException {
        if (fromEnvironment) {
            throw new IllegalStateException("The master key comes from SIGHTLINE_MASTER_KEY: remove the old keys from the keyset there.");
        }
        var builder = KeysetHandle.newBuilder(keyset);
        int retired = 0;
        for (int i = builder.size() - 1; i >= 0; i--) {
            if (!builder.getAt(i).isPrimary()) {
                builder.deleteAt(i);
                retired++;
            }
        }
        if (retired > 0) {
            use(builder.build());
            write();
            log.info("Retired {} old master keys; only the primary key {} remains", retired, keyset.getPrimary().getId());
        }
        return retired;
    }

    /** How many keys the keyset holds, the primary included. */
    int keyCount() {
        return keyset.size();
    }

    /**
     * Outside the demo, a key file in the directory that holds the H2 database means one copy or
     * backup of that directory carries both the sealed credentials and the key that opens them.
     */
    private void warnIfBesideTheDatabase(Environment environment) {
        if (environment.acceptsProfiles(Profiles.of("demo"))) {
            return;
        }
        Path database = h2File(environment.getProperty("spring.datasource.url", ""));
        Path keyFolder = keyFile.toAbsolutePath().normalize().getParent();
        if (database != null && keyFolder.equals(database.toAbsolutePath().normalize().getParent())) {
            log.warn("The master key file {} is in the same directory as the database: a copy or backup of {} holds the stored credentials "
                    + "and the key that decrypts them. Set SIGHTLINE_MASTER_KEY from a secret store and remove the file.", keyFile, keyFolder);
        }
    }

    /** Where an H2 URL keeps its database file; null for in-memory, server and other databases. */
    static Path h2File(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return null;
        }
        String location = url.substring("jdbc:h2:".length()).split(";", 2)[0];
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        } else if (location.matches("[a-z]{2,}:.*")) {
            // mem:, tcp:, ssl:, zip: and the like keep no file of their own here.
            return null;
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return location.isBlank() ? null : Path.of(location);
    }

    private void use(KeysetHandle handle) throws GeneralSecurityException {
        keyset = handle;
        aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    private void write() throws GeneralSecurityException, IOException {
        PrivateFiles.createDirectories(keyFile.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(keyFile.toAbsolutePath().getParent(), "master", ".tmp");
        // The key goes in next: only the owner may open the file (createTempFile makes it so on POSIX; this keeps it so).
        PrivateFiles.restrict(temp);
        Files.writeString(temp, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
        Files.move(temp, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static KeysetHandle parse(String value) throws GeneralSecurityException {
        String json = value.startsWith("{") ? value : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    }

    private static byte[] associatedData(CredentialSlot slot) {
        return ("sightline/v1/" + slot.record() + "/" + slot.field()).getBytes(StandardCharsets.UTF_8);
    }

}
