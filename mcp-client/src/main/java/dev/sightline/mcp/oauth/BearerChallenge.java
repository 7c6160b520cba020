package dev.sightline.mcp.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code WWW-Authenticate: Bearer ...} challenge (RFC 6750 §3, RFC 9728 §5.1): the parameters in
 * any order, quoted or not.
 */
public record BearerChallenge(String error, String scope, String resourceMetadata, String errorDescription) {

    private static final Pattern PARAM = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,\\s]*)");

    public static final BearerChallenge NONE = new BearerChallenge(null, null, null, null);

    public static BearerChallenge parse(String header) {
        if (header == null) {
            return NONE;
        }
        int bearer = header.toLowerCase(java.util.Locale.ROOT).indexOf("bearer");
        if (bearer < 0) {
            return NONE;
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(header.substring(bearer + 6));
        while (m.find()) {
            String value = m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(2);
            params.putIfAbsent(m.group(1).toLowerCase(java.util.Locale.ROOT), value);
        }
        return new BearerChallenge(params.get("error"), blankToNull(params.get("scope")), blankToNull(params.get("resource_metadata")),
                params.get("error_description"));
    }

    public boolean insufficientScope() {
        return "insufficient_scope".equals(error);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
