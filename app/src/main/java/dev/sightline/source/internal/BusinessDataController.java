package dev.sightline.source.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.sightline.account.SightlineUser;
import dev.sightline.source.DataSources;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Business data: Add data source → Files (upload, or a file of the server's folder in one click) or Databases
 * (PostgreSQL), then the source's page (detected types, the time column, other names for columns).
 * The same steps as JSON: {@link BusinessDataApiController}.
 */
@Controller
class BusinessDataController {

    private final BusinessSources business;
    private final Integrations integrations;
    private final DataSize maxFile;

    BusinessDataController(BusinessSources business, Integrations integrations, @Value("${spring.servlet.multipart.max-file-size}") DataSize maxFile) {
        this.business = business;
        this.integrations = integrations;
        this.maxFile = maxFile;
    }

    // ---- pages ----

    @GetMapping("/sources/new/files")
    String files(Model model) {
        model.addAttribute("folder", business.folderFiles());
        model.addAttribute("maxBytes", maxFile.toBytes());
        model.addAttribute("maxSize", maxFile.toMegabytes() + " MB");
        return "sources/files";
    }

    @GetMapping("/sources/new/databases")
    String databases() {
        return "sources/database";
    }

    @PostMapping("/sources/files")
    String upload(@AuthenticationPrincipal SightlineUser user, @RequestParam("file") MultipartFile file, @RequestParam(defaultValue = "") String name,
                  RedirectAttributes redirect) {
        return added(redirect, () -> withUpload(file, upload -> business.addFile(user, upload, file.getOriginalFilename(), name)));
    }

    @PostMapping("/sources/files/folder")
    String fromFolder(@AuthenticationPrincipal SightlineUser user, @RequestParam String file, RedirectAttributes redirect) {
        return added(redirect, () -> business.addFromFolder(user, file, BusinessSources.tableName(file).equals("acme-signups") ? "Acme sign-ups" : null));
    }

    /** A new file source's page with what the import noticed, or the Files tab again with why nothing was added. */
    private static String added(RedirectAttributes redirect, java.util.function.Supplier<BusinessSources.FileView> step) {
        try {
            BusinessSources.FileView view = step.get();
            redirect.addFlashAttribute("notice", "Added " + Texts.number(view.table().rows()) + " rows of " + view.fileName() + ". Check the types read below.");
            redirect.addFlashAttribute("warnings", view.warnings());
            return "redirect:/sources/" + view.id();
        } catch (ConnectionException | DataSources.ToolCallException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/sources/new/files";
        }
    }

    @PostMapping("/sources/{id}/file")
    String replace(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @RequestParam("file") MultipartFile file, RedirectAttributes redirect) {
        try {
            BusinessSources.FileView view = withUpload(file, upload -> business.replaceFile(user, id, upload, file.getOriginalFilename()));
            redirect.addFlashAttribute("notice", "Replaced with " + Texts.number(view.table().rows()) + " rows of " + view.fileName() + ". Pinned charts use the new data.");
            redirect.addFlashAttribute("warnings", view.warnings());
        } catch (ConnectionException | DataSources.ToolCallException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/sources/" + id;
    }

    @PostMapping("/sources/databases")
    String database(@AuthenticationPrincipal SightlineUser user, @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String host,
                    @RequestParam(required = false) Integer port, @RequestParam(defaultValue = "") String database, @RequestParam(defaultValue = "") String username,
                    @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String schema,
                    @RequestParam(defaultValue = "require") String sslMode, RedirectAttributes redirect) {
        try {
            DatabaseSettings settings = DatabaseSettings.of(null, host, port, database, username, schema, sslMode);
            long id = business.addDatabase(user, name, settings, password, List.of());
            redirect.addFlashAttribute("notice", "Connected read-only. Pick the tables questions may read.");
            return "redirect:/sources/" + id;
        } catch (ConnectionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("form", Map.of("name", name, "host", host, "port", port == null ? "" : port, "database", database, "username", username,
                    "schema", schema, "sslMode", sslMode));
            return "redirect:/sources/new/databases";
        }
    }

    @PostMapping("/sources/{id}/tables")
    String expose(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @RequestParam(name = "table", required = false) List<String> picked,
                  RedirectAttributes redirect) {
        return change(id, redirect, () -> business.expose(user, id, picked == null ? List.of() : picked), "Saved: questions may read the tables ticked.");
    }

    @PostMapping("/sources/{id}/columns")
    String column(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @RequestParam(required = false) String table, @RequestParam String column,
                  @RequestParam(required = false) String type, @RequestParam(required = false) String synonyms,
                  @RequestParam(defaultValue = "false") boolean emptyWhatDoesNotFit, RedirectAttributes redirect) {
        return change(id, redirect, () -> {
            if (type != null && !type.isBlank()) {
                business.setType(user, id, column, type, emptyWhatDoesNotFit);
            }
            if (synonyms != null) {
                business.setSynonyms(user, id, table, column, synonyms);
            }
        }, "Saved column " + column + ".");
    }

    @PostMapping("/sources/{id}/time-column")
    String time(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @RequestParam(required = false) String table, @RequestParam String column,
                RedirectAttributes redirect) {
        return change(id, redirect, () -> business.setTimeColumn(user, id, table, column), column + " now says when each row happened.");
    }

    private static String change(long id, RedirectAttributes redirect, Runnable step, String notice) {
        try {
            step.run();
            redirect.addFlashAttribute("notice", notice);
        } catch (ConnectionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/sources/" + id;
    }

    /** The business source's page; MCP servers have theirs in {@link DataSourcesController}. */
    String page(SightlineUser user, Integrations.View view, Model model) {
        model.addAttribute("source", view);
        List<DataSources.Table> exposed = business.tablesOf(view.id());
        model.addAttribute("tables", exposed);
        model.addAttribute("types", BusinessSources.TYPES);
        model.addAttribute("typeNames", BusinessSources.TYPE_NAMES);
        model.addAttribute("maxBytes", maxFile.toBytes());
        if (DataSourceRecord.FILE.equals(view.connector())) {
            try {
                model.addAttribute("preview", business.view(user, view.id(), List.of()).map(BusinessSources.FileView::preview).orElse(List.of()));
            } catch (ConnectionException | DataSources.ToolCallException e) {
                model.addAttribute("error", e.getMessage());
                model.addAttribute("preview", List.of());
            }
        } else {
            try {
                model.addAttribute("live", business.liveTables(user, view.id()));
            } catch (ConnectionException e) {
                model.addAttribute("error", e.getMessage());
                model.addAttribute("live", List.of());
            }
        }
        model.addAttribute("exposedNames", exposed.stream().map(DataSources.Table::name).toList());
        return "sources/business";
    }

    interface Step<T> {
        T run(Path upload);
    }

    /** The upload on disk for the step, removed after it whatever happens; too big or empty is refused first. */
    <T> T withUpload(MultipartFile file, Step<T> step) {
        if (file == null || file.isEmpty()) {
            throw new ConnectionException("The file is empty: there is nothing to add.");
        }
        if (file.getSize() > maxFile.toBytes()) {
            throw new ConnectionException("The file is " + file.getSize() / 1_048_576 + " MB; files up to " + maxFile.toMegabytes() + " MB can be added.");
        }
        FileImports.kind(file.getOriginalFilename());
        Path upload = null;
        try {
            upload = Files.createTempFile("sightline-upload-", ".part");
            file.transferTo(upload);
            return step.run(upload);
        } catch (IOException e) {
            throw new ConnectionException("The upload could not be read: " + e.getMessage());
        } finally {
            if (upload != null) {
                try {
                    Files.deleteIfExists(upload);
                } catch (IOException e) {
                    // The temporary directory is cleaned by the system.
                }
            }
        }
    }

}
