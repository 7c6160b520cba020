package dev.sightline.account.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.sightline.web.ApiError;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} with a personal API token. The
 * authentication lives for this request only: an API call never creates or touches a session.
 * It is kept in a request attribute, where Spring Security finds it again on the request's later
 * dispatches (an async one that writes server-sent events, an error one), which this filter, run
 * once per request, does not see.
 */
class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiTokens tokens;
    private final SignInThrottle throttle;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository requestContexts = new RequestAttributeSecurityContextRepository();

    ApiTokenAuthenticationFilter(ApiTokens tokens, SignInThrottle throttle) {
        this.tokens = tokens;
        this.throttle = throttle;
    }

    static boolean hasBearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!hasBearerToken(request)) {
            chain.doFilter(request, response);
            return;
        }
        var locked = throttle.tokensLockedFor(request.getRemoteAddr());
        if (locked.isPresent()) {
            // An address that keeps sending wrong tokens waits, like one that keeps sending wrong passwords.
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, locked.get().toSeconds())));
            new ApiError("too_many_attempts", "Too many requests with invalid credentials from this address. Try again later.")
                    .writeTo(response, 429);
            return;
        }
        String token = request.getHeader(HttpHeaders.AUTHORIZATION).substring(BEARER.length()).trim();
        var user = token.isEmpty() ? java.util.Optional.<dev.sightline.account.SightlineUser>empty() : tokens.authenticate(token);
        if (user.isEmpty()) {
            throttle.tokenFailed(request.getRemoteAddr());
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            new ApiError("invalid_token", "This API token is not valid: it may have expired or been revoked. Create a new one under Settings → API tokens.")
                    .writeTo(response, HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        var context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.get(), null, user.get().getAuthorities()));
        contexts.setContext(context);
        requestContexts.saveContext(context, request, response);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }
}
