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
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class TinkVaultTests {

    @TempDir
    Path dir;

    final List<Object> events = new ArrayList<>();

    TinkVault vault(String masterKey, String... profiles) throws Exception {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles(profiles);
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
    void productionNeedsAKey() {
        assertThatThrownBy(() -> vault("", "production")).hasMessageContaining("SIGHTLINE_MASTER_KEY");
    }
}
