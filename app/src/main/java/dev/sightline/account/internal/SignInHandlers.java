package dev.sightline.account.internal;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * What happens after a password check (the throttle itself sits in {@link ThrottledSignIn}): a
 * failure is counted and sent back to the form without creating a session, a locked attempt is told
 * so; a success clears the account's failures and keeps at most {@value #SESSIONS_PER_USER}
 * sessions per person.
 */
final class SignInHandlers {

    static final int SESSIONS_PER_USER = 10;
    private static final String EMAIL = "email";

    private final SignInThrottle throttle;
    private final JdbcClient jdbc;

    SignInHandlers(SignInThrottle throttle, JdbcClient jdbc) {
        this.throttle = throttle;
        this.jdbc = jdbc;
    }

    /** No session for a failed attempt: the error travels in the URL, not in a session created for it. */
    AuthenticationFailureHandler failure() {
        return (request, response, exception) -> {
            if (exception instanceof LockedException) {
                // Turned away before the password was checked: nothing new to count.
                response.sendRedirect(request.getContextPath() + "/login?locked");
                return;
            }
            throttle.failed(request.getParameter(EMAIL), request.getRemoteAddr());
            response.sendRedirect(request.getContextPath() + "/login?error");
        };
    }

    SavedRequestAwareAuthenticationSuccessHandler success(RequestCache requests) {
        var handler = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
                    throws ServletException, IOException {
                throttle.succeeded(authentication.getName());
                keepNewestSessions(authentication.getName(), request.getSession().getId());
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
        handler.setRequestCache(requests);
        handler.setDefaultTargetUrl("/");
        return handler;
    }

    /** Older sessions beyond the cap end; this sign-in's session is not stored yet and always stays. */
    private void keepNewestSessions(String principal, String current) {
        List<String> older = jdbc.sql("SELECT PRIMARY_ID FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ? AND SESSION_ID <> ? ORDER BY LAST_ACCESS_TIME DESC")
                .params(principal, current).query(String.class).list();
        for (String id : older.subList(Math.min(older.size(), SESSIONS_PER_USER - 1), older.size())) {
            jdbc.sql("DELETE FROM SPRING_SESSION WHERE PRIMARY_ID = ?").param(id).update();
        }
    }
}
