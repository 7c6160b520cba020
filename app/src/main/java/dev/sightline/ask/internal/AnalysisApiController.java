package dev.sightline.ask.internal;

import java.util.List;

import dev.sightline.account.SightlineUser;
import dev.sightline.ask.Analyses;
import dev.sightline.ask.Analysis;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code POST /api/analyses}, {@code GET /api/analyses/{id}}, and {@code POST /api/analyses/stream}: the same with progress events. */
@RestController
class AnalysisApiController {

    private final Analyses analyses;
    private final AskController page;

    AnalysisApiController(Analyses analyses, AskController page) {
        this.analyses = analyses;
        this.page = page;
    }

    record AskRequest(String question, List<Long> dataSourceIds, Boolean fresh) {
    }

    @PostMapping("/api/analyses")
    Analysis ask(@AuthenticationPrincipal SightlineUser user, @RequestBody AskRequest request) {
        return analyses.ask(user, checked(request.question()), request.dataSourceIds(), Boolean.TRUE.equals(request.fresh()), Analyses.Progress.NONE);
    }

    @GetMapping("/api/analyses/{id}")
    Analysis get(@AuthenticationPrincipal SightlineUser user, @PathVariable String id) {
        return analyses.find(user, id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such analysis."));
    }

    /**
     * The same body as {@code POST /api/analyses}, answered as server-sent events; a POST, since it
     * calls the sources and stores the answer. No {@code produces} condition: the answer is always a
     * stream, and a refusal is JSON whatever the client said it accepts.
     */
    @PostMapping("/api/analyses/stream")
    SseEmitter stream(@AuthenticationPrincipal SightlineUser user, @RequestBody AskRequest request) {
        // Checked before the stream opens, so a refusal is a 400 with a JSON message rather than an event.
        return page.stream(user, checked(request.question()), request.dataSourceIds() == null ? List.of() : request.dataSourceIds(),
                Boolean.TRUE.equals(request.fresh()));
    }

    private static String checked(String question) {
        try {
            return Questions.checked(question);
        } catch (Questions.Refused e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }
}
