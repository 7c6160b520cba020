package dev.sightline.ask.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.sightline.account.SightlineUser;
import dev.sightline.account.Workspaces;
import dev.sightline.ask.Analyses;
import dev.sightline.ask.Analysis;
import dev.sightline.source.DataSources;
import jakarta.annotation.PreDestroy;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/** The Ask page: pick a source, type a question, watch the steps run, read the answer card. */
@Controller
class AskController {

    private final Analyses analyses;
    private final DataSources dataSources;
    private final Workspaces workspaces;
    private final ExecutorService streams = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ask-stream");
        t.setDaemon(true);
        return t;
    });

    AskController(Analyses analyses, DataSources dataSources, Workspaces workspaces) {
        this.analyses = analyses;
        this.dataSources = dataSources;
        this.workspaces = workspaces;
    }

    @GetMapping("/ask")
    String ask(@AuthenticationPrincipal SightlineUser user, @RequestParam(required = false) String id, @RequestParam(required = false) String q, Model model) {
        List<DataSources.DataSource> sources = dataSources.list(user);
        model.addAttribute("sources", sources);
        model.addAttribute("suggested", sources.stream().map(s -> Semantics.of(s.connector()).filter(sem -> sem.fits(s))).flatMap(java.util.Optional::stream)
                .findFirst().map(Semantics::suggestedQuestions).orElse(List.of()));
        ZoneId zone = workspaces.timeZone(user.workspaceId());
        model.addAttribute("recent", analyses.recent(user, 8));
        model.addAttribute("zone", zone);
        model.addAttribute("question", q == null ? "" : q);
        if (id != null) {
            analyses.find(user, id).ifPresent(a -> {
                model.addAttribute("analysis", a);
                model.addAttribute("answerHtml", a.answer().html());
                if (a.period() != null) {
                    model.addAttribute("periodText", Formats.period(a.period().start(), a.period().end(), zone));
                }
                model.addAttribute("chartJson", JsonMapper.shared().writeValueAsString(a.chart().option()));
            });
        }
        return "ask/ask";
    }

    @PostMapping("/ask")
    String submit(@AuthenticationPrincipal SightlineUser user, @RequestParam(defaultValue = "") String question,
                  @RequestParam(required = false) String suggestion, @RequestParam(required = false) Long dataSourceId) {
        // A suggestion chip is a submit button of its own: it works before (or without) JavaScript.
        Analysis analysis = analyses.ask(user, suggestion != null && !suggestion.isBlank() ? suggestion : question, dataSourceId == null ? List.of() : List.of(dataSourceId), false, Analyses.Progress.NONE);
        return "redirect:/ask?id=" + analysis.id();
    }

    /** The same as the form, with progress as server-sent events: planning, each tool call, composing, then the result's id. */
    @GetMapping(value = "/ask/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@AuthenticationPrincipal SightlineUser user, @RequestParam String question, @RequestParam(required = false) Long dataSourceId) {
        SseEmitter emitter = new SseEmitter(120_000L);
        streams.submit(() -> {
            try {
                Analysis analysis = analyses.ask(user, question, dataSourceId == null ? List.of() : List.of(dataSourceId), false, (stage, detail) -> {
                    try {
                        emitter.send(SseEmitter.event().name(stage).data(detail, MediaType.APPLICATION_JSON));
                    } catch (IOException e) {
                        // The browser went away; the analysis still finishes and is stored.
                    }
                });
                emitter.send(SseEmitter.event().name("result").data(Map.of("id", analysis.id()), MediaType.APPLICATION_JSON));
                emitter.complete();
            } catch (Exception e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }

    @GetMapping("/ask/{id}/table.csv")
    ResponseEntity<byte[]> csv(@AuthenticationPrincipal SightlineUser user, @PathVariable String id) {
        return analyses.find(user, id).map(a -> ResponseEntity.ok()
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"sightline-" + id + ".csv\"")
                        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                        .body(a.table().toCsv().getBytes(StandardCharsets.UTF_8)))
                .orElse(ResponseEntity.notFound().build());
    }

    /** Answer text with **bold** numbers: escaped first, so nothing from a tool can inject markup. */
    @PreDestroy
    void stop() {
        streams.shutdownNow();
    }
}
