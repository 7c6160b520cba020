/**
 * The credentials vault: tokens, refresh tokens, client secrets and API keys are stored only as
 * Tink AES256-GCM ciphertext whose associated data names the record and field it belongs to, so a
 * ciphertext copied to another row does not decrypt. Nothing else in the application sees a key.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Credentials vault")
package dev.sightline.vault;
