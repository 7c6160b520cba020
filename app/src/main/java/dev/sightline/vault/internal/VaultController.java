package dev.sightline.vault.internal;

import java.util.List;
import java.util.Map;

import dev.sightline.vault.SealedValues;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/vault/rotate} (owners): a new primary key; old keys keep decrypting while every
 * stored secret is re-sealed, so nothing stops during the rotation. {@code POST /api/vault/retire}:
 * once every stored secret is sealed with the primary key, the old keys are removed.
 */
@RestController
class VaultController {

    private final TinkVault vault;
    private final List<SealedValues> owners;

    VaultController(TinkVault vault, List<SealedValues> owners) {
        this.vault = vault;
        this.owners = owners;
    }

    /**
     * Re-seals what is still stale first; refuses (409) while anything is still sealed with an old
     * key, since removing that key would lose it. Session cookies sealed with an old key stop
     * working: people sign in again.
     */
    @PostMapping("/api/vault/retire")
    ResponseEntity<Map<String, Object>> retire() throws Exception {
        if (vault.keysFromEnvironment()) {
            return fromEnvironment("remove the old keys from the keyset there");
        }
        long[] stale = new long[1];
        int retired = vault.retireOldKeys(() -> stale[0] = owners.stream().mapToLong(SealedValues::resealStale).sum());
        if (retired < 0) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "conflict", "message",
                    stale[0] + " stored secrets (or authorizations in progress) are still sealed with an old key; the old keys stay until they are not."));
        }
        return ResponseEntity.ok(Map.of("retiredKeys", retired, "keys", vault.keyCount()));
    }

    @PostMapping("/api/vault/rotate")
    ResponseEntity<Map<String, Object>> rotate() throws Exception {
        if (vault.keysFromEnvironment()) {
            return fromEnvironment("add a key to the keyset there and make it primary");
        }
        return ResponseEntity.ok(Map.of("primaryKeyId", Integer.toUnsignedString(vault.rotate())));
    }

    /** The keys are the operator's, in SIGHTLINE_MASTER_KEY: nothing here may change them. */
    private static ResponseEntity<Map<String, Object>> fromEnvironment(String how) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "conflict", "message",
                "The master key comes from SIGHTLINE_MASTER_KEY: " + how + "."));
    }
}
