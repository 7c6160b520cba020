package dev.sightline.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import dev.sightline.vault.CredentialSlot;
import dev.sightline.vault.CredentialVault;
import dev.sightline.vault.VaultKeyRotated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class TinkVaultTests {

    @TempDir
    Path dir;

    final List<Object> events = new ArrayList<>();

    TinkVault vault(String masterKey, String... profiles) throws Exception {
        return vaultBeside(masterKey, null, profiles);
    }

    TinkVault vaultBeside(String masterKey, String databaseUrl, String... profiles) throws Exception {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles(profiles);
        if (databaseUrl != null) {
            environment.setProperty("spring.datasource.url", databaseUrl);
        }
        return new TinkVault(masterKey, dir, environment, events::add);
    }

    @Test
    void sealsBoundToTheSlot() throws Exception {
        TinkVault vault = vault("");
        CredentialSlot slot = new CredentialSlot("connection:1", "access_token");
        String sealed = vault.seal("secret-token-value", slot);
        assertThat(sealed).doesNotContain("secret-token-value");
        assertThat(vault.open(sealed, slot)).isEqualTo("secret-token-value");
        assertThatThrownBy(() -> vault.open(sealed, new CredentialSlot("connection:2", "access_token")))
                .isInstanceOf(CredentialVault.VaultException.class).hasMessageNotContaining("secret-token-value");
        assertThatThrownBy(() -> vault.open(sealed, new CredentialSlot("connection:1", "refresh_token")))
                .isInstanceOf(CredentialVault.VaultException.class);
        assertThat(vault.seal(null, slot)).isNull();
    }

    @Test
    void theDemoKeyFileIsCreatedOnceAndReadable() throws Exception {
        TinkVault first = vault("");
        Path keyFile = dir.resolve("master.key");
        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        CredentialSlot slot = new CredentialSlot("connection:1", "refresh_token");
        String sealed = first.seal("r1", slot);
        assertThat(vault("").open(sealed, slot)).isEqualTo("r1");
        // The same keyset given through SIGHTLINE_MASTER_KEY opens it too.
        assertThat(vault(Files.readString(keyFile)).open(sealed, slot)).isEqualTo("r1");
    }

    @Test
    void rotationKeepsOldValuesReadableAndMarksThemStale() throws Exception {
        TinkVault vault = vault("");
        CredentialSlot slot = new CredentialSlot("connection:7", "client_secret");
        String old = vault.seal("s3cret", slot);
        assertThat(vault.isStale(old)).isFalse();
        int primary = vault.rotate();
        assertThat(events).containsExactly(new VaultKeyRotated(primary));
        assertThat(vault.isStale(old)).isTrue();
        assertThat(vault.open(old, slot)).isEqualTo("s3cret");
        String fresh = vault.seal("s3cret", slot);
        assertThat(vault.isStale(fresh)).isFalse();
        assertThat(vault("").open(fresh, slot)).isEqualTo("s3cret");
    }

    @Test
    void retiringOldKeysLeavesOnlyThePrimaryOnDisk() throws Exception {
        TinkVault vault = vault("");
        CredentialSlot slot = new CredentialSlot("connection:8", "refresh_token");
        String old = vault.seal("before", slot);
        vault.rotate();
        String fresh = vault.seal("after", slot);
        assertThat(vault.keyCount()).isEqualTo(2);
        assertThat(vault.retireOldKeys()).isEqualTo(1);
        assertThat(vault.keyCount()).isEqualTo(1);
        // A vault started from the key file again opens what the primary sealed, and nothing the retired key sealed.
        TinkVault restarted = vault("");
        assertThat(restarted.open(fresh, slot)).isEqualTo("after");
        assertThatThrownBy(() -> restarted.open(old, slot)).isInstanceOf(CredentialVault.VaultException.class);
        assertThat(vault.retireOldKeys()).isZero();
    }

    @Test
    void productionNeedsAKey() {
        assertThatThrownBy(() -> vault("", "production")).hasMessageContaining("SIGHTLINE_MASTER_KEY");
    }

    @Test
    void warnsOnceWhenTheKeyFileSitsBesideTheDatabaseOutsideTheDemo(CapturedOutput output) throws Exception {
        String warning = "is in the same directory as the database";
        vault("", "demo");
        String beside = "jdbc:h2:file:" + dir.resolve("sightline") + ";DB_CLOSE_ON_EXIT=FALSE";
        // The demo keeps both in ./data on purpose, and says so when it creates the key.
        vaultBeside("", beside, "demo");
        // Elsewhere, or on another database, the key file is not beside the data it opens.
        vaultBeside("", "jdbc:h2:file:" + dir.resolve("db").resolve("sightline"), "production");
        vaultBeside("", "jdbc:postgresql://db.internal:5432/sightline", "production");
        vaultBeside("", "jdbc:h2:mem:sightline", "production");
        assertThat(output.getAll()).doesNotContain(warning);

        vaultBeside("", beside, "production");
        assertThat(output.getAll().lines().filter(line -> line.contains(warning)).toList())
                .singleElement().satisfies(line -> assertThat(line).contains("WARN", "SIGHTLINE_MASTER_KEY"));
        // From SIGHTLINE_MASTER_KEY there is no file to warn about.
        vaultBeside(Files.readString(dir.resolve("master.key")), beside, "production");
        assertThat(output.getAll().lines().filter(line -> line.contains(warning))).hasSize(1);
    }

    @Test
    void h2DatabaseFiles() {
        assertThat(TinkVault.h2File("jdbc:h2:file:./data/sightline;DB_CLOSE_ON_EXIT=FALSE")).isEqualTo(Path.of("./data/sightline"));
        assertThat(TinkVault.h2File("jdbc:h2:./data/sightline")).isEqualTo(Path.of("./data/sightline"));
        assertThat(TinkVault.h2File("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isNull();
        assertThat(TinkVault.h2File("jdbc:h2:tcp://db/sightline")).isNull();
        assertThat(TinkVault.h2File("jdbc:postgresql://db/sightline")).isNull();
    }
}
