package dev.sightline.vault.internal;

import java.util.Map;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/vault/rotate} (owners): a new primary key; old keys keep decrypting while every
 * stored secret is re-sealed, so nothing stops during the rotation.
 */
@RestController
class VaultController {

    private final TinkVault vault;

    VaultController(TinkVault vault) {
        this.vault = vault;
    }

    @PostMapping("/api/vault/rotate")
    Map<String, Object> rotate() throws Exception {
        return Map.of("primaryKeyId", Integer.toUnsignedString(vault.rotate()));
    }
}
