package dev.sightline.source.internal;

import java.util.List;
import java.util.Map;

import dev.sightline.account.SightlineUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The connect flow as JSON: start an authorization, let a browser take the person through the
 * vendor's pages to /oauth/callback, then create the data source (the redirect is redeemed here,
 * for the user who started it); or create a custom server without OAuth at once. Never returns a secret.
 */
@RestController
class DataSourceApiController {

    private final Connectors connectors;
    private final ConnectFlow flow;
    private final Integrations integrations;
    private final SourceJson sourceJson;

    DataSourceApiController(Connectors connectors, ConnectFlow flow, Integrations integrations, SourceJson sourceJson) {
        this.sourceJson = sourceJson;
        this.connectors = connectors;
        this.flow = flow;
        this.integrations = integrations;
    }

    record AuthorizeRequest(String connector, String url) {
    }

    /**
     * Either an authorized attempt to name ({@code pendingId}), or a custom MCP server created at
     * once without OAuth: {@code auth} "none", or "api-key" with the {@code header} and {@code key}.
     */
    record CreateRequest(String pendingId, String name, String site, String connector, String url, String auth, String header, String key) {
    }

    @GetMapping("/api/connectors")
    List<Connectors.Connector> connectors() {
        return connectors.all();
    }

    @PostMapping("/api/connections/authorize")
    Map<String, String> authorize(@AuthenticationPrincipal SightlineUser user, @RequestBody AuthorizeRequest request) {
        if (request.connector() == null || connectors.find(request.connector()).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown connector; see GET /api/connectors.");
        }
        ConnectFlow.Started started = run(() -> flow.start(user, request.connector(), request.url(), null));
        return Map.of("pendingId", started.pendingId(), "authorizationUrl", started.authorizationUrl().toString());
    }

    @PostMapping("/api/datasources")
    ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal SightlineUser user, @RequestBody CreateRequest request) {
        long id = run(() -> request.pendingId() != null ? finish(user, request) : connectWithoutOAuth(user, request));
        return ResponseEntity.status(HttpStatus.CREATED).body(sourceJson.of(integrations.find(user, id).orElseThrow()));
    }

    private long finish(SightlineUser user, CreateRequest request) {
        flow.redeemHeld(user, request.pendingId());
        return flow.finish(user, request.pendingId(), request.name(), request.site());
    }

    private long connectWithoutOAuth(SightlineUser user, CreateRequest request) {
        if (!Connectors.CUSTOM.equals(request.connector())) {
            throw new ConnectionException("Give a pendingId from POST /api/connections/authorize, or connector \"custom-mcp\" with a url and "
                    + "auth \"none\" or \"api-key\".");
        }
        return switch (request.auth() == null ? "" : request.auth()) {
            case "none" -> flow.connectWithoutOAuth(user, request.name(), request.url(), null, null);
            case "api-key" -> {
                if (request.key() == null || request.key().isBlank()) {
                    throw new ConnectionException("Give the API key in \"key\" and the header it goes in as \"header\".");
                }
                yield flow.connectWithoutOAuth(user, request.name(), request.url(), request.header() == null ? null : request.header().strip(), request.key());
            }
            case "oauth" -> throw new ConnectionException("OAuth servers connect in two steps: POST /api/connections/authorize, then this "
                    + "endpoint with the pendingId.");
            default -> throw new ConnectionException("Say how to authenticate: \"auth\": \"none\" or \"api-key\".");
        };
    }

    /** The user's own sources, then those others shared with the workspace (with {@code connectedBy}): everything they may ask with. */
    @GetMapping("/api/datasources")
    List<Map<String, Object>> list(@AuthenticationPrincipal SightlineUser user) {
        List<Map<String, Object>> all = new java.util.ArrayList<>(integrations.list(user).stream().map(sourceJson::of).toList());
        for (var shared : integrations.sharedWithMe(user)) {
            Map<String, Object> json = sourceJson.of(shared.view());
            json.put("connectedBy", shared.connectedBy());
            all.add(json);
        }
        return all;
    }

    @GetMapping("/api/datasources/{id}")
    Map<String, Object> get(@AuthenticationPrincipal SightlineUser user, @PathVariable long id) {
        return sourceJson.of(integrations.find(user, id).orElseThrow(DataSourceApiController::notFound));
    }

    @PostMapping("/api/datasources/{id}/test")
    Map<String, Object> test(@AuthenticationPrincipal SightlineUser user, @PathVariable long id) {
        integrations.find(user, id).orElseThrow(DataSourceApiController::notFound);
        try {
            return sourceJson.of(integrations.test(user, id));
        } catch (ConnectionException e) {
            Map<String, Object> body = sourceJson.of(integrations.find(user, id).orElseThrow());
            body.put("message", e.getMessage());
            return body;
        }
    }

    record ChangeRequest(Boolean shared) {
    }

    /** {@code {"shared": true}}: everyone in the workspace may ask with the source; only who connected it can change that. */
    @PatchMapping("/api/datasources/{id}")
    Map<String, Object> change(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @RequestBody ChangeRequest request) {
        if (request.shared() == null) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.BAD_REQUEST,
                    "Send {\"shared\": true} or {\"shared\": false}.");
        }
        if (!integrations.setShared(user, id, request.shared())) {
            throw notFound();
        }
        Map<String, Object> body = sourceJson.of(integrations.find(user, id).orElseThrow());
        body.put("shared", request.shared());
        return body;
    }

    @DeleteMapping("/api/datasources/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal SightlineUser user, @PathVariable long id) {
        if (!integrations.disconnect(user, id)) {
            throw notFound();
        }
        return ResponseEntity.noContent().build();
    }

    private static <T> T run(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (ConnectionException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such data source.");
    }
}
