package dev.sightline.vault;

/**
 * Where a sealed secret belongs: the record (e.g. {@code connection:42}) and the field
 * ({@code access_token}). It is the ciphertext's associated data.
 */
public record CredentialSlot(String record, String field) {

    public CredentialSlot {
        if (record == null || record.isBlank() || field == null || field.isBlank()) {
            throw new IllegalArgumentException("A credential slot needs a record and a field");
        }
    }
}
