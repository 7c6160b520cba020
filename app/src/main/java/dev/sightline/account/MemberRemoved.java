package dev.sightline.account;

/**
 * A member is about to be removed from their workspace: whatever they connected is disconnected
 * properly first (access revoked at the vendor, files deleted), not just dropped with the account.
 */
public record MemberRemoved(long workspaceId, long userId) {
}
