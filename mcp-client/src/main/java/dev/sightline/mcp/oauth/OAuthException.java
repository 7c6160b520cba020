package dev.sightline.mcp.oauth;

/**
 * A failed OAuth step, named by its OAuth error code ({@code invalid_grant}, {@code invalid_client},
 * {@code access_denied}...) or by what went wrong before the authorization server answered
 * ({@code resource_mismatch}, {@code pkce_unsupported}, {@code discovery_failed}...), so callers can
 * decide: invalid_grant drops the tokens, invalid_client drops the registration.
 */
public class OAuthException extends Exception {

    private final String code;

    public OAuthException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean is(String errorCode) {
        return code.equals(errorCode);
    }
}
