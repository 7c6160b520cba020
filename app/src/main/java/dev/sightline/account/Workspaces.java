package dev.sightline.account;

import java.time.ZoneId;

/** Workspace settings other modules need. */
public interface Workspaces {

    /** The zone everyday time words ("today", "this week") are resolved in. */
    ZoneId timeZone(long workspaceId);

    /**
     * A member of the workspace as stored now, without credentials: whose access a shared
     * dashboard's tiles run with. Empty when they are no longer a member.
     */
    java.util.Optional<SightlineUser> member(long workspaceId, long userId);

    /** Display names of the workspace's members by id, to say who connected or shared what. */
    java.util.Map<Long, String> memberNames(long workspaceId);
}
