package dev.sightline.vault;

/** Published after a new primary key was added: owners of sealed values re-seal the stale ones. */
public record VaultKeyRotated(int primaryKeyId) {
}
