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
import dev.sightline.web.ApiError;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/** The Ask page: pick a source, type a question, watch the steps run, read the answer card. */
@Controller
class AskController {

    private static final Logger log = LoggerFactory.getLogger(AskController.class);

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
        if (q != null || !model.containsAttribute("question")) {
            // A refused question comes back as a flash attribute, so it can be corrected rather than typed again.
            model.addAttribute("question", q == null ? "" : q);
        }
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
                  @RequestParam(required = false) String suggestion, @RequestParam(required = false) Long dataSourceId, RedirectAttributes redirect) {
        // A suggestion chip is a submit button of its own: it works before (or without) JavaScript.
        String asked = suggestion != null && !suggestion.isBlank() ? suggestion : question;
        try {
            Questions.checked(asked);
        } catch (Questions.Refused e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("question", asked.strip());
            return "redirect:/ask";
        }
        Analysis analysis = analyses.ask(user, asked, dataSourceId == null ? List.of() : List.of(dataSourceId), false, Analyses.Progress.NONE);
        return "redirect:/ask?id=" + analysis.id();
    }

    /**
     * The same as the form, with progress as server-sent events: planning, each tool call, composing,
     * then the result's id. A POST like the form, since it calls the sources and stores the answer;
     * the page reads it with fetch(), which, unlike EventSource, can post and send the CSRF token.
     */
    @PostMapping("/ask/stream")
    SseEmitter stream(@AuthenticationPrincipal SightlineUser user, @RequestParam(defaultValue = "") String question,
                      @RequestParam(required = false) Long dataSourceId) {
        String asked = Questions.checked(question);
        return stream(user, asked, dataSourceId == null ? List.of() : List.of(dataSourceId), false);
    }

    /** A checked question answered on a thread of its own while its progress streams to the caller. */
    SseEmitter stream(SightlineUser user, String question, List<Long> dataSourceIds, boolean fresh) {
        SseEmitter emitter = new SseEmitter(120_000L);
        streams.submit(() -> {
            Analysis analysis;
            try {
                // A client that went away misses the events; the analysis still finishes and is stored.
                analysis = analyses.ask(user, question, dataSourceIds, fresh, (stage, detail) -> send(emitter, stage, detail));
            } catch (RuntimeException e) {
                // The stream is already open with 200, so the failure is an event of its own; the detail stays in the log.
                log.error("Answering a streamed question failed", e);
                send(emitter, "error", Map.of("message", "Something went wrong on our side. Try again; if it persists, check the server log."));
                complete(emitter);
                return;
            }
            send(emitter, "result", Map.of("id", analysis.id()));
            complete(emitter);
        });
        return emitter;
    }

    private static void send(SseEmitter emitter, String name, Object data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            // The client went away, or the stream timed out.
        }
    }

    private static void complete(SseEmitter emitter) {
        try {
            emitter.complete();
        } catch (IllegalStateException e) {
            // Already ended by a disconnect or a timeout.
        }
    }

    /** A refused question on the stream: a JSON message the page shows, before any event is sent. */
    @ExceptionHandler(Questions.Refused.class)
    ResponseEntity<ApiError> refused(Questions.Refused e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(new ApiError("invalid_question", e.getMessage()));
    }

    @GetMapping("/ask/{id}/table.csv")
    ResponseEntity<byte[]> csv(@AuthenticationPrincipal SightlineUser user, @PathVariable String id) {
        return analyses.find(user, id).map(a -> ResponseEntity.ok()
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"sightline-" + id + ".csv\"")
                        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                        .body(a.table().toCsv().getBytes(StandardCharsets.UTF_8)))
                .orElse(ResponseEntity.notFound().build());
    }

    @PreDestroy
    void stop() {
        streams.shutdownNow();
    }
}
