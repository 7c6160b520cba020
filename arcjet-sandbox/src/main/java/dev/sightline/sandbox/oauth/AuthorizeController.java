package dev.sightline.sandbox.oauth;

import java.net.URI;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import dev.sightline.sandbox.SandboxUrls;
import dev.sightline.sandbox.tools.ArcjetTools;
import dev.sightline.sandbox.world.Account;
import dev.sightline.sandbox.world.SandboxWorld;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * What a person sees in the popup: the authorization request is checked, then "Sign in to
 * Arcjet", then "Grant read access?" with Approve / Deny. The answer goes back to the client's
 * redirect URI with {@code code}, {@code state} and {@code iss} (RFC 9207).
 */
@Controller
class AuthorizeController {

    private static final String PENDING = "sandbox.pending.";
    private static final String ACCOUNT = "sandbox.account";
    private static final String CSRF = "sandbox.csrf";

    /** An authorization request that passed every check and waits for the person. */
    record Pending(String clientId, String clientName, URI redirectUri, State state, String codeChallenge, Set<String> scopes,
                   String resource) implements java.io.Serializable {
    }

    private final SecureRandom random = new SecureRandom();
    private final SandboxUrls urls;
    private final Clients clients;
    private final Grants grants;
    private final SandboxWorld world;

    AuthorizeController(SandboxUrls urls, Clients clients, Grants grants, SandboxWorld world) {
        this.urls = urls;
        this.clients = clients;
        this.grants = grants;
        this.world = world;
    }

    @GetMapping(AuthorizationServerController.AUTHORIZE)
    String authorize(HttpServletRequest request, HttpServletResponse response, HttpSession session, Model model) throws Exception {
        String query = request.getQueryString() == null ? "" : request.getQueryString();
        AuthorizationRequest authorization;
        try {
            authorization = AuthorizationRequest.parse(URI.create(urls.issuer() + AuthorizationServerController.AUTHORIZE + "?" + query));
        } catch (ParseException e) {
            // Without a valid client and redirect URI there is nobody safe to send the error to.
            if (e.getRedirectionURI() == null || e.getClientID() == null || !clients.find(e.getClientID().getValue())
                    .map(c -> c.allowsRedirect(e.getRedirectionURI())).orElse(false)) {
                return errorPage(model, response, "This sign-in link is not valid", e.getMessage());
            }
            return redirect(new AuthorizationErrorResponse(e.getRedirectionURI(), e.getErrorObject(), e.getState(), issuer(), e.getResponseMode()).toURI());
        }
        var client = clients.find(authorization.getClientID().getValue()).orElse(null);
        if (client == null) {
            return errorPage(model, response, "Unknown application", "The application asking for access is not registered with Arcjet.");
        }
        URI redirectUri = authorization.getRedirectionURI();
        if (!client.allowsRedirect(redirectUri)) {
            return errorPage(model, response, "This sign-in link is not valid", "The redirect URI is not registered for this application.");
        }
        State state = authorization.getState();
        if (!authorization.getResponseType().equals(ResponseType.CODE)) {
            return redirectError(redirectUri, OAuth2Error.UNSUPPORTED_RESPONSE_TYPE, state);
        }
        if (authorization.getCodeChallenge() == null || !CodeChallengeMethod.S256.equals(authorization.getCodeChallengeMethod())) {
            return redirectError(redirectUri, OAuth2Error.INVALID_REQUEST.setDescription("PKCE with code_challenge_method=S256 is required"), state);
        }
        Set<String> scopes = AuthorizationServerController.scopesOf(authorization.getScope());
        scopes.remove("offline_access");
        if (scopes.isEmpty()) {
            scopes.add(ArcjetTools.READ_SCOPE);
        }
        if (!Scopes.DESCRIPTIONS.keySet().containsAll(scopes)) {
            return redirectError(redirectUri, OAuth2Error.INVALID_SCOPE.setDescription("Supported scopes: " + Scopes.DESCRIPTIONS.keySet()), state);
        }
        List<URI> resources = authorization.getResources();
        if (resources != null && !resources.isEmpty()
                && (resources.size() != 1 || !resources.get(0).toString().equals(urls.mcpResource()))) {
            return redirectError(redirectUri, new ErrorObject("invalid_target", "This server only issues tokens for " + urls.mcpResource()), state);
        }
        String txn = randomString();
        session.setAttribute(PENDING + txn, new Pending(client.clientId(), displayName(client), redirectUri, state,
                authorization.getCodeChallenge().getValue(), scopes, urls.mcpResource()));
        return session.getAttribute(ACCOUNT) == null ? signInPage(model, session, txn, null, null) : consentPage(model, session, txn);
    }

    @PostMapping("/oauth/sign-in")
    String signIn(@RequestParam String txn, @RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
                  @RequestParam(name = "_csrf", defaultValue = "") String csrf, HttpServletRequest request, HttpServletResponse response,
                  Model model) {
        HttpSession session = request.getSession();
        if (!csrfMatches(session, csrf) || session.getAttribute(PENDING + txn) == null) {
            return errorPage(model, response, "This sign-in expired", "Close this window and start again from the application.");
        }
        var account = world.account(email, password);
        if (account.isEmpty()) {
            response.setStatus(401);
            return signInPage(model, session, txn, email, "Wrong email or password.");
        }
        request.changeSessionId();
        session.setAttribute(ACCOUNT, account.get().email());
        return consentPage(model, session, txn);
    }

    @PostMapping("/oauth/consent")
    String consent(@RequestParam String txn, @RequestParam String decision, @RequestParam(name = "_csrf", defaultValue = "") String csrf,
                   HttpSession session, HttpServletResponse response, Model model) {
        Pending pending = (Pending) session.getAttribute(PENDING + txn);
        Object email = session.getAttribute(ACCOUNT);
        if (!csrfMatches(session, csrf) || pending == null || email == null) {
            return errorPage(model, response, "This request expired", "Close this window and start again from the application.");
        }
        session.removeAttribute(PENDING + txn);
        if (!"approve".equals(decision)) {
            return redirectError(pending.redirectUri(), OAuth2Error.ACCESS_DENIED.setDescription("The user denied access"), pending.state());
        }
        var grant = new Grants.Grant((String) email, pending.clientId(), pending.scopes(), pending.resource(), grants.newFamily());
        String code = grants.issueCode(grant, pending.redirectUri().toString(), pending.codeChallenge());
        return redirect(new AuthorizationSuccessResponse(pending.redirectUri(), new AuthorizationCode(code), null, pending.state(), issuer(), null).toURI());
    }

    private String signInPage(Model model, HttpSession session, String txn, String email, String error) {
        Pending pending = (Pending) session.getAttribute(PENDING + txn);
        model.addAttribute("txn", txn);
        model.addAttribute("csrf", csrf(session));
        model.addAttribute("clientName", pending.clientName());
        model.addAttribute("email", email);
        model.addAttribute("error", error);
        return "sign-in";
    }

    private String consentPage(Model model, HttpSession session, String txn) {
        Pending pending = (Pending) session.getAttribute(PENDING + txn);
        Account account = world.account((String) session.getAttribute(ACCOUNT)).orElseThrow();
        Map<String, String> scopes = new LinkedHashMap<>();
        pending.scopes().forEach(s -> scopes.put(s, Scopes.DESCRIPTIONS.get(s)));
        model.addAttribute("txn", txn);
        model.addAttribute("csrf", csrf(session));
        model.addAttribute("clientName", pending.clientName());
        model.addAttribute("redirectHost", pending.redirectUri().getHost() + (pending.redirectUri().getPort() > 0 ? ":" + pending.redirectUri().getPort() : ""));
        model.addAttribute("scopes", scopes);
        model.addAttribute("readOnly", pending.scopes().equals(Set.of(ArcjetTools.READ_SCOPE)));
        model.addAttribute("account", account);
        model.addAttribute("teams", world.teamsOf(account));
        return "consent";
    }

    private String errorPage(Model model, HttpServletResponse response, String title, String detail) {
        response.setStatus(400);
        model.addAttribute("title", title);
        model.addAttribute("detail", detail);
        return "oauth-error";
    }

    private String redirectError(URI redirectUri, ErrorObject error, State state) {
        return redirect(new AuthorizationErrorResponse(redirectUri, error, state, issuer(), null).toURI());
    }

    private static String redirect(URI uri) {
        return "redirect:" + uri;
    }

    private Issuer issuer() {
        return new Issuer(urls.issuer());
    }

    private static String displayName(Clients.Client client) {
        if (client.name() != null && !client.name().isBlank()) {
            return client.name();
        }
        return client.fromMetadataDocument() ? URI.create(client.clientId()).getHost() : client.clientId();
    }

    private String csrf(HttpSession session) {
        String token = (String) session.getAttribute(CSRF);
        if (token == null) {
            token = randomString();
            session.setAttribute(CSRF, token);
        }
        return token;
    }

    private static boolean csrfMatches(HttpSession session, String presented) {
        Object expected = session.getAttribute(CSRF);
        return expected != null && MessageDigest.isEqual(expected.toString().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private String randomString() {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
