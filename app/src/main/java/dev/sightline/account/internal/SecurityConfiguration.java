package dev.sightline.account.internal;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import dev.sightline.account.Role;
import dev.sightline.web.ApiError;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.CookieRequestCache;

/**
 * Two ways in: the REST API and actuator take API tokens (or the browser's session) and always
 * answer JSON; pages use form sign-in. CSRF protects every form and every cookie-authenticated
 * API write; a request that carries a bearer token sends no cookie credentials, so it needs none.
 *
 * <p>What each role may reach is decided here, by path, for pages and API alike; each role
 * includes the ones below it (owner, admin, member, viewer). Services check what paths cannot say
 * (only the owner hands the workspace over; a shared dashboard is edited by its creator only).
 *
 * <p>Anonymous visitors get no session: the CSRF token lives in a cookie, the page to return to
 * after sign-in too, and a failed sign-in says so in the URL. Sessions are made by signing in only.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String OWNER = Role.OWNER.name();
    private static final String ADMIN = Role.ADMIN.name();
    private static final String MEMBER = Role.MEMBER.name();
    private static final String VIEWER = Role.VIEWER.name();

    @Bean
    PasswordEncoder passwordEncoder() {
        // Argon2id for new hashes; the prefix in each stored hash lets the algorithm change later.
        String current = "argon2";
        return new DelegatingPasswordEncoder(current, Map.of(
                current, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder()));
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(OWNER).implies(ADMIN)
                .role(ADMIN).implies(MEMBER)
                .role(MEMBER).implies(VIEWER)
                .build();
    }

    /**
     * No observation around each security filter, sign-in or access decision: every request paid for
     * a dozen of them (about 5 % of the request threads' CPU under load, most of it registering
     * meters), and the request itself is still timed as http.server.requests.
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** One CSRF token store for both chains, so a page's token is good for the API calls its script makes. */
    @Bean
    CsrfTokenRepository csrfTokens() {
        var cookies = new CookieCsrfTokenRepository();
        cookies.setCookieName("SIGHTLINE_CSRF");
        cookies.setHeaderName("X-CSRF-TOKEN");
        cookies.setCookieCustomizer(cookie -> cookie.httpOnly(true).sameSite("Lax").path("/"));
        return cookies;
    }

    /** The one password check, behind the sign-in throttle; Spring Boot's default provider steps aside for it. */
    @Bean
    AuthenticationProvider passwordSignIn(Accounts accounts, PasswordEncoder encoder, SignInThrottle throttle) {
        var passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(encoder);
        return new ThrottledSignIn(passwords, throttle);
    }

    @Bean
    SignInHandlers signInHandlers(SignInThrottle throttle, JdbcClient jdbc) {
        return new SignInHandlers(throttle, jdbc);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokens tokens, SignInThrottle throttle, UserAccounts users, CsrfTokenRepository csrfTokens)
            throws Exception {
        http.securityMatcher("/api/**", "/actuator/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**", "/api/vault/**").hasRole(OWNER)
                        .requestMatchers("/api/members", "/api/members/**", "/api/invitations", "/api/invitations/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.PUT, "/api/workspace").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/me", "/api/workspace", "/api/dashboards", "/api/dashboards/**", "/api/openapi.json",
                                "/api/openapi.json/**", "/api/openapi.json.yaml").hasRole(VIEWER)
                        .requestMatchers(HttpMethod.POST, "/api/dashboards/*/refresh").hasRole(VIEWER)
                        .anyRequest().hasRole(MEMBER))
                .addFilterAfter(new CurrentAccountFilter(users), SecurityContextHolderFilter.class)
                .addFilterBefore(new ApiTokenAuthenticationFilter(tokens, throttle), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens).ignoringRequestMatchers(ApiTokenAuthenticationFilter::hasBearerToken))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(cache -> cache.disable())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            new ApiError("unauthorized", "Sign in, or send an API token as 'Authorization: Bearer <token>'.")
                                    .writeTo(response, HttpServletResponse.SC_UNAUTHORIZED);
                        })
                        .accessDeniedHandler((request, response, e) ->
                                new ApiError("forbidden", "You are not allowed to do this: your role does not include it, or a form or API write "
                                        + "from the browser lacks its CSRF token.")
                                        .writeTo(response, HttpServletResponse.SC_FORBIDDEN)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageSecurity(HttpSecurity http, SignInHandlers signIn, UserAccounts users, CsrfTokenRepository csrfTokens) throws Exception {
        var returnTo = new CookieRequestCache();
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/setup", "/join/*", "/reset-password/*", "/error", "/oauth/callback", "/oauth/client-metadata.json",
                                "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico").permitAll()
                        .requestMatchers("/settings/members", "/settings/members/**", "/settings/audit").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/settings/workspace").hasRole(ADMIN)
                        .requestMatchers("/dashboards/pin").hasRole(MEMBER)
                        .requestMatchers(HttpMethod.GET, "/", "/settings", "/settings/integrations", "/settings/workspace", "/dashboards", "/dashboards/*")
                        .hasRole(VIEWER)
                        .requestMatchers("/settings/api-tokens", "/settings/api-tokens/**", "/settings/password").hasRole(VIEWER)
                        .requestMatchers(HttpMethod.POST, "/dashboards/*/refresh").hasRole(VIEWER)
                        .anyRequest().hasRole(MEMBER))
                .addFilterAfter(new CurrentAccountFilter(users), SecurityContextHolderFilter.class)
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                .requestCache(cache -> cache.requestCache(returnTo))
                .formLogin(form -> form
                        .loginPage("/login")
                        .usernameParameter("email")
                        .successHandler(signIn.success(returnTo))
                        .failureHandler(signIn.failure()))
                .logout(logout -> logout
                        .logoutUrl("/logout")
                        .logoutSuccessUrl("/login?signedOut"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                        + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }
}
