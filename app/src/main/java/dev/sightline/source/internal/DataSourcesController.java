package dev.sightline.source.internal;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.sightline.account.SightlineUser;
import dev.sightline.source.DataSources;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages of the seed's flow: Data Sources → Add data source → MCP Servers → the Arcjet card →
 * "Authorize with Arcjet" (a popup) → name and site → Finish → the data source page; Settings →
 * Integrations to disconnect.
 */
@Controller
class DataSourcesController {

    private final Connectors connectors;
    private final ConnectFlow flow;
    private final Integrations integrations;
    private final PendingConnections pendings;
    private final PublicUrls urls;
    private final DataSources sources;
    private final List<DataSources.Knowledge> knowledge;
    private final List<DataSources.Dependents> dependents;
    private final BusinessDataController business;

    DataSourcesController(Connectors connectors, ConnectFlow flow, Integrations integrations, PendingConnections pendings, PublicUrls urls,
                          DataSources sources, List<DataSources.Knowledge> knowledge, BusinessDataController business,
                          List<DataSources.Dependents> dependents) {
        this.dependents = dependents;
        this.business = business;
        this.connectors = connectors;
        this.flow = flow;
        this.integrations = integrations;
        this.pendings = pendings;
        this.urls = urls;
        this.sources = sources;
        this.knowledge = knowledge;
    }

    @GetMapping("/sources")
    String sources(@AuthenticationPrincipal SightlineUser user, Model model) {
        model.addAttribute("sources", integrations.list(user));
        model.addAttribute("sharedSources", integrations.sharedWithMe(user));
        return "sources/list";
    }

    @GetMapping("/sources/new")
    String add(Model model) {
        model.addAttribute("connectors", connectors.all());
        return "sources/add";
    }

    @GetMapping("/sources/new/{connector}")
    String connector(@PathVariable String connector, Model model) {
        var found = connectors.find(connector);
        if (found.isEmpty()) {
            return "redirect:/sources/new";
        }
        model.addAttribute("connector", found.get());
        return Connectors.CUSTOM.equals(connector) ? "sources/custom" : "sources/connector";
    }

    /** Starts an authorization for the popup (JSON), or, without JavaScript, sends the whole page to the vendor. */
    @PostMapping("/sources/authorize")
    Object authorize(@AuthenticationPrincipal SightlineUser user, @RequestParam String connector, @RequestParam(required = false) String url,
                     @RequestParam(required = false) Long dataSource, HttpServletRequest request, RedirectAttributes redirect) {
        boolean json = request.getHeader("Accept") != null && request.getHeader("Accept").contains(MediaType.APPLICATION_JSON_VALUE);
        try {
            if (dataSource != null && integrations.record(user, dataSource).isEmpty()) {
                throw new ConnectionException("No such data source.");
            }
            ConnectFlow.Started started = flow.start(user, connector, url, dataSource);
            if (json) {
                return ResponseEntity.ok(Map.of("pendingId", started.pendingId(), "authorizationUrl", started.authorizationUrl().toString()));
            }
            return "redirect:" + started.authorizationUrl();
        } catch (ConnectionException e) {
            if (json) {
                return ResponseEntity.badRequest().body(Map.of("error", "connection_failed", "message", e.getMessage()));
            }
            redirect.addFlashAttribute("error", e.getMessage());
            // A template variable, encoded: the connector as sent would be read as a URI template ({x}).
            redirect.addAttribute("connector", connector);
            return "redirect:/sources/new/{connector}";
        }
    }

    /**
     * Where the vendor sends the person back. The single-use state names the attempt; it completes
     * only in the session of the user who started it (without a session it waits for that user).
     */
    @GetMapping("/oauth/callback")
    String callback(@AuthenticationPrincipal SightlineUser user, @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        ConnectFlow.Completed completed = flow.complete(user, params);
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("completed", completed);
        model.addAttribute("next", completed.dataSourceId() != null ? "/sources/" + completed.dataSourceId()
                : completed.pendingId() != null ? "/sources/pending/" + completed.pendingId() : "/sources/new");
        return "sources/callback";
    }

    @GetMapping("/sources/pending/{id}")
    String pending(@AuthenticationPrincipal SightlineUser user, @PathVariable String id, Model model, RedirectAttributes redirect) {
        try {
            flow.redeemHeld(user, id);
        } catch (ConnectionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/sources/new";
        }
        var pending = pendings.find(user.workspaceId(), user.id(), id);
        if (pending.isEmpty()) {
            return "redirect:/sources/new";
        }
        var sites = ArcjetProfile.fromJson(pending.get().sites());
        model.addAttribute("pending", pending.get());
        model.addAttribute("connector", connectors.find(pending.get().connector()).orElseThrow());
        model.addAttribute("sites", sites);
        model.addAttribute("defaultSite", ArcjetProfile.defaultSite(sites));
        model.addAttribute("toolCount", ToolInfo.fromJson(pending.get().tools()).size());
        return "sources/name";
    }

    @PostMapping("/sources/pending/{id}/finish")
    String finish(@AuthenticationPrincipal SightlineUser user, @PathVariable String id, @RequestParam(defaultValue = "") String name,
                  @RequestParam(required = false) String site, RedirectAttributes redirect) {
        try {
            long dataSource = flow.finish(user, id, name, site);
            return "redirect:/sources/" + dataSource;
        } catch (ConnectionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addAttribute("id", id);
            return "redirect:/sources/pending/{id}";
        }
    }

    @PostMapping("/sources/custom")
    String custom(@AuthenticationPrincipal SightlineUser user, @RequestParam(defaultValue = "") String name, @RequestParam String url,
                  @RequestParam(defaultValue = "") String header, @RequestParam(defaultValue = "") String apiKey, RedirectAttributes redirect) {
        try {
            long id = flow.connectWithoutOAuth(user, name, url, header.strip(), apiKey);
            return "redirect:/sources/" + id;
        } catch (ConnectionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            // What was typed comes back to be corrected, but the key, and a URL with a query (where a key may be): flash
            // attributes pass through the stored session, and neither is put into a page again.
            redirect.addFlashAttribute("custom", Map.of("url", url.contains("?") ? "" : url, "name", name, "header", header));
            return "redirect:/sources/new/" + Connectors.CUSTOM;
        }
    }

    @GetMapping("/sources/{id}")
    String source(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, Model model) {
        var view = integrations.find(user, id);
        if (view.isEmpty()) {
            return "redirect:/sources";
        }
        if (!DataSources.DataSource.MCP.equals(view.get().kind())) {
            return business.page(user, view.get(), model);
        }
        model.addAttribute("source", view.get());
        model.addAttribute("connector", connectors.find(view.get().connector()).orElseThrow());
        // What questions about this vendor can rely on, checked against the live catalog each time the page shows.
        model.addAttribute("knowledge", sources.find(user, id)
                .flatMap(source -> knowledge.stream().map(k -> k.of(source)).flatMap(java.util.Optional::stream).findFirst()).orElse(null));
        return "sources/detail";
    }

    @PostMapping("/sources/{id}/test")
    String test(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, RedirectAttributes redirect) {
        try {
            var view = integrations.test(user, id);
            redirect.addFlashAttribute("notice", "Connection works: " + view.allowed().size() + " read-only tools available.");
        } catch (ConnectionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/sources/" + id;
    }

    @PostMapping("/sources/{id}/tools/{tool}/{action:block|unblock}")
    String block(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @PathVariable String tool, @PathVariable String action,
                 RedirectAttributes redirect) {
        try {
            integrations.setBlocked(user, id, tool, action.equals("block"));
            redirect.addFlashAttribute("notice", action.equals("block") ? tool + " is blocked for this data source." : tool + " is allowed again.");
        } catch (ConnectionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/sources/" + id;
    }

    @PostMapping("/sources/{id}/share")
    String share(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @RequestParam(defaultValue = "false") boolean shared,
                 RedirectAttributes redirect) {
        if (integrations.setShared(user, id, shared)) {
            redirect.addFlashAttribute("notice", shared
                    ? "Shared with the workspace: everyone in it can ask with this source, using your access. Only you (and admins) can disconnect it."
                    : "No longer shared: only you can ask with this source.");
        }
        return "redirect:/sources/" + id;
    }

    @PostMapping("/sources/{id}/disconnect")
    String disconnect(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, RedirectAttributes redirect) {
        boolean removed = integrations.disconnect(user, id);
        redirect.addFlashAttribute("notice", removed ? "Disconnected. The stored credentials were deleted." : "That integration no longer exists.");
        return "redirect:/settings/integrations";
    }

    @GetMapping("/settings/integrations")
    String settings(@AuthenticationPrincipal SightlineUser user, Model model) {
        var connections = integrations.overview(user);
        model.addAttribute("connections", connections);
        // Disconnecting warns first and names the tiles that read the source.
        Map<Long, String> warnings = new java.util.HashMap<>();
        List<Long> ids = connections.stream().map(c -> c.view().id()).toList();
        Map<Long, List<String>> reading = new java.util.HashMap<>();
        dependents.forEach(d -> d.of(user, ids).forEach((id, tiles) -> reading.computeIfAbsent(id, k -> new java.util.ArrayList<>()).addAll(tiles)));
        for (var c : connections) {
            List<String> tiles = reading.getOrDefault(c.view().id(), List.of());
            warnings.put(c.view().id(), "Disconnect " + c.view().name() + (c.mine() ? "" : " (connected by " + c.connectedBy() + ")")
                    + "? Its stored credentials are deleted." + (tiles.isEmpty() ? ""
                    : " These dashboard tiles read it and will show it is gone until the same account is connected again: " + String.join("; ", tiles) + "."));
        }
        model.addAttribute("disconnectWarnings", warnings);
        return "settings/integrations";
    }

    /**
     * Sightline's client ID metadata document: authorization servers that support them take this
     * URL as the client_id and read the redirect URI from here, so no registration is needed. Used
     * only when Sightline's public URL is https, since the vendor must be able to fetch it.
     */
    @ResponseBody
    @GetMapping(value = "/oauth/client-metadata.json", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> clientMetadata() {
        return Map.of("client_id", urls.clientMetadata(), "client_name", "Sightline", "redirect_uris", java.util.List.of(urls.callback()),
                "grant_types", java.util.List.of("authorization_code", "refresh_token"), "response_types", java.util.List.of("code"),
                "token_endpoint_auth_method", "none", "application_type", "web");
    }
}
