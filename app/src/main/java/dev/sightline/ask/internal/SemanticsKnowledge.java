package dev.sightline.ask.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.sightline.source.DataSources;
import org.springframework.stereotype.Component;

/**
 * A vendor's semantics file as the source page shows it: whether it fits the source's live
 * catalog (the same check a question makes), what questions can be about, and questions to try.
 */
@Component
class SemanticsKnowledge implements DataSources.Knowledge {

    @Override
    public Optional<DataSources.KnowledgeReport> of(DataSources.DataSource source) {
        return Semantics.of(source.connector()).map(s -> {
            List<String> topics = new ArrayList<>();
            s.measures().values().forEach(m -> topics.add(m.label()));
            s.dimensions().keySet().forEach(d -> topics.add("top " + Regex.replaceAll(Formats.words(d), "y$", "ie") + "s"));
            s.lookups().keySet().forEach(l -> topics.add("one " + Formats.words(l)));
            s.reports().keySet().forEach(r -> topics.add(Formats.words(r) + " report"));
            return new DataSources.KnowledgeReport(s.vendor(), s.mismatches(source), List.copyOf(topics), s.suggestedQuestions());
        });
    }
}
