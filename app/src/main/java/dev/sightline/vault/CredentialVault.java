package dev.sightline.vault;

/** Seals and opens secrets bound to their slot. Sealed values are safe to store and log-free by construction. */
public interface CredentialVault {

    /** Encrypts with the current primary key. A null secret stays null. */
    String seal(String secret, CredentialSlot slot);

    /**
     * Decrypts a sealed value of this slot.
     *
     * @throws VaultException when the value was sealed for another slot, was tampered with, or
     *                        its key is gone
     */
    String open(String sealed, CredentialSlot slot);

    /** True when the value was sealed with a key other than the current primary (to re-seal after rotation). */
    boolean isStale(String sealed);

    /** Thrown instead of anything that could carry key or plaintext material. */
    final class VaultException extends RuntimeException {
        public VaultException(String message) {
            super(message, null, false, false);
        }
    }
}
