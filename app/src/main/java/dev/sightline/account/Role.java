package dev.sightline.account;

/** What a user may do in their workspace. The first user of a fresh installation is its owner. */
public enum Role {
    /** Manages the workspace: data sources, members, audit log, metrics. */
    OWNER,
    /** Asks questions and builds dashboards on the workspace's data sources. */
    MEMBER;

    public String authority() {
        return "ROLE_" + name();
    }
}
