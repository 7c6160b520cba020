package dev.sightline.account;

import java.util.Locale;

/**
 * What a person may do in their workspace, each role including everything of the ones below it.
 * The first user of a fresh installation is its owner.
 */
public enum Role {
    /** Everything an admin does, and hands ownership to someone else. There is one owner. */
    OWNER,
    /** Manages members, invitations, every connection of the workspace and its settings. */
    ADMIN,
    /** Connects their own data sources, asks questions, builds and shares dashboards. */
    MEMBER,
    /** Reads the dashboards shared with the workspace; asks nothing and connects nothing. */
    VIEWER;

    public String authority() {
        return "ROLE_" + name();
    }

    /** True when this role includes {@code other}: an admin is at least a member. */
    public boolean atLeast(Role other) {
        return ordinal() <= other.ordinal();
    }

    /** "Admin", as pages show it. */
    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    /** The role of this name (any case), or null when there is none: input from forms and the API. */
    public static Role parse(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
