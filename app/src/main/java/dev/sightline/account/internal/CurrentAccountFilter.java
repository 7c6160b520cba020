package dev.sightline.account.internal;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.sightline.account.SightlineUser;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A signed-in session carries the user as they were at sign-in. Each request checks the account as
 * stored now (one lookup by primary key), so a removed member is signed out and a changed role
 * applies from the very next request, on every node.
 */
class CurrentAccountFilter extends OncePerRequestFilter {

    private final UserAccounts users;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    CurrentAccountFilter(UserAccounts users) {
        this.users = users;
    }

    /** Styles, scripts and images change nothing and show nothing of the account: no lookup for them. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/img/") || path.startsWith("/webjars/") || path.equals("/favicon.ico");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        Authentication authentication = contexts.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof SightlineUser signedIn) {
            Optional<SightlineUser> stored = users.findById(signedIn.id());
            if (stored.isEmpty() || stored.get().workspaceId() != signedIn.workspaceId() || !stored.get().email().equals(signedIn.email())) {
                contexts.clearContext();
                var session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            } else if (stored.get().role() != signedIn.role() || !stored.get().displayName().equals(signedIn.displayName())) {
                SightlineUser now = stored.get();
                now.eraseCredentials();
                var context = contexts.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(now, null, now.getAuthorities()));
                contexts.setContext(context);
                sessions.saveContext(context, request, response);
            }
        }
        chain.doFilter(request, response);
    }
}
