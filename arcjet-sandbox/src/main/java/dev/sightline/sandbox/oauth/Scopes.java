package dev.sightline.sandbox.oauth;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.sightline.sandbox.tools.ArcjetTools;

/** The scopes the sandbox grants, in the words the consent page shows. */
final class Scopes {

    static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(ArcjetTools.READ_SCOPE, "Read your teams, sites, request decisions, traffic analytics, quota usage and Guard policies");
        DESCRIPTIONS.put(ArcjetTools.MANAGE_SCOPE, "Create, change, promote and delete rules and sites, write Guard policies, and read site keys");
    }

    private Scopes() {
    }
}
