package dev.sightline.ask.internal;

import java.util.List;

import dev.sightline.account.SightlineUser;
import dev.sightline.ask.Analyses;
import dev.sightline.ask.Analysis;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code POST /api/analyses}, {@code GET /api/analyses/{id}}, and the SSE form with progress events. */
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
        if (request.question() == null || request.question().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Send a question.");
        }
        return analyses.ask(user, request.question(), request.dataSourceIds(), Boolean.TRUE.equals(request.fresh()), Analyses.Progress.NONE);
    }

    @GetMapping("/api/analyses/{id}")
    Analysis get(@AuthenticationPrincipal SightlineUser user, @PathVariable String id) {
        return analyses.find(user, id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such analysis."));
    }

    @GetMapping(value = "/api/analyses/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@AuthenticationPrincipal SightlineUser user, @RequestParam String question, @RequestParam(required = false) Long dataSourceId) {
        return page.stream(user, question, dataSourceId);
    }
}
