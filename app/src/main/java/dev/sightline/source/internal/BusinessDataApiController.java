package dev.sightline.source.internal;

import java.util.List;
import java.util.Map;

import dev.sightline.account.SightlineUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * Business data as JSON (API token or session): upload a file or add it again, add a PostgreSQL
 * database, correct a column's type, name its synonyms, mark the time column. Never returns a secret.
 */
@RestController
class BusinessDataApiController {

    private final BusinessSources business;
    private final Integrations integrations;
    private final SourceJson json;
    private final BusinessDataController pages;

    BusinessDataApiController(BusinessSources business, Integrations integrations, SourceJson json, BusinessDataController pages) {
        this.business = business;
        this.integrations = integrations;
        this.json = json;
        this.pages = pages;
    }


    @PostMapping("/api/datasources/files")
    ResponseEntity<Map<String, Object>> apiUpload(@AuthenticationPrincipal SightlineUser user, @RequestParam("file") MultipartFile file,
                                                  @RequestParam(defaultValue = "") String name) {
        BusinessSources.FileView view = api(() -> pages.withUpload(file, upload -> business.addFile(user, upload, file.getOriginalFilename(), name)));
        return ResponseEntity.status(HttpStatus.CREATED).body(fileJson(user, view));
    }

    @PostMapping("/api/datasources/{id}/file")
    Map<String, Object> apiReplace(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @RequestParam("file") MultipartFile file) {
        integrations.find(user, id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such data source."));
        return fileJson(user, api(() -> pages.withUpload(file, upload -> business.replaceFile(user, id, upload, file.getOriginalFilename()))));
    }

    /** {"file","name"?}: a file of the server's folder, by its name as GET /api/datasources/files/folder lists it. */
    record FolderRequest(String file, String name) {
    }

    @org.springframework.web.bind.annotation.GetMapping("/api/datasources/files/folder")
    List<BusinessSources.FolderFile> folder() {
        return business.folderFiles();
    }

    @PostMapping("/api/datasources/files/folder")
    ResponseEntity<Map<String, Object>> apiFromFolder(@AuthenticationPrincipal SightlineUser user, @RequestBody FolderRequest request) {
        BusinessSources.FileView view = api(() -> business.addFromFolder(user, request.file() == null ? "" : request.file(), request.name()));
        return ResponseEntity.status(HttpStatus.CREATED).body(fileJson(user, view));
    }

    /** {"name","url"|"host","port","database","user","password","schema"?,"sslMode"?,"tables"?}: tables null exposes every table of the schema. */
    record DatabaseRequest(String name, String url, String host, Integer port, String database, String user, String password, String schema,
                           String sslMode, List<String> tables) {
    }

    @PostMapping("/api/datasources/databases")
    ResponseEntity<Map<String, Object>> apiDatabase(@AuthenticationPrincipal SightlineUser user, @RequestBody DatabaseRequest request) {
        long id = api(() -> business.addDatabase(user, request.name(), DatabaseSettings.of(request.url(), request.host(), request.port(), request.database(),
                request.user(), request.schema(), request.sslMode()), request.password(), request.tables()));
        return ResponseEntity.status(HttpStatus.CREATED).body(json.of(integrations.find(user, id).orElseThrow()));
    }

    /** {"timeColumn"?, "columns"?: {"name": {"type"?, "synonyms"?: [..]}}}. */
    record TableChange(String timeColumn, Map<String, ColumnChange> columns) {
    }

    record ColumnChange(String type, List<String> synonyms) {
    }

    @PatchMapping("/api/datasources/{id}/tables/{table}")
    Map<String, Object> apiTable(@AuthenticationPrincipal SightlineUser user, @PathVariable long id, @PathVariable String table, @RequestBody TableChange change) {
        Integrations.View view = integrations.find(user, id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such data source."));
        api(() -> {
            if (change.columns() != null) {
                // Every type change is checked before any is made: a refused one leaves the table as it was, not half changed.
                change.columns().forEach((column, c) -> {
                    if (c == null) {
                        throw new ConnectionException("columns." + Texts.shorten(column, 60) + ": give a type, synonyms or both.");
                    }
                    business.checkColumn(user, id, table, column);
                    if (c.type() != null) {
                        business.checkType(user, id, column, c.type());
                    }
                });
                change.columns().forEach((column, c) -> {
                    if (c.type() != null) {
                        business.setType(user, id, column, c.type(), false);
                    }
                    if (c.synonyms() != null) {
                        business.setSynonyms(user, id, table, column, String.join(",", c.synonyms()));
                    }
                });
            }
            if (change.timeColumn() != null) {
                business.setTimeColumn(user, id, table, change.timeColumn());
            }
            return null;
        });
        return json.of(integrations.find(user, id).orElse(view));
    }

    private Map<String, Object> fileJson(SightlineUser user, BusinessSources.FileView view) {
        Map<String, Object> body = json.of(integrations.find(user, view.id()).orElseThrow());
        body.put("preview", view.preview());
        body.put("warnings", view.warnings());
        return body;
    }

    private static <T> T api(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (ConnectionException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }
}
