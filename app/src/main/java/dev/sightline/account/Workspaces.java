package dev.sightline.account;

import java.time.ZoneId;

/** Workspace settings other modules need. */
public interface Workspaces {

    /** The zone everyday time words ("today", "this week") are resolved in. */
    ZoneId timeZone(long workspaceId);
}
